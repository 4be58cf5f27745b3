use wasmbin::{wasmbin_discriminants, Wasmbin};

// All problems of a type are reported at once.
#[wasmbin_discriminants]
#[derive(Wasmbin)]
#[wasmbin(leb, what = "kind")]
enum Kind {
    A = 0x01,
    B = 0x01,
    Other(u8, u8),
}

fn main() {}
