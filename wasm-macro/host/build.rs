//! No build step: the script exists so that cargo gives this crate an `OUT_DIR` (under the
//! target directory of whatever crate is being built), where the derive keeps its cache of
//! expansions (`src/cache.rs`).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
}
