use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
enum Kind {
    A = 0x01,
    B = 0x02,
    C = 0x01,
}

fn main() {}
