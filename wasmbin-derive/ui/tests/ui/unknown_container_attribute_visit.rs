use wasmbin::Visit;

// `#[derive(Visit)]` alone checks the attributes too.
#[derive(Visit)]
#[wasmbin(crate = ::wasmbin, whatt = "index")]
struct Index(u32);

fn main() {}
