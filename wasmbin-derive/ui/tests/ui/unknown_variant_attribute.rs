use wasmbin::Wasmbin;

#[derive(Wasmbin)]
enum Kind {
    #[wasmbin(discriminant = 0x01, hot)]
    A,
}

fn main() {}
