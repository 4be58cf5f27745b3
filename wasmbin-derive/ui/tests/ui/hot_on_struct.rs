use wasmbin::Wasmbin;

#[derive(Wasmbin)]
#[wasmbin(hot)]
struct Index(u32);

fn main() {}
