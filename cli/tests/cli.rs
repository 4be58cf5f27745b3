//! Runs the built `wasmbin` binary on real binaries (the committed codec plugins and
//! components, and the real-world corpus when `WASMBIN_CORPUS` names it) and on malformed
//! input, and checks its output and exit status.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Exit statuses of the tool.
const BAD_INPUT: i32 = 1;
const USAGE: i32 = 2;
const IO: i32 = 3;

/// Runs the tool with `args`, `stdin` as its standard input.
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wasmbin"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, b"")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the exit status, showing the output otherwise.
fn assert_status(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// A file of the repository.
fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A real core module (a codec plugin built by rustc and stamped by the xtask).
fn plugin() -> PathBuf {
    repo_file("wasm-macro/plugins/serde_json_text_codec.wasm")
}

/// A real component (built from Rust, with nested core modules).
fn component() -> PathBuf {
    repo_file("tests/components/greeter.wasm")
}

/// A file in a fresh temporary directory of this test.
fn temp_file(test: &str, name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wasmbin-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// The corpus files up to `max` bytes (none without `WASMBIN_CORPUS`).
fn corpus(max: u64) -> Vec<PathBuf> {
    let Some(root) = std::env::var_os("WASMBIN_CORPUS") else {
        println!("corpus part skipped: WASMBIN_CORPUS not set");
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = walk(Path::new(&root))
        .into_iter()
        .filter(|path| std::fs::metadata(path).unwrap().len() <= max)
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus file of at most {max} bytes");
    files
}

fn walk(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).unwrap();
        entries.flat_map(|e| walk(&e.unwrap().path())).collect()
    } else if path.extension().is_some_and(|e| e == "wasm") {
        vec![path.to_path_buf()]
    } else {
        Vec::new()
    }
}

/// The custom sections of a module, read with wasmparser's `BinaryReader` section by
/// section: (name, byte range of the whole section, id and size included).
fn custom_sections(bytes: &[u8]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut reader = wasmparser::BinaryReader::new(bytes, 0);
    reader.read_bytes(8).unwrap();
    let mut out = Vec::new();
    while !reader.eof() {
        let start = reader.original_position() as usize;
        let id = reader.read_u8().unwrap();
        let size = reader.read_var_u32().unwrap() as usize;
        let contents = reader.read_bytes(size).unwrap();
        if id == 0 {
            let name = wasmparser::BinaryReader::new(contents, 0)
                .read_string()
                .unwrap();
            out.push((name.to_owned(), start..reader.original_position() as usize));
        }
    }
    out
}

#[test]
fn inspect_without_a_file_shows_the_embedded_module() {
    let output = run(&["inspect"]);
    assert_status(&output, 0);
    let text = stdout(&output);
    for line in [
        "<embedded example module>: 87 bytes, core module",
        "#0   id 1 (type)",
        "#5   id 0 (custom) \"name\"",
        "imports (2):",
        "  env.memory: memory (min 1 pages)",
        "  env.log: func (type 0)",
        "exports (1):",
        "  add: func 1",
        "custom sections (1):",
        "largest functions (1 of 1):",
        "roundtrip: byte-exact=yes eager=ok",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    let largest = text.lines().find(|l| l.contains("bytes  func 1")).unwrap();
    assert!(
        largest.trim().starts_with("8 bytes") && largest.ends_with(" add"),
        "{largest}"
    );
}

#[test]
fn inspect_real_binaries() {
    let plugin_out = run(&["inspect", plugin().to_str().unwrap()]);
    assert_status(&plugin_out, 0);
    let text = stdout(&plugin_out);
    assert!(text.contains("core module"), "{text}");
    assert!(text.contains("id 10 (code)"), "{text}");
    assert!(text.contains("largest functions (10 of "), "{text}");
    assert!(
        text.ends_with("roundtrip: byte-exact=yes eager=ok\n"),
        "{text}"
    );

    let output = run(&["inspect", component().to_str().unwrap()]);
    assert_status(&output, 0);
    let text = stdout(&output);
    assert!(text.contains("component"), "{text}");
    // A nested core module's sections are listed below it.
    assert!(text.contains("id 1 (core module)"), "{text}");
    assert!(text.contains("      #0   id 1 (type)"), "{text}");
    assert!(text.contains("index spaces:"), "{text}");
    assert!(
        text.ends_with("roundtrip: byte-exact=yes eager=ok\n"),
        "{text}"
    );

    for path in corpus(3 << 20) {
        let output = run(&["inspect", path.to_str().unwrap()]);
        assert_status(&output, 0);
        assert!(stdout(&output).contains("roundtrip: byte-exact=yes eager=ok"));
    }
}

#[test]
fn standard_input() {
    let bytes = std::fs::read(plugin()).unwrap();
    let from_file = run(&["inspect", plugin().to_str().unwrap()]);
    let from_stdin = run_with_stdin(&["inspect", "-"], &bytes);
    assert_status(&from_stdin, 0);
    let file_text = stdout(&from_file);
    let stdin_text = stdout(&from_stdin);
    // The same report, but for its first line (the input's name).
    assert!(stdin_text.starts_with("<stdin>: "));
    assert_eq!(
        file_text.split_once('\n').unwrap().1,
        stdin_text.split_once('\n').unwrap().1
    );
}

#[test]
fn malformed_input_gives_offset_path_and_status_1() {
    let bytes = std::fs::read(plugin()).unwrap();
    // Cut in the middle of the code section.
    let cut = &bytes[..bytes.len() / 2];
    for command in ["inspect", "roundtrip", "stats", "dump", "validate", "print"] {
        let mut args = vec![command];
        if command == "dump" {
            args.push("--json");
        }
        args.push("-");
        let output = run_with_stdin(&args, cut);
        assert_status(&output, BAD_INPUT);
        let err = stderr(&output);
        assert!(err.starts_with("error: "), "{command}: {err}");
        if command != "stats" {
            assert!(err.contains("at offset 0x"), "{command}: {err}");
            assert!(err.contains("at Module > section"), "{command}: {err}");
        }
    }
    let output = run_with_stdin(&["inspect", "-"], b"\0asm\x02\0\0\0");
    assert_status(&output, BAD_INPUT);
    assert!(stderr(&output).contains("unknown binary version 0x2 at offset 0x4"));
    let output = run_with_stdin(&["inspect", "-"], b"not wasm");
    assert_status(&output, BAD_INPUT);
    assert!(stderr(&output).contains("magic header not detected at offset 0x0"));
}

#[test]
fn usage_and_file_errors_have_their_own_status() {
    assert_status(&run(&["frobnicate"]), USAGE);
    assert_status(&run(&["strip", "x.wasm"]), USAGE); // no -o
    assert_status(&run(&["dump", "x.wasm"]), USAGE); // no --json
    assert_status(&run(&[]), USAGE);
    let missing = run(&["inspect", "/nonexistent/file.wasm"]);
    assert_status(&missing, IO);
    assert!(stderr(&missing).contains("cannot read /nonexistent/file.wasm"));
    let unwritable = run(&[
        "strip",
        "-o",
        "/nonexistent/out.wasm",
        plugin().to_str().unwrap(),
    ]);
    assert_status(&unwritable, IO);
}

#[test]
fn help_shows_an_example_per_command() {
    for command in [
        "inspect",
        "strip",
        "roundtrip",
        "stats",
        "dump",
        "validate",
        "print",
    ] {
        let output = run(&[command, "--help"]);
        assert_status(&output, 0);
        let text = stdout(&output);
        assert!(text.contains("Example"), "{command}: {text}");
        assert!(
            text.contains(&format!("wasmbin {command}")),
            "{command}: {text}"
        );
    }
    let text = stdout(&run(&["--help"]));
    assert!(text.contains("Exit status"), "{text}");
}

/// A module with custom sections around its standard ones.
fn module_with_customs() -> Vec<u8> {
    wat::parse_str(
        r#"(module
            (@custom "first" (before first) "1")
            (@custom ".debug_info" "debug")
            (@custom ".debug_line" "lines")
            (@custom "keep-me" (after func) "k")
            (func $f (export "f") (result i32) i32.const 1)
            (@producers (language "wat" "1.0")))"#,
    )
    .unwrap()
}

/// Runs `strip` with `args` on `bytes` and checks that the output is the input without
/// the byte ranges of the custom sections named `gone` (as wasmparser finds them).
fn check_strip(test: &str, bytes: &[u8], args: &[&str], gone: &[&str]) {
    let input = temp_file(test, "in.wasm", bytes);
    let out = input.with_file_name("out.wasm");
    let mut all = vec!["strip", "-o", out.to_str().unwrap()];
    all.extend(args);
    all.push(input.to_str().unwrap());
    let output = run(&all);
    assert_status(&output, 0);
    let mut expected = Vec::new();
    let mut at = 0;
    let mut removed = Vec::new();
    for (name, range) in custom_sections(bytes) {
        if gone.contains(&name.as_str()) {
            expected.extend_from_slice(&bytes[at..range.start]);
            at = range.end;
            removed.push(name);
        }
    }
    expected.extend_from_slice(&bytes[at..]);
    assert_eq!(removed.len(), gone.len(), "{test}: {removed:?}");
    let stripped = std::fs::read(&out).unwrap();
    assert!(
        stripped == expected,
        "{test}: not the input without {gone:?}"
    );
    assert!(stderr(&output).contains(&format!("removed {} custom section(s)", gone.len())));
}

#[test]
fn strip_removes_only_custom_sections() {
    let bytes = module_with_customs();
    let names: Vec<String> = custom_sections(&bytes).into_iter().map(|c| c.0).collect();
    assert_eq!(
        names,
        [
            "first",
            "keep-me",
            ".debug_info",
            ".debug_line",
            "producers",
            "name"
        ]
    );
    let all: Vec<&str> = names.iter().map(String::as_str).collect();
    check_strip("all", &bytes, &[], &all);
    check_strip(
        "keep",
        &bytes,
        &["--keep", "keep-me", "--keep", "first"],
        &[".debug_info", ".debug_line", "name", "producers"],
    );
    check_strip(
        "remove",
        &bytes,
        &["--remove", ".debug_*"],
        &[".debug_info", ".debug_line"],
    );
    check_strip(
        "both",
        &bytes,
        &[
            "--remove",
            ".debug_*",
            "--remove",
            "keep-*",
            "--keep",
            ".debug_line",
        ],
        &[".debug_info", "keep-me"],
    );
    // Real binaries: every custom section goes, nothing else changes.
    for path in [plugin()].into_iter().chain(corpus(3 << 20)) {
        let bytes = std::fs::read(&path).unwrap();
        let names: Vec<String> = custom_sections(&bytes).into_iter().map(|c| c.0).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        check_strip("real", &bytes, &[], &names);
    }
    // To standard output.
    let output = run(&["strip", "-o", "-", "--keep", "first", "-"]);
    assert_status(&output, BAD_INPUT); // empty standard input: not a module
    let output = run_with_stdin(&["strip", "-o", "-", "-"], &bytes);
    assert_status(&output, 0);
    assert!(custom_sections(&output.stdout).is_empty());
    let output = run(&[
        "strip",
        "--remove",
        "[",
        "-o",
        "-",
        plugin().to_str().unwrap(),
    ]);
    assert_status(&output, BAD_INPUT);
}

#[test]
fn roundtrip_reports_the_first_difference() {
    let output = run(&["roundtrip", plugin().to_str().unwrap()]);
    assert_status(&output, 0);
    let text = stdout(&output);
    assert!(text.starts_with("lazy:  byte-exact ("), "{text}");
    assert!(text.contains("eager: reads back equal"), "{text}");

    // The type section's size written in two bytes (0x84 0x00 for 4): read and written
    // back as it is lazily, shortest when encoded eagerly.
    let padded = b"\0asm\x01\0\0\0\x01\x84\x00\x01\x60\x00\x00";
    let output = run_with_stdin(&["roundtrip", "-"], padded);
    assert_status(&output, 0);
    assert_eq!(
        stdout(&output),
        "lazy:  byte-exact (15 bytes)\n\
         eager: differs from the input at offset 0x9 (14 bytes, the input 15)\n\
         eager: reads back equal\n"
    );
}

#[test]
fn dump_json_reads_back_to_the_module() {
    for path in [plugin(), component()] {
        let bytes = std::fs::read(&path).unwrap();
        let output = run(&["dump", "--json", path.to_str().unwrap()]);
        assert_status(&output, 0);
        let back: wasmbin::Binary = serde_json::from_slice(&output.stdout).unwrap();
        let original = wasmbin::Binary::decode_from_bytes(bytes).unwrap();
        assert!(back == original, "{}", path.display());
    }
    let add = wat::parse_str(
        "(module (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))",
    )
    .unwrap();
    let output = run_with_stdin(&["dump", "--json", "--pretty", "-"], &add);
    assert_status(&output, 0);
    let text = stdout(&output);
    assert!(text.lines().count() > 20, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let body = &json["Module"]["sections"][2]["Code"][0]["expr"]["instructions"];
    assert_eq!(
        *body,
        serde_json::json!([{ "LocalGet": 0 }, { "LocalGet": 1 }, "I32Add"])
    );
}

#[cfg(feature = "validate")]
#[test]
fn validate_gives_offset_and_path() {
    let output = run(&["validate", plugin().to_str().unwrap()]);
    assert_status(&output, 0);
    assert_eq!(stdout(&output), "valid\n");
    let output = run(&["validate", component().to_str().unwrap()]);
    assert_status(&output, 0);

    let invalid = wat::parse_str("(module (func (result i32) i64.const 1))").unwrap();
    let output = run_with_stdin(&["validate", "-"], &invalid);
    assert_status(&output, BAD_INPUT);
    assert_eq!(
        stderr(&output),
        "error: invalid: type mismatch: expected i32, found i64 at offset 0x1a \
         (code section, function 0, instruction 1)\n  \
         at Module > section 2 (code) > function 0 > instruction 1\n"
    );
    for path in corpus(3 << 20) {
        assert_status(&run(&["validate", path.to_str().unwrap()]), 0);
    }
}

#[cfg(feature = "print")]
#[test]
fn print_writes_the_text_format() {
    for path in [plugin(), component()] {
        let output = run(&["print", path.to_str().unwrap()]);
        assert_status(&output, 0);
        let expected = wasmprinter::print_file(&path).unwrap();
        assert!(stdout(&output) == expected, "{}", path.display());
    }
}

/// One function's row of `stats`: index, instructions, bytes.
type FunctionRow = (u32, usize, usize);

/// The figures of `stats`, read back from its output: counts by mnemonic, and per
/// function.
fn parse_stats(text: &str) -> (HashMap<String, u64>, Vec<FunctionRow>) {
    let mut counts = HashMap::new();
    let mut functions = Vec::new();
    let mut part = "";
    for line in text.lines() {
        if line.starts_with("instructions by mnemonic") || line == "functions:" {
            part = line;
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if part.starts_with("instructions by mnemonic") {
            counts.insert(fields[2].to_owned(), fields[0].parse().unwrap());
        } else if part == "functions:" && fields[0] != "func" {
            functions.push((
                fields[0].parse().unwrap(),
                fields[1].parse().unwrap(),
                fields[2].parse().unwrap(),
            ));
        }
    }
    (counts, functions)
}

#[test]
fn stats_counts_what_wasmparser_reads() {
    let output = run(&["stats"]);
    assert_status(&output, USAGE); // FILE is required

    let add = wat::parse_str(
        "(module (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))",
    )
    .unwrap();
    let output = run_with_stdin(&["stats", "-"], &add);
    assert_status(&output, 0);
    let text = stdout(&output);
    assert!(text.starts_with("1 functions (0 imported, 1 defined), 4 instructions in 8 bytes"));
    assert!(text.contains("         2  50.00%  local.get\n"), "{text}");
    assert!(
        text.ends_with("         0            4          8  add\n"),
        "{text}"
    );

    for path in [plugin()].into_iter().chain(corpus(3 << 20)) {
        let bytes = std::fs::read(&path).unwrap();
        let output = run(&["stats", path.to_str().unwrap()]);
        assert_status(&output, 0);
        let (counts, functions) = parse_stats(&stdout(&output));
        // The oracle: wasmparser's operators, body by body.
        let mut expected: HashMap<&str, u64> = HashMap::new();
        let mut total = 0;
        let mut bodies = Vec::new();
        let mut parser = wasmparser::Parser::new(0);
        parser.set_features(wasmparser::WasmFeatures::all());
        for payload in parser.parse_all(&bytes) {
            let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() else {
                continue;
            };
            let mut reader = body.get_operators_reader().unwrap();
            let mut count = 0;
            while !reader.eof() {
                let name = match reader.read().unwrap() {
                    wasmparser::Operator::Call { .. } => "call",
                    wasmparser::Operator::LocalGet { .. } => "local.get",
                    wasmparser::Operator::I32Const { .. } => "i32.const",
                    wasmparser::Operator::End => "end",
                    wasmparser::Operator::BrTable { .. } => "br_table",
                    wasmparser::Operator::I64Store { .. } => "i64.store",
                    _ => "other",
                };
                *expected.entry(name).or_default() += 1;
                count += 1;
            }
            total += count;
            let range = body.range();
            bodies.push((count, (range.end - range.start) as usize));
        }
        let name = path.display();
        assert_eq!(counts.values().sum::<u64>(), total as u64, "{name}");
        for (mnemonic, count) in expected {
            if mnemonic != "other" {
                assert_eq!(counts.get(mnemonic), Some(&count), "{name}: {mnemonic}");
            }
        }
        assert_eq!(functions.len(), bodies.len(), "{name}");
        for ((_, instructions, size), (count, body_len)) in functions.iter().zip(&bodies) {
            assert_eq!(instructions, count, "{name}");
            // The body and its size prefix.
            assert!((body_len + 1..=body_len + 5).contains(size), "{name}");
        }
    }
}
