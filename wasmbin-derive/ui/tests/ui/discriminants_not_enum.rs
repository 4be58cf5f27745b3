use wasmbin::wasmbin_discriminants;

#[wasmbin_discriminants]
struct Kind {
    a: u32,
}

fn main() {}
