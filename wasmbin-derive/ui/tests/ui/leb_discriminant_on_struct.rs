use wasmbin::Wasmbin;

#[derive(Wasmbin)]
#[wasmbin(leb_discriminant)]
struct Index(u32);

fn main() {}
