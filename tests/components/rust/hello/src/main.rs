//! An ordinary binary: on wasm32-wasip2 it becomes a `wasi:cli/command` component.
fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "world".into());
    println!("hello, {name}");
}
