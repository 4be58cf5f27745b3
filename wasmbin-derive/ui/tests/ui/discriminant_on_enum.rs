use wasmbin::Wasmbin;

#[derive(Wasmbin)]
#[wasmbin(discriminant = 0x60)]
enum Kind {
    #[wasmbin(discriminant = 0x01)]
    A,
}

fn main() {}
