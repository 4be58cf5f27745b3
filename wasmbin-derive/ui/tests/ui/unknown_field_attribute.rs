use wasmbin::Wasmbin;

#[derive(Wasmbin)]
struct Data {
    #[wasmbin(arbitrary = Vec<u8>)]
    bytes: Vec<u8>,
}

fn main() {}
