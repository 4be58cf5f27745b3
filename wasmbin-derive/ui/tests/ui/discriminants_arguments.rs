use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants(byte)]
#[derive(Wasmbin)]
enum Kind {
    A = 0x01,
}

fn main() {}
