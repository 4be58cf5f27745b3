use wasmbin::Wasmbin;

#[derive(Wasmbin)]
#[wasmbin(discriminant = 0x100)]
struct Tagged(u32);

fn main() {}
