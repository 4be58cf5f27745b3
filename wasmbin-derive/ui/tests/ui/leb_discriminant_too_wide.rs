use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
#[wasmbin(leb_discriminant)]
enum Kind {
    A = 0x1_0000_0000,
}

fn main() {}
