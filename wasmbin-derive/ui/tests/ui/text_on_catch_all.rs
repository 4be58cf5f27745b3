use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
enum Op {
    #[wasmbin(text = "nop")]
    Nop = 0x01,
    #[wasmbin(text = "other")]
    Other(u8),
}

fn main() {}
