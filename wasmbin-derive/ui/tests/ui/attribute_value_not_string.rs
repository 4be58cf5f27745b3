use wasmbin::Wasmbin;

#[derive(Wasmbin)]
#[wasmbin(what = kind)]
enum Kind {
    #[wasmbin(discriminant = 0x01)]
    A,
}

fn main() {}
