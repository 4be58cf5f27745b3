use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
enum Op {
    #[wasmbin(text = "nop")]
    Nop = 0x01,
    Drop = 0x1A,
}

fn main() {}
