use wasmbin::Wasmbin;

#[derive(Wasmbin)]
#[wasmbin(what = "kind")]
#[wasmbin(what = "sort")]
enum Kind {
    #[wasmbin(discriminant = 0x01)]
    A,
}

fn main() {}
