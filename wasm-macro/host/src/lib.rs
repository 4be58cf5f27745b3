//! Loads, checks and runs text codec plugins: WebAssembly modules that generate the
//! `Display` and `FromStr` impls of `#[derive(TextMessage)]` (ABI version 2, described in
//! `wasm-macro/README.md`).
//!
//! - [`check_plugin`] checks a module with wasmbin before any runtime sees it: no imports,
//!   no start function, the ABI's exports with their signatures, and the
//!   `text-codec-metadata` section. Every problem is listed in one [`PluginCheckError`].
//! - [`Plugin`] compiles a checked module with wasmi (once per process with
//!   [`Plugin::cached`]) and runs each expansion in a fresh instance under [`Limits`].
//! - [`derive_text_message`] is the whole derive as a function of token streams; the
//!   `text-message` proc-macro crate only calls it.
//!
//! ```
//! use text_codec_host::{check_plugin, Problem};
//! // A module with one import and nothing else.
//! let wasm = b"\0asm\x01\0\0\0\x02\x0f\x01\x03env\x06memory\x02\x00\x01";
//! let error = check_plugin(wasm).unwrap_err();
//! assert!(error.problems.contains(&Problem::Import { module: "env".into(), name: "memory".into() }));
//! assert!(error.to_string().contains("it imports `env.memory`"));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod cache;
mod check;
mod deps;
mod derive;
mod output;
mod request;
mod run;

pub use check::{
    abi_exports, check_plugin, is_valid_codec_name, Need, PluginCheckError, PluginMetadata,
    Problem, ABI_VERSION, METADATA_SECTION,
};
pub use deps::Dependencies;
pub use derive::{
    codec_file_name, derive_text_message, derive_text_message_with, Options, BUILTIN_CODECS,
    MAX_PLUGIN_FILE_BYTES, USER_CODEC_DIR,
};
pub use output::{
    max_nesting, BUILD_TIME_IO_MACROS, MAX_ANGLE_NESTING, MAX_NESTING, MAX_OPERATOR_CHAIN,
};
pub use request::Request;
pub use run::{ExpandError, Limits, LoadError, Plugin};
