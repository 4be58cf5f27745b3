use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
#[wasmbin(leb_discriminant)]
enum Kind {
    A = 0,
    Other(u32),
}

fn main() {}
