//! Real-world corpus test: every `.wasm` file under the directory named by the environment
//! variable `WASMBIN_CORPUS` (searched recursively; `scripts/fetch-corpus.sh` downloads the
//! pinned set). Without the variable the test prints
//! `corpus test skipped: WASMBIN_CORPUS not set` and passes.
//!
//! For each file it asserts:
//!
//! 1. **lazy round trip**: `Module::decode_from_bytes` succeeds and `encode_into` writes the
//!    input back byte for byte;
//! 2. **eager decode**: `Module::decode_all` decodes every section and every function body
//!    (errors in custom-section payloads are warnings: they are printed, not failures);
//! 3. **oracle**: `wasmparser` reads the same number of function bodies as wasmbin, and in
//!    every body the same locals and the same operators (see [`compare_body`] for how
//!    operators are compared);
//! 4. **eager re-encode**: a clone made fully owned with `decode_all_mut` encodes, and those
//!    bytes decode (lazily and then eagerly) to a module equal to the original one;
//! 5. **custom sections**: wasmbin finds the same custom sections as wasmparser, in the same
//!    order; every payload of a section with a typed variant (`name`, `producers`,
//!    `target_features`, `dylink.0` …) is decoded, and one that does not decode is a warning
//!    (already listed by step 2), not a failure; where wasmparser has a reader (`producers`,
//!    `metadata.code.branch_hint`, `dylink.0`), it must read the same values.
//!
//! Step 3 still runs when step 2 fails, so that a file using unsupported opcodes reports how
//! many bodies wasmbin cannot decode and why; step 4 needs step 2 and is skipped otherwise.
//!
//! Each file gets one line with the result and time of every step, followed by indented
//! lines for its warnings and failures; a summary closes the run, naming the files with
//! warnings. The test fails if any file fails any step.

use crate::custom_oracle;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use wasmbin::custom::CustomSection;
use wasmbin::instructions::Instruction;
use wasmbin::sections::{Func, Locals};
use wasmbin::{payload, Encode, Module, Section};
use wasmbin_tests::first_difference;
use wasmparser::{
    BinaryReader, FrameKind, FrameStack, FunctionBody, Operator, OperatorsReader, Parser, Payload,
    ValType,
};

/// Files checked at the same time.
const THREADS: usize = 2;
/// Mismatches listed per file (the rest are only counted).
const MAX_LISTED: usize = 5;

/// Checks every `.wasm` file under `$WASMBIN_CORPUS` (a directory, searched recursively, or a
/// single file) with the four steps of the module documentation, two files at a time; fails
/// if any file fails any step, and passes with a notice when the variable is not set.
#[test]
fn corpus() {
    let Some(root) = std::env::var_os("WASMBIN_CORPUS") else {
        println!("corpus test skipped: WASMBIN_CORPUS not set");
        return;
    };
    let root = PathBuf::from(root);
    let mut files = wasmbin_tests::corpus_files(&root)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", root.display()));
    assert!(
        !files.is_empty(),
        "no .wasm files under {} (WASMBIN_CORPUS)",
        root.display()
    );
    // Largest first, so that the workers finish at about the same time.
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!(
        "corpus: {} files, {} under {}",
        files.len(),
        fmt_size(files.iter().map(|f| f.1).sum()),
        root.display()
    );

    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let reports = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..THREADS.min(files.len()) {
            scope.spawn(|| {
                while let Some((path, size)) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let name = path
                        .strip_prefix(&root)
                        .unwrap_or(path)
                        .display()
                        .to_string();
                    let report = check_file_catching_panics(path, name, *size);
                    print!("{}", report.render());
                    reports
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push(report);
                }
            });
        }
    });

    let mut reports = reports
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    reports.sort_by(|a, b| a.name.cmp(&b.name));
    println!("\ncorpus summary:");
    for report in &reports {
        let first_failure = report.failures.first().map_or("", String::as_str);
        println!(
            "  {} {:<48} {:>9} {:>8}  {}",
            if report.passed() { "ok  " } else { "FAIL" },
            report.name,
            fmt_size(report.size),
            fmt_duration(report.total),
            truncate(first_failure, 140)
        );
    }
    let failing: Vec<&str> = reports
        .iter()
        .filter(|r| !r.passed())
        .map(|r| r.name.as_str())
        .collect();
    let warned: Vec<String> = reports
        .iter()
        .filter(|r| !r.warnings.is_empty())
        .map(|r| format!("{} ({})", r.name, r.warnings.len()))
        .collect();
    println!(
        "corpus: files with custom-section payload warnings: {}",
        if warned.is_empty() {
            "none".to_string()
        } else {
            warned.join(", ")
        }
    );
    println!(
        "corpus: {} files, {} ok, {} failing, {}",
        reports.len(),
        reports.len() - failing.len(),
        failing.len(),
        fmt_duration(started.elapsed())
    );
    assert!(
        failing.is_empty(),
        "corpus files failing: {}",
        failing.join(", ")
    );
}

