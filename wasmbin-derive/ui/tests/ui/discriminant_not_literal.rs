use wasmbin::Wasmbin;

const A: u8 = 1;

#[derive(Wasmbin)]
enum Kind {
    #[wasmbin(discriminant = A)]
    A,
}

fn main() {}
