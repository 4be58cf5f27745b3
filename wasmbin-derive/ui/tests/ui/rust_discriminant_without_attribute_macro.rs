use wasmbin::Wasmbin;

#[derive(Wasmbin)]
enum Kind {
    A = 0x01,
}

fn main() {}
