//! Intentionally empty. It exists for the `[build-dependencies]` entry in Cargo.toml: that
//! entry asks for wasmbin with the tests' features on the build-tool side too, where the
//! `TextMessage` derive's host uses wasmbin. With the same features (and, through the root
//! manifest's profile, the same optimisation level) cargo builds one wasmbin for both sides
//! instead of two.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
