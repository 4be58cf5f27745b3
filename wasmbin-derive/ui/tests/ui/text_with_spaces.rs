use wasmbin::{wasmbin_discriminants, Wasmbin};

#[wasmbin_discriminants]
#[derive(Wasmbin)]
enum Op {
    #[wasmbin(text = "i32.const 0")]
    Zero = 0x01,
}

fn main() {}
