use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants(accessor = kind)]
#[derive(Wasmbin)]
enum Op {
    Nop = 0x01,
    Wide = 0xFC_0001,
}

fn main() {}