/// What happened to one file.
struct FileReport {
    name: String,
    size: u64,
    /// One entry per step: its outcome and time.
    steps: Vec<String>,
    /// Custom-section payloads that did not decode.
    warnings: Vec<String>,
    failures: Vec<String>,
    total: Duration,
}

impl FileReport {
    fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    fn step(&mut self, text: String, time: Duration) {
        self.steps.push(format!("{text} {}", fmt_duration(time)));
    }

    fn fail(&mut self, step: &str, message: String, time: Duration) {
        self.step(format!("{step} FAILED"), time);
        self.failures.push(format!("{step}: {message}"));
    }

    fn render(&self) -> String {
        let mut out = format!(
            "{} {} ({}, {}): {}\n",
            if self.passed() { "ok  " } else { "FAIL" },
            self.name,
            fmt_size(self.size),
            fmt_duration(self.total),
            self.steps.join(" | ")
        );
        for warning in &self.warnings {
            let _ = writeln!(out, "       warning: {warning}");
        }
        for failure in &self.failures {
            let _ = writeln!(out, "       FAIL {failure}");
        }
        out
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// [`check_file`], turning a panic inside wasmbin into a failure of the file.
fn check_file_catching_panics(path: &Path, name: String, size: u64) -> FileReport {
    let start = Instant::now();
    match catch_unwind(AssertUnwindSafe(|| check_file(path, name.clone(), size))) {
        Ok(report) => report,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            let mut report = FileReport {
                name,
                size,
                steps: Vec::new(),
                warnings: Vec::new(),
                failures: Vec::new(),
                total: start.elapsed(),
            };
            report.fail("check", format!("panicked: {message}"), report.total);
            report
        }
    }
}

/// Runs the four steps described in the module documentation on one file.
fn check_file(path: &Path, name: String, size: u64) -> FileReport {
    let start = Instant::now();
    let mut report = FileReport {
        name,
        size,
        steps: Vec::new(),
        warnings: Vec::new(),
        failures: Vec::new(),
        total: Duration::ZERO,
    };
    let input = match std::fs::read(path) {
        Ok(input) => input,
        Err(err) => {
            report.fail("read", err.to_string(), start.elapsed());
            report.total = start.elapsed();
            return report;
        }
    };

    // 1. Lazy decode and byte-exact encode.
    let (module, time) = timed(|| lazy_round_trip(&input));
    let module = match module {
        Ok(module) => {
            report.step("lazy round trip ok".into(), time);
            module
        }
        Err((module, err)) => {
            report.fail("lazy round trip", err, time);
            match module {
                Some(module) => module,
                None => {
                    report.total = start.elapsed();
                    return report;
                }
            }
        }
    };

    // 2. Eager decode of everything.
    let (result, time) = timed(|| module.decode_all());
    let eager_ok = match result {
        Ok(warnings) => {
            report.step(format!("decode_all ok ({} warnings)", warnings.len()), time);
            report
                .warnings
                .extend(warnings.iter().map(ToString::to_string));
            true
        }
        Err(err) => {
            report.fail("decode_all", err.to_string(), time);
            false
        }
    };

    // 3. wasmparser as the oracle for the code section.
    let (result, time) = timed(|| compare_with_oracle(&input, &module));
    match result {
        Ok(stats) => {
            let summary = format!(
                "{} bodies, {} compared: {} operators, {} non-canonical",
                stats.bodies,
                stats.bodies - stats.undecodable_bodies,
                stats.operators,
                stats.non_canonical
            );
            if stats.undecodable_bodies == 0 && stats.mismatched_bodies == 0 {
                report.step(format!("oracle ok ({summary})"), time);
            } else {
                report.fail("oracle", summary, time);
                if stats.undecodable_bodies > 0 {
                    let mut line = format!(
                        "wasmbin cannot decode {} of {} bodies:",
                        stats.undecodable_bodies, stats.bodies
                    );
                    let mut kinds: Vec<_> = stats.undecodable.iter().collect();
                    kinds.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
                    for (kind, (count, first)) in kinds.iter().take(MAX_LISTED) {
                        let _ = write!(line, "\n         {count} x {kind}; first: {first}");
                    }
                    if kinds.len() > MAX_LISTED {
                        let _ =
                            write!(line, "\n         … {} more kinds", kinds.len() - MAX_LISTED);
                    }
                    report.failures.push(line);
                }
                if stats.mismatched_bodies > 0 {
                    report.failures.push(format!(
                        "{} bodies differ from wasmparser's reading",
                        stats.mismatched_bodies
                    ));
                    report.failures.extend(stats.mismatches);
                }
            }
        }
        Err(err) => report.fail("oracle", err, time),
    }

    // 4. Eager re-encode and decode again.
    if eager_ok {
        let (result, time) = timed(|| eager_round_trip(&module));
        match result {
            Ok(len) => report.step(format!("re-encode ok ({})", fmt_size(len as u64)), time),
            Err(err) => report.fail("re-encode", err, time),
        }
    } else {
        report.steps.push("re-encode skipped".into());
    }

    // 5. Custom sections, typed payloads and wasmparser's reading of them.
    let (result, time) = timed(|| check_custom_sections(&input, &module));
    match result {
        Ok(stats) => {
            let mut text = format!("custom sections ok ({} typed", stats.typed.len());
            if !stats.typed.is_empty() {
                let _ = write!(text, ": {}", stats.typed.join(", "));
            }
            let _ = write!(
                text,
                "; {} undecodable; {} compared with wasmparser)",
                stats.undecodable, stats.compared
            );
            report.step(text, time);
        }
        Err(err) => report.fail("custom sections", err, time),
    }

    report.total = start.elapsed();
    report
}

/// What step 5 found in one file.
struct CustomStats {
    /// Names of the sections with a typed variant, in order.
    typed: Vec<String>,
    /// How many of them have a payload that does not decode.
    undecodable: usize,
    /// How many of them wasmparser read to the same values.
    compared: usize,
}

/// Step 5. `Err` on a disagreement with wasmparser (a payload that does not decode is
/// counted, not an error: step 2 lists it as a warning).
fn check_custom_sections(input: &[u8], module: &Module) -> Result<CustomStats, String> {
    let ours = module
        .custom_sections()
        .collect::<Result<Vec<&CustomSection>, _>>()
        .map_err(|err| format!("custom section name: {err}"))?;
    let mut theirs = Vec::new();
    for payload in Parser::new(0).parse_all(input) {
        match payload {
            Ok(Payload::CustomSection(reader)) => theirs.push(reader),
            Ok(_) => {}
            Err(err) => return Err(format!("wasmparser: {err}")),
        }
    }
    if ours.len() != theirs.len() {
        return Err(format!(
            "wasmparser finds {} custom sections, wasmbin {}",
            theirs.len(),
            ours.len()
        ));
    }
    let mut stats = CustomStats {
        typed: Vec::new(),
        undecodable: 0,
        compared: 0,
    };
    for (section, reader) in ours.into_iter().zip(theirs) {
        if section.name() != reader.name() {
            return Err(format!(
                "custom section {:?} is {:?} for wasmparser",
                section.name(),
                reader.name()
            ));
        }
        if matches!(section, CustomSection::Other(_)) {
            continue;
        }
        stats.typed.push(section.name().to_string());
        if section.decode_payload().is_err() {
            stats.undecodable += 1;
        }
        if custom_oracle::compare(section, reader.data(), reader.data_offset())? {
            stats.compared += 1;
        }
    }
    Ok(stats)
}

/// Step 1. On a failed comparison, the module is still returned so the other steps can run.
fn lazy_round_trip(input: &[u8]) -> Result<Module, (Option<Module>, String)> {
    let module = Module::decode_from_bytes(input.to_vec())
        .map_err(|err| (None, format!("decode: {err}")))?;
    let output = match module.encode_into(Vec::new()) {
        Ok(output) => output,
        Err(err) => return Err((Some(module), format!("encode: {err}"))),
    };
    if output != input {
        let at = first_difference(input, &output);
        return Err((
            Some(module),
            format!(
                "output differs from input at byte {at:#x} ({} bytes written, {} read)",
                output.len(),
                input.len()
            ),
        ));
    }
    Ok(module)
}

/// Step 4. Returns the size of the re-encoded module.
fn eager_round_trip(module: &Module) -> Result<usize, String> {
    let mut owned = module.clone();
    owned
        .decode_all_mut()
        .map_err(|err| format!("decode_all_mut: {err}"))?;
    let bytes = owned
        .encode_into(Vec::new())
        .map_err(|err| format!("encode of the owned module: {err}"))?;
    drop(owned);
    let len = bytes.len();
    let again = Module::decode_from_bytes(bytes)
        .map_err(|err| format!("decode of the re-encoded module: {err}"))?;
    again
        .decode_all()
        .map_err(|err| format!("decode_all of the re-encoded module: {err}"))?;
    if again != *module {
        return Err(format!(
            "the re-encoded module decodes to a different module: {}",
            describe_module_difference(module, &again)
        ));
    }
    Ok(len)
}

/// Where two modules that compare unequal first differ.
fn describe_module_difference(a: &Module, b: &Module) -> String {
    if a.sections.len() != b.sections.len() {
        return format!("{} sections vs {}", a.sections.len(), b.sections.len());
    }
    let Some(index) = (0..a.sections.len()).find(|&i| a.sections[i] != b.sections[i]) else {
        return "no section differs".into();
    };
    let (sa, sb) = (&a.sections[index], &b.sections[index]);
    let mut text = format!("section {index} (id {})", sa.id());
    if let (Section::Code(ca), Section::Code(cb)) = (sa, sb) {
        if let (Ok(ca), Ok(cb)) = (ca.try_contents(), cb.try_contents()) {
            if let Some(body) = (0..ca.len().min(cb.len())).find(|&i| ca[i] != cb[i]) {
                let _ = write!(text, ", function body {body}");
                if let (Ok(fa), Ok(fb)) = (ca[body].try_contents(), cb[body].try_contents()) {
                    let (ia, ib) = (&fa.expr.instructions, &fb.expr.instructions);
                    if let Some(i) = (0..ia.len().min(ib.len())).find(|&i| ia[i] != ib[i]) {
                        let _ = write!(text, ", instruction {i}: {:?} vs {:?}", ia[i], ib[i]);
                    }
                }
            }
        }
    }
    text
}

/// What [`compare_with_oracle`] found.
#[derive(Debug, Default)]
struct OracleStats {
    bodies: usize,
    operators: usize,
    /// Operators whose original bytes are not the ones wasmbin writes (over-long LEBs), but
    /// which wasmparser reads the same from both.
    non_canonical: usize,
    undecodable_bodies: usize,
    /// Decode errors by kind: how many, and the first one in full.
    undecodable: BTreeMap<String, (usize, String)>,
    mismatched_bodies: usize,
    /// The first few mismatches, described.
    mismatches: Vec<String>,
}

/// Step 3: reads the module with `wasmparser` (no validation, all features) and compares
/// its function bodies with wasmbin's, one by one.
///
/// `Err` when the comparison cannot be made at all: wasmparser rejects the module, the code
/// section does not decode in wasmbin, or the number of bodies differs.
fn compare_with_oracle(input: &[u8], module: &Module) -> Result<OracleStats, String> {
    let bodies = match module.find_std_section::<payload::Code>() {
        Some(code) => code
            .try_contents()
            .map_err(|err| format!("wasmbin cannot decode the code section: {err}"))?
            .as_slice(),
        None => &[],
    };
    let mut stats = OracleStats::default();
    let mut scratch = Vec::new();
    let mut oracle_bodies = 0;
    for payload in Parser::new(0).parse_all(input) {
        match payload.map_err(|err| format!("wasmparser: {err}"))? {
            Payload::CodeSectionStart { count, .. } if count as usize != bodies.len() => {
                return Err(format!(
                    "wasmparser reads {count} function bodies, wasmbin {}",
                    bodies.len()
                ));
            }
            Payload::CodeSectionEntry(body) => {
                let index = oracle_bodies;
                oracle_bodies += 1;
                let Some(blob) = bodies.get(index) else {
                    continue;
                };
                stats.bodies += 1;
                let func = match blob.try_contents() {
                    Ok(func) => func,
                    Err(err) => {
                        stats.undecodable_bodies += 1;
                        let entry = stats
                            .undecodable
                            .entry(err.kind().to_string())
                            .or_insert_with(|| (0, err.to_string()));
                        entry.0 += 1;
                        continue;
                    }
                };
                match compare_body(input, &body, func, &mut scratch) {
                    Ok((operators, non_canonical)) => {
                        stats.operators += operators;
                        stats.non_canonical += non_canonical;
                    }
                    Err(mismatch) => {
                        stats.mismatched_bodies += 1;
                        if stats.mismatches.len() < MAX_LISTED {
                            stats
                                .mismatches
                                .push(format!("function body {index}: {mismatch}"));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if oracle_bodies != bodies.len() {
        return Err(format!(
            "wasmparser reads {oracle_bodies} function bodies, wasmbin {}",
            bodies.len()
        ));
    }
    Ok(stats)
}

/// Compares one function body as wasmbin decoded it (`func`) with wasmparser's reading of
/// the same bytes. Returns the number of operators and how many of them were encoded
/// non-canonically in the input; `Err` describes the first difference.
///
/// Locals: each run of locals that wasmbin decoded is encoded again and read back by
/// wasmparser, which must give the same count and type as its reading of the original.
///
/// Operators: wasmparser delimits every operator of the body (its offset up to the next
/// operator's offset), including the final `end` that wasmbin keeps out of
/// `Expression::instructions`; wasmbin's instructions, followed by that `end`, must be as
/// many, and each must match the operator at the same position:
///
/// * usually, encoding the instruction gives exactly the operator's original bytes. This
///   proves that wasmbin split the code at the same boundaries, read the same opcode and
///   kept every immediate (a lost or altered field would encode differently);
/// * an input may use a longer encoding than wasmbin writes (an over-long LEB128, as linkers
///   leave for relocated indices). Then the bytes wasmbin writes are read back by
///   wasmparser, in the control frame the original was read in (some opcodes are only
///   allowed inside `if`, `try` …), and must consume exactly those bytes and give an
///   operator equal to wasmparser's reading of the original. Such operators are counted
///   as non-canonical.
///
/// Either way the values are checked through wasmparser's reading, never through wasmbin's
/// own decoder. What this cannot see is a field that wasmbin decodes into the wrong place
/// and encodes back from that same wrong place (such as swapping two indices of the same
/// type on both paths): the bytes would still agree.
fn compare_body(
    input: &[u8],
    body: &FunctionBody<'_>,
    func: &Func,
    scratch: &mut Vec<u8>,
) -> Result<(usize, usize), String> {
    let mut locals = body
        .get_locals_reader()
        .map_err(|err| format!("wasmparser: {err}"))?;
    if locals.get_count() as usize != func.locals.len() {
        return Err(format!(
            "wasmparser reads {} runs of locals, wasmbin {}",
            locals.get_count(),
            func.locals.len()
        ));
    }
    for (i, run) in func.locals.iter().enumerate() {
        let expected = locals.read().map_err(|err| format!("wasmparser: {err}"))?;
        if read_back_locals(run, scratch).as_ref() != Some(&expected) {
            return Err(format!(
                "locals run {i}: wasmbin has {run:?}, wasmparser reads {expected:?}"
            ));
        }
    }

    let instructions = &func.expr.instructions;
    let mut operators = body
        .get_operators_reader()
        .map_err(|err| format!("wasmparser: {err}"))?;
    let mut count = 0;
    let mut non_canonical = 0;
    while !operators.eof() {
        let frame = operators.current_frame();
        let (operator, start) = operators
            .read_with_offset()
            .map_err(|err| format!("wasmparser: {err}"))?;
        let original = &input[start as usize..operators.original_position() as usize];
        let instruction = match instructions.get(count) {
            Some(instruction) => instruction,
            None if count == instructions.len() => &Instruction::End,
            None => {
                return Err(format!(
                    "wasmparser reads more operators than wasmbin's {} instructions and end",
                    instructions.len()
                ))
            }
        };
        scratch.clear();
        instruction
            .encode(scratch)
            .map_err(|err| format!("instruction {count}: encoding {instruction:?}: {err}"))?;
        if scratch[..] != *original {
            if !reads_as(&operator, frame, scratch) {
                return Err(format!(
                    "instruction {count} at offset {start:#x}: wasmbin has {instruction:?} \
                     (encodes as {}), wasmparser reads {operator:?} from {}",
                    hex(scratch),
                    hex(original)
                ));
            }
            non_canonical += 1;
        }
        count += 1;
    }
    operators
        .finish()
        .map_err(|err| format!("wasmparser: {err}"))?;
    if count != instructions.len() + 1 {
        return Err(format!(
            "wasmparser reads {count} operators, wasmbin {} instructions and end",
            instructions.len()
        ));
    }
    Ok((count, non_canonical))
}

/// wasmparser's reading of wasmbin's encoding of a run of locals, if it reads as exactly one.
fn read_back_locals(run: &Locals, scratch: &mut Vec<u8>) -> Option<(u32, ValType)> {
    scratch.clear();
    run.encode(scratch).ok()?;
    let mut reader = BinaryReader::new(scratch, 0);
    let count = reader.read_var_u32().ok()?;
    let ty = reader.read::<ValType>().ok()?;
    reader.eof().then_some((count, ty))
}

/// Operators that open a control frame of `kind`, so that an operator read after them is
/// read in the same frame as in the function body.
fn frame_prefix(kind: Option<FrameKind>) -> &'static [u8] {
    match kind {
        None | Some(FrameKind::Block) => &[],
        Some(FrameKind::If) => &[0x04, 0x40],
        Some(FrameKind::Else) => &[0x04, 0x40, 0x05],
        Some(FrameKind::Loop) => &[0x03, 0x40],
        Some(FrameKind::TryTable) => &[0x1F, 0x40, 0x00],
        Some(FrameKind::LegacyTry) => &[0x06, 0x40],
        Some(FrameKind::LegacyCatch) => &[0x06, 0x40, 0x07, 0x00],
        Some(FrameKind::LegacyCatchAll) => &[0x06, 0x40, 0x19],
    }
}

/// Whether wasmparser, reading `encoded` in a frame of kind `frame`, reads exactly one
/// operator equal to `expected` and nothing else.
fn reads_as(expected: &Operator<'_>, frame: Option<FrameKind>, encoded: &[u8]) -> bool {
    let prefix = frame_prefix(frame);
    let bytes = [prefix, encoded].concat();
    let mut reader = OperatorsReader::new(BinaryReader::new(&bytes, 0));
    while reader.original_position() < prefix.len() as u64 {
        if reader.read().is_err() {
            return false;
        }
    }
    match reader.read() {
        Ok(operator) => {
            reader.original_position() == bytes.len() as u64 && operators_equal(expected, &operator)
        }
        Err(_) => false,
    }
}

/// Operator equality, except that `br_table`s compare their targets by value
/// (wasmparser's own `==` compares their encoded bytes).
fn operators_equal(a: &Operator<'_>, b: &Operator<'_>) -> bool {
    match (a, b) {
        (Operator::BrTable { targets: ta }, Operator::BrTable { targets: tb }) => {
            let labels = |t: &wasmparser::BrTable<'_>| t.targets().collect::<Result<Vec<_>, _>>();
            ta.default() == tb.default()
                && matches!((labels(ta), labels(tb)), (Ok(la), Ok(lb)) if la == lb)
        }
        _ => a == b,
    }
}

fn hex(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes.iter().take(24).map(|b| format!("{b:02x}")).collect();
    let more = if bytes.len() > 24 { " …" } else { "" };
    format!("[{}{more}]", shown.join(" "))
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{} …", &text[..at]),
        None => text.to_string(),
    }
}

fn fmt_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

fn fmt_duration(time: Duration) -> String {
    if time < Duration::from_secs(10) {
        format!("{}ms", time.as_millis())
    } else {
        format!("{:.1}s", time.as_secs_f64())
    }
}

/// Self-checks of the oracle comparison on hand-made modules, so that the corpus test is
/// known to catch a difference (these run with or without a corpus).
mod oracle_self_check {
    use super::*;

    /// A module with one function of type `[] -> []` whose body is `locals` (a vector of
    /// runs), then `code`.
    fn module_with_body(locals: &[u8], code: &[u8]) -> Vec<u8> {
        let body = [locals, code].concat();
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type section
        bytes.extend_from_slice(&[0x03, 0x02, 0x01, 0x00]); // function section
        let section_len = u8::try_from(body.len() + 2).unwrap();
        let body_len = u8::try_from(body.len()).unwrap();
        bytes.extend_from_slice(&[0x0A, section_len, 0x01, body_len]); // code section
        bytes.extend_from_slice(&body);
        bytes
    }

    fn check(input: &[u8], module: &Module) -> Result<OracleStats, String> {
        let stats = compare_with_oracle(input, module)?;
        if stats.undecodable_bodies + stats.mismatched_bodies > 0 {
            return Err(format!("{:?}", stats.mismatches));
        }
        Ok(stats)
    }

    fn decode(input: &[u8]) -> Module {
        let module = Module::decode_from_bytes(input.to_vec()).unwrap();
        module.decode_all().unwrap();
        module
    }

    #[test]
    fn canonical_body_matches() {
        // i32.const 1; drop; block; br 0; end; end
        let input = module_with_body(
            &[0x00],
            &[0x41, 0x01, 0x1A, 0x02, 0x40, 0x0C, 0x00, 0x0B, 0x0B],
        );
        let stats = check(&input, &decode(&input)).unwrap();
        assert_eq!(
            (stats.bodies, stats.operators, stats.non_canonical),
            (1, 6, 0)
        );
    }

    #[test]
    fn over_long_lebs_match_as_non_canonical() {
        // i32.const 1 (6-byte LEB); drop; call 0 (5-byte LEB); br_table [0] 0 with an
        // over-long default; try; catch 0 (padded); end; end
        let input = module_with_body(
            &[0x00],
            &[
                0x41, 0x81, 0x80, 0x80, 0x80, 0x00, 0x1A, //
                0x10, 0x80, 0x80, 0x80, 0x00, //
                0x41, 0x00, 0x0E, 0x01, 0x00, 0x80, 0x00, //
                0x06, 0x40, 0x07, 0x80, 0x80, 0x00, 0x0B, 0x0B,
            ],
        );
        let stats = check(&input, &decode(&input)).unwrap();
        assert_eq!((stats.operators, stats.non_canonical), (9, 4));
    }

    #[test]
    fn a_changed_instruction_is_a_mismatch() {
        let input = module_with_body(&[0x00], &[0x41, 0x01, 0x1A, 0x0B]);
        let mut module = decode(&input);
        let code = module.find_std_section_mut::<payload::Code>().unwrap();
        let func = code.try_contents_mut().unwrap()[0]
            .try_contents_mut()
            .unwrap();
        func.expr.instructions[0] = Instruction::I32Const(2);
        let err = check(&input, &module).unwrap_err();
        assert!(err.contains("instruction 0"), "{err}");
    }

    #[test]
    fn a_missing_instruction_is_a_mismatch() {
        let input = module_with_body(&[0x00], &[0x01, 0x01, 0x0B]);
        let mut module = decode(&input);
        let code = module.find_std_section_mut::<payload::Code>().unwrap();
        let func = code.try_contents_mut().unwrap()[0]
            .try_contents_mut()
            .unwrap();
        func.expr.instructions.pop();
        assert!(check(&input, &module).is_err());
    }

    #[test]
    fn locals_match_and_a_change_is_a_mismatch() {
        // one run of two i32 locals, then end
        let input = module_with_body(&[0x01, 0x02, 0x7F], &[0x0B]);
        let mut module = decode(&input);
        check(&input, &module).unwrap();
        let code = module.find_std_section_mut::<payload::Code>().unwrap();
        let func = code.try_contents_mut().unwrap()[0]
            .try_contents_mut()
            .unwrap();
        func.locals[0].count = 3;
        let err = check(&input, &module).unwrap_err();
        assert!(err.contains("locals run 0"), "{err}");
    }

    #[test]
    fn custom_sections_are_checked() {
        // producers: one field "sdk" with one value; then a target_features section whose
        // count claims a feature that is not there.
        let mut input = b"\0asm\x01\0\0\0".to_vec();
        input.extend_from_slice(b"\x00\x15\x09producers\x01\x03sdk\x01\x01a\x02v1");
        input.extend_from_slice(b"\x00\x11\x0ftarget_features\x01");
        let module = Module::decode_from_bytes(input.clone()).unwrap();
        assert_eq!(module.decode_all().unwrap().len(), 1);
        let stats = check_custom_sections(&input, &module).unwrap();
        assert_eq!(stats.typed, ["producers", "target_features"]);
        assert_eq!((stats.undecodable, stats.compared), (1, 1));
    }
}
