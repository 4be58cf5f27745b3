use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
enum Kind {
    A = 0xFC_0001,
    B = 0x1FC_0001,
}

fn main() {}
