use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
enum Kind {
    A = 0x01,
    Other(u8, u8),
}

fn main() {}
