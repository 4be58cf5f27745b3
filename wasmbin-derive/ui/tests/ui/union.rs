use wasmbin::Wasmbin;

#[derive(Wasmbin)]
union Bits {
    a: u32,
    b: f32,
}

fn main() {}
