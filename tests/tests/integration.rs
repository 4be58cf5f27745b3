//! The integration tests, one module per file of this folder, in one test binary: linking
//! wasmbin and the oracles (wasmparser, wast, wasm-encoder, wasm-smith, wit-component) once
//! instead of once per file keeps a fresh `cargo test --workspace` short. Run one part with a
//! filter, e.g. `cargo test -p wasmbin-tests --test integration -- component::`.
//!
//! Two files are binaries of their own: `memory.rs` installs a counting global allocator,
//! and `spec.rs` has its own `main` (`harness = false`).

// Oracles that several modules use.
#[path = "support/custom_oracle.rs"]
mod custom_oracle;
#[path = "support/wasmprinter_oracle.rs"]
mod wasmprinter_oracle;

mod adversarial;
mod component;
mod control_flow;
mod corpus;
mod custom_derive;
mod custom_sections;
mod errors;
mod fuzz_regressions;
mod module_api;
mod operators;
mod parallel;
mod primitives;
mod proposals;
mod renumbering;
mod serde;
mod sizes;
mod smith;
mod stack_switching;
mod text;
mod validate;
