use wasmbin::{Visit, Wasmbin};

// Reported once although both derives read it.
#[derive(Wasmbin, Visit)]
#[wasmbin(hott)]
struct Index(u32);

fn main() {}
