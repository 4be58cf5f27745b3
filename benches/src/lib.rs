//! Measuring wasmbin against its peers: the functions that do each job with each library
//! ([`peers`]), the list of modes and who takes part in each ([`modes`]), deterministic inputs
//! that need no download ([`synthetic`]), and the real-world corpus ([`corpus_files`]).
//!
//! The `compare` binary prints one table of all of it; the criterion benches in `benches/`
//! run the same functions. See README.md in this crate.
//!
//! Everything that involves a peer needs the `peers` feature; without it only the inputs
//! ([`synthetic`], [`corpus_files`]) are here.

#[cfg(feature = "peers")]
pub mod add_import;
#[cfg(feature = "peers")]
pub mod components;
#[cfg(feature = "peers")]
pub mod peers;
pub mod synthetic;

use std::path::{Path, PathBuf};

#[cfg(feature = "peers")]
/// A job done by one library on one input; see [`peers`].
pub type RunFn = fn(Vec<u8>) -> peers::Outcome;

#[cfg(feature = "peers")]
/// One library's way of doing a mode's job.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Library (and variant) name as printed.
    pub library: &'static str,
    /// The job.
    pub run: RunFn,
    /// Whether this is the wasmbin row that the others are compared with.
    pub baseline: bool,
}

#[cfg(feature = "peers")]
/// A mode: what every library in it is asked to do with a module.
#[derive(Debug, Clone)]
pub struct Mode {
    /// Short name, used on the command line (`--modes`).
    pub name: &'static str,
    /// What the mode measures.
    pub description: &'static str,
    /// The participants; exactly one has `baseline` set.
    pub entries: Vec<Entry>,
}

#[cfg(feature = "peers")]
impl Mode {
    /// Whether this mode takes `bytes`: the `component…` modes run on components, the
    /// others on modules.
    pub fn runs_on(&self, bytes: &[u8]) -> bool {
        self.name.starts_with("component") == components::is_component(bytes)
    }
}

#[cfg(feature = "peers")]
fn entry(library: &'static str, run: RunFn) -> Entry {
    Entry {
        library,
        run,
        baseline: false,
    }
}

#[cfg(feature = "peers")]
fn baseline(run: RunFn) -> Entry {
    Entry {
        library: "wasmbin",
        run,
        baseline: true,
    }
}

#[cfg(feature = "peers")]
/// The modes, in the order they are printed.
pub fn modes() -> Vec<Mode> {
    use peers::*;
    vec![
        Mode {
            name: "lazy",
            description: "lazy decode + encode of the untouched module",
            entries: vec![
                baseline(wasmbin_now::lazy_roundtrip),
                entry("wasmbin 0.10", wasmbin_010::lazy_roundtrip),
                entry(
                    "wasmparser sections → wasm-encoder RawSection",
                    wasmparser_read::raw_sections,
                ),
                entry("one copy of the input (the floor)", one_copy),
            ],
        },
        Mode {
            name: "decode",
            description: "full decode of every section and function body",
            entries: vec![
                baseline(wasmbin_now::full_decode),
                entry("wasmbin 0.10", wasmbin_010::full_decode),
                entry("wasmparser Operator", wasmparser_read::operators_all),
                entry("wasmparser no-op visitor", wasmparser_read::noop_visitor),
                entry(
                    "wasmparser → Vec<wasm_encoder::Instruction>",
                    wasmparser_read::into_instructions,
                ),
                entry("walrus", walrus_ir::full_decode),
            ],
        },
        Mode {
            name: "roundtrip",
            description: "full decode + re-encode of everything",
            entries: vec![
                baseline(wasmbin_now::full_roundtrip),
                entry("wasmbin 0.10", wasmbin_010::full_roundtrip),
                entry(
                    "wasm-encoder RoundtripReencoder",
                    wasm_encoder_reencode::full_roundtrip,
                ),
                entry("walrus", walrus_ir::full_roundtrip),
            ],
        },
        Mode {
            name: "unchanged-edit",
            description: "every part borrowed mutably, nothing changed, then encode (the cost of changes-only encoding)",
            entries: vec![
                baseline(wasmbin_now::unchanged_edit),
                entry(
                    "wasmbin, originals forgotten (the roundtrip job)",
                    wasmbin_now::full_roundtrip,
                ),
                entry(
                    "wasm-encoder RoundtripReencoder",
                    wasm_encoder_reencode::full_roundtrip,
                ),
            ],
        },
        Mode {
            name: "component-lazy",
            description: "components: lazy decode + encode of the untouched component",
            entries: vec![
                baseline(components::wasmbin_lazy),
                entry(
                    "wasmparser sections → wasm-encoder RawSection",
                    components::raw_sections,
                ),
                entry("one copy of the input (the floor)", one_copy),
                entry(
                    "wasmparser, every payload (nested modules' operators too)",
                    components::wasmparser_read,
                ),
            ],
        },
        Mode {
            name: "component-decode",
            description: "components: full decode, nested modules' bodies included",
            entries: vec![
                baseline(components::wasmbin_decode),
                entry(
                    "wasmparser, every payload (nested modules' operators too)",
                    components::wasmparser_read,
                ),
            ],
        },
        Mode {
            name: "component-roundtrip",
            description: "components: full decode + re-encode of everything",
            entries: vec![
                baseline(components::wasmbin_roundtrip),
                entry(
                    "wasm-encoder component RoundtripReencoder",
                    components::reencoder_roundtrip,
                ),
            ],
        },
        Mode {
            name: "add-import",
            description: "add one imported function and renumber, then encode",
            entries: vec![
                baseline(add_import::wasmbin),
                entry(
                    "wasm-encoder Reencode with index shifting",
                    add_import::wasm_encoder,
                ),
                entry("walrus", add_import::walrus),
            ],
        },
        Mode {
            name: "parallel",
            description: "full decode on all cores",
            entries: vec![
                baseline(wasmbin_now::full_decode_parallel),
                entry("wasmbin, sequential decode_all", wasmbin_now::full_decode),
                entry(
                    "wasmparser Operator, bodies on rayon",
                    wasmparser_read::operators_parallel,
                ),
            ],
        },
    ]
}

/// The `.wasm` files at `path`: the file itself, or every `.wasm` file under a directory
/// (recursively, sorted by path).
pub fn wasm_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for item in std::fs::read_dir(&dir)? {
            let item = item?.path();
            if item.is_dir() {
                pending.push(item);
            } else if item.extension().is_some_and(|ext| ext == "wasm") {
                files.push(item);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The corpus named by the `WASMBIN_CORPUS` environment variable (a `.wasm` file or a
/// directory of them); empty when it is not set.
pub fn corpus_files() -> std::io::Result<Vec<PathBuf>> {
    match std::env::var_os("WASMBIN_CORPUS") {
        Some(path) if !path.is_empty() => wasm_files(Path::new(&path)),
        _ => Ok(Vec::new()),
    }
}
