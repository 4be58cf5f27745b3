//! The six example programs of `examples/`, run on small modules written with the `wat`
//! crate and on the real-world binaries under `$WASMBIN_CORPUS` (skipped with a notice when
//! the variable is not set): every output passes wasmparser's validator with all features
//! on, and the bytes outside what each job must change are those of the input.

#[allow(dead_code)]
#[path = "../examples/histogram.rs"]
mod histogram;
#[allow(dead_code)]
#[path = "../examples/instrument.rs"]
mod instrument;
#[allow(dead_code)]
#[path = "../examples/list.rs"]
mod list;
#[allow(dead_code)]
#[path = "../examples/rename.rs"]
mod rename;
#[allow(dead_code)]
#[path = "../examples/replace_body.rs"]
mod replace_body;
#[allow(dead_code)]
#[path = "../examples/strip.rs"]
mod strip;

use std::path::{Path, PathBuf};
use wasmbin::custom::CustomSection;
use wasmbin::index_space::Origin;
use wasmbin::indices::{FuncIdx, LocalIdx};
use wasmbin::instructions::Instruction;
use wasmbin::visit::Visit;
use wasmbin::{payload, Module, Section};
use wasmparser::{Payload, Validator, WasmFeatures};

/// Validates with every feature wasmparser knows.
fn validate(bytes: &[u8]) {
    Validator::new_with_features(WasmFeatures::all())
        .validate_all(bytes)
        .unwrap_or_else(|err| panic!("output does not validate: {err}"));
}

/// The `.wasm` files under `$WASMBIN_CORPUS`, or `None` (with a notice) without it.
fn corpus() -> Option<Vec<PathBuf>> {
    let Some(root) = std::env::var_os("WASMBIN_CORPUS") else {
        println!("corpus part skipped: WASMBIN_CORPUS not set");
        return None;
    };
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if dir.is_file() {
            out.push(dir.to_owned());
            return;
        }
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "wasm") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new(&root), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no .wasm files under WASMBIN_CORPUS");
    Some(files)
}

/// Runs `check` on every corpus file that wasmparser validates (some real-world binaries
/// use proposals in ways the validator refuses; the examples cannot make those valid).
fn for_corpus(check: impl Fn(&str, &[u8]) + Sync) {
    let Some(files) = corpus() else { return };
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if Validator::new_with_features(WasmFeatures::all())
            .validate_all(&bytes)
            .is_err()
        {
            println!("{name}: the input does not validate, skipped");
            continue;
        }
        println!("{name}");
        check(&name, &bytes);
    }
}

/// The bytes of each section of `bytes`, in order, with whether it is a custom section of
/// that name.
fn section_bytes(bytes: &[u8]) -> Vec<(Option<String>, Vec<u8>)> {
    let module = Module::decode_from(bytes).unwrap();
    module
        .sections
        .iter()
        .map(|section| {
            let (offset, len) = section.extent().unwrap();
            let name = match section {
                Section::Custom(blob) => Some(blob.try_contents().unwrap().name().to_owned()),
                _ => None,
            };
            (name, bytes[offset..offset + len].to_vec())
        })
        .collect()
}

/// The raw bytes of each function body.
fn body_bytes(module: &Module) -> Vec<Vec<u8>> {
    match module.find_std_section::<payload::Code>() {
        Some(code) => code
            .try_contents()
            .unwrap()
            .iter()
            .map(|body| body.raw_bytes().unwrap().to_vec())
            .collect(),
        None => Vec::new(),
    }
}

fn sample() -> Vec<u8> {
    wat::parse_str(
        r#"(module
          (type $t (func (param i32) (result i32)))
          (import "env" "g" (global $g i32))
          (import "env" "print" (func $print (param i32)))
          (import "env" "mem" (memory 1 2))
          (table $tab 2 funcref)
          (global $h (mut i64) (i64.const 0))
          (tag $e (param i32))
          (elem (table $tab) (i32.const 0) func $a $b)
          (func $a (export "a") (type $t) (local $x i32)
            local.get 0
            call $b)
          (func $b (type $t)
            local.get 0
            if (result i32)
              (call $print (local.get 0))
              i32.const 1
            else
              i32.const 2
            end)
          (export "tab" (table $tab))
          (export "h" (global $h))
          (export "e" (tag $e))
          (@custom "keep" "abc")
          (start $c)
          (func $c))"#,
    )
    .unwrap()
}

#[test]
fn strip_keeps_only_the_name_section() {
    let check = |bytes: &[u8]| {
        let out = strip::strip(bytes).unwrap();
        validate(&out);
        let mut expected = bytes[..8].to_vec();
        for (name, section) in section_bytes(bytes) {
            if name.as_deref().is_none_or(|name| name == "name") {
                expected.extend(section);
            }
        }
        assert_eq!(out, expected);
    };
    let wasm = sample();
    assert!(section_bytes(&wasm)
        .iter()
        .any(|(name, _)| name.as_deref() == Some("keep")));
    check(&wasm);
    for_corpus(|_, bytes| check(bytes));
}

#[test]
fn list_prints_imports_and_exports_in_the_text_format() {
    let out = list::list(&sample()).unwrap();
    assert_eq!(
        out,
        "import \"env\" \"g\" (global i32)\n\
         import \"env\" \"print\" (func (param i32))\n\
         import \"env\" \"mem\" (memory 1 2)\n\
         export \"a\" (func (param i32) (result i32))\n\
         export \"tab\" (table 2 funcref)\n\
         export \"h\" (global (mut i64))\n\
         export \"e\" (tag (param i32))\n"
    );
    for_corpus(|name, bytes| {
        let out = list::list(bytes).unwrap();
        // The oracle: wasmparser's count of imports and exports, and each import's type
        // read back by `wat` from the printed text (types that name no type index).
        let (mut imports, mut exports) = (0, 0);
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            match payload.unwrap() {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        import.unwrap();
                        imports += 1;
                    }
                }
                Payload::ExportSection(reader) => exports += reader.count(),
                _ => {}
            }
        }
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), imports + exports as usize, "{name}");
        for line in &lines[..imports] {
            // The type follows the closing quote of the item name.
            let ty = &line[line.rfind("\" (").unwrap() + 2..];
            if ty.contains("(ref ") {
                continue;
            }
            let text = format!("(module (import \"m\" \"n\" {ty}))");
            let wasm = wat::parse_str(&text).unwrap_or_else(|e| panic!("{name}: {line}: {e}"));
            assert_eq!(
                list::list(&wasm).unwrap(),
                format!("import \"m\" \"n\" {ty}\n")
            );
        }
    });
}

/// Checks the output of `instrument` against its input: valid, the same sections (but the
/// type, import and name sections, the branch hints and the sections that hold function
/// indices), each body the input's with the two trace instructions first and function
/// indices shifted by one.
fn check_instrumented(input: &[u8], out: &[u8]) {
    validate(out);
    let before = Module::decode_from(input).unwrap();
    let after = Module::decode_from(out).unwrap();
    let imported = before.imported_func_count().unwrap();
    assert_eq!(after.imported_func_count().unwrap(), imported + 1);
    let trace = FuncIdx(imported);
    assert_eq!(
        after.func_type(trace).unwrap().to_string(),
        "(func (param i32))"
    );
    let old = before.functions().unwrap();
    let new = after.functions().unwrap();
    assert_eq!(new.len(), old.len() + 1);
    let shift = |mut instruction: Instruction| {
        instruction
            .visit_mut(|f: &mut FuncIdx| {
                if f.0 >= imported {
                    f.0 += 1
                }
            })
            .unwrap();
        instruction
    };
    for (old, new) in old.iter().zip(new.iter().filter(|f| f.index != trace)) {
        assert_eq!(old.ty, new.ty);
        assert_eq!(old.name, new.name);
        let (Origin::Defined(old_body), Origin::Defined(new_body)) = (old.origin, new.origin)
        else {
            continue;
        };
        let old_body = old_body.try_contents().unwrap();
        let new_body = new_body.try_contents().unwrap();
        assert_eq!(old_body.locals, new_body.locals);
        let mut expected = vec![
            Instruction::I32Const(old.index.0 as i32),
            Instruction::Call(trace),
        ];
        expected.extend(old_body.expr.instructions.iter().cloned().map(shift));
        assert_eq!(
            new_body.expr.instructions, expected,
            "function {}",
            old.index.0
        );
    }
    // Sections that hold no function index keep their bytes.
    // (Tables and globals may hold `ref.func` in their initializers.)
    let keeps = |id: u8| matches!(id, 5 | 11 | 12 | 13);
    let kept = |bytes: &[u8]| -> Vec<Vec<u8>> {
        let module = Module::decode_from(bytes).unwrap();
        module
            .sections
            .iter()
            .filter(|s| keeps(s.id()))
            .map(|s| {
                let (offset, len) = s.extent().unwrap();
                bytes[offset..offset + len].to_vec()
            })
            .collect()
    };
    assert_eq!(kept(input), kept(out));
    let customs = |bytes: &[u8]| -> Vec<(Option<String>, Vec<u8>)> {
        section_bytes(bytes)
            .into_iter()
            .filter(|(name, _)| {
                name.as_deref()
                    .is_some_and(|n| n != "name" && n != "metadata.code.branch_hint")
            })
            .collect()
    };
    assert_eq!(customs(input), customs(out));
}

#[test]
fn instrument_calls_trace_at_every_entry() {
    let wasm = sample();
    check_instrumented(&wasm, &instrument::instrument(&wasm).unwrap());
    for_corpus(|_, bytes| check_instrumented(bytes, &instrument::instrument(bytes).unwrap()));
}

#[test]
fn instrumented_code_runs_and_traces_in_order() {
    let wasm = wat::parse_str(
        r#"(module
          (import "env" "add" (func $add (param i32 i32) (result i32)))
          (func $fib (export "fib") (param i32) (result i32)
            local.get 0
            i32.const 2
            i32.lt_u
            if (result i32)
              local.get 0
            else
              (call $fib (i32.sub (local.get 0) (i32.const 1)))
              (call $fib (i32.sub (local.get 0) (i32.const 2)))
              call $add
            end)
          (func $main (export "main") (result i32)
            (call $fib (i32.const 3))))"#,
    )
    .unwrap();
    let out = instrument::instrument(&wasm).unwrap();
    check_instrumented(&wasm, &out);

    use wasmi::{Caller, Engine, Linker, Module as WasmiModule, Store};
    let engine = Engine::default();
    let module = WasmiModule::new(&engine, &out[..]).unwrap();
    let mut store = Store::new(&engine, Vec::<i32>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "add", |a: i32, b: i32| a + b)
        .unwrap();
    linker
        .func_wrap(
            "env",
            "trace",
            |mut caller: Caller<'_, Vec<i32>>, f: i32| caller.data_mut().push(f),
        )
        .unwrap();
    let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
    let main = instance.get_typed_func::<(), i32>(&store, "main").unwrap();
    assert_eq!(main.call(&mut store, ()).unwrap(), 2);
    // main (2), fib(3) (1), fib(2), fib(1), fib(0), fib(1): indices of the input module.
    assert_eq!(store.data(), &[2, 1, 1, 1, 1, 1]);
}

/// Each branch hint of `bytes` as (function, operator at its offset, likely), read with
/// wasmparser.
fn hinted_operators(bytes: &[u8]) -> Vec<(u32, String, bool)> {
    let mut hints = Vec::new();
    let mut bodies = Vec::new();
    let mut imported = 0;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload.unwrap() {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if let wasmparser::TypeRef::Func(_) = import.unwrap().ty {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body),
            Payload::CustomSection(custom) => {
                if let wasmparser::KnownCustom::BranchHints(reader) = custom.as_known() {
                    for func in reader {
                        let func = func.unwrap();
                        for hint in func.hints {
                            let hint = hint.unwrap();
                            hints.push((func.func, hint.func_offset, hint.taken));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    hints
        .into_iter()
        .map(|(func, offset, taken)| {
            let body = &bodies[(func - imported) as usize];
            let at = body.range().start as usize + offset as usize;
            let mut reader = body.get_operators_reader().unwrap();
            let op = loop {
                let position = reader.original_position() as usize;
                let op = reader.read().unwrap();
                if position == at {
                    break format!("{op:?}");
                }
                assert!(position < at, "no operator at the hint's offset");
            };
            (func, op, taken)
        })
        .collect()
}

#[test]
fn instrument_keeps_branch_hints_and_local_names() {
    let wasm = wat::parse_str(
        r#"(module
          (import "env" "x" (func $x))
          (func $f (param $p i32) (local $q i32)
            block
              local.get $p
              (@metadata.code.branch_hint "\01")
              br_if 0
              call $g
            end)
          (func $g (local $r i64) (local $s i32)
            i32.const 1
            (@metadata.code.branch_hint "\00")
            if
              call $f2
            end
            local.get $s
            (@metadata.code.branch_hint "\01")
            br_if 0)
          (func $f2 (call $x)))"#,
    )
    .unwrap();
    let out = instrument::instrument(&wasm).unwrap();
    check_instrumented(&wasm, &out);
    let before = hinted_operators(&wasm);
    assert_eq!(before.len(), 3);
    let after = hinted_operators(&out);
    let shifted: Vec<_> = before
        .iter()
        .map(|(func, op, taken)| (func + 1, op.clone(), *taken))
        .collect();
    assert_eq!(after, shifted);
    let module = Module::decode_from(&out[..]).unwrap();
    assert_eq!(module.name((FuncIdx(2), LocalIdx(0))).unwrap(), Some("p"));
    assert_eq!(module.name((FuncIdx(2), LocalIdx(1))).unwrap(), Some("q"));
    assert_eq!(module.name((FuncIdx(3), LocalIdx(1))).unwrap(), Some("s"));
    assert_eq!(module.name(FuncIdx(3)).unwrap(), Some("g"));
    assert_eq!(module.name(FuncIdx(0)).unwrap(), Some("x"));
    assert_eq!(module.name(FuncIdx(1)).unwrap(), None);
}

#[test]
fn rename_changes_only_the_name_section() {
    let check = |bytes: &[u8], func: u32| {
        let out = rename::rename(bytes, func, "renamed").unwrap();
        validate(&out);
        let before = Module::decode_from(bytes).unwrap();
        let after = Module::decode_from(&out[..]).unwrap();
        assert_eq!(after.name(FuncIdx(func)).unwrap(), Some("renamed"));
        let (old, new) = (before.functions().unwrap(), after.functions().unwrap());
        for (old, new) in old.iter().zip(&new) {
            if old.index.0 != func {
                assert_eq!(old.name, new.name);
            }
        }
        let others = |bytes: &[u8]| -> Vec<_> {
            section_bytes(bytes)
                .into_iter()
                .filter(|(name, _)| name.as_deref() != Some("name"))
                .collect()
        };
        assert_eq!(others(bytes), others(&out));
    };
    check(&sample(), 3);
    // Without a name section: one is added.
    let wasm = wat::parse_str("(module (func) (func))").unwrap();
    check(&wasm, 1);
    for_corpus(|_, bytes| {
        let module = Module::decode_from(bytes).unwrap();
        let count = module.functions().unwrap().len() as u32;
        check(bytes, count / 2);
    });
}

#[test]
fn replace_body_changes_only_that_body() {
    let check = |bytes: &[u8], func: u32| {
        let out = replace_body::replace_body(bytes, func).unwrap();
        validate(&out);
        let before = Module::decode_from(bytes).unwrap();
        let after = Module::decode_from(&out[..]).unwrap();
        let position = (func - before.imported_func_count().unwrap()) as usize;
        let mut expected = body_bytes(&before);
        expected[position] = vec![3, 0, 0x00, 0x0B];
        assert_eq!(body_bytes(&after), expected);
        let others = |bytes: &[u8]| -> Vec<_> {
            section_bytes(bytes)
                .into_iter()
                .filter(|(name, section)| {
                    section[0] != 10 && name.as_deref() != Some("metadata.code.branch_hint")
                })
                .collect()
        };
        assert_eq!(others(bytes), others(&out));
    };
    check(&sample(), 3);
    for_corpus(|_, bytes| {
        let module = Module::decode_from(bytes).unwrap();
        let count = module.functions().unwrap().len() as u32;
        check(bytes, count - 1);
    });
}

#[test]
fn histogram_counts_what_wasmparser_reads() {
    let check = |name: &str, bytes: &[u8]| {
        let counts = histogram::histogram(bytes).unwrap();
        let total: u64 = counts.iter().map(|(_, n)| n).sum();
        // wasmparser reads each body's closing `end`, which wasmbin keeps implicit.
        let (mut operators, mut bodies) = (0u64, 0u64);
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            if let Payload::CodeSectionEntry(body) = payload.unwrap() {
                bodies += 1;
                let mut reader = body.get_operators_reader().unwrap();
                while !reader.eof() {
                    reader.read().unwrap();
                    operators += 1;
                }
            }
        }
        assert_eq!(total, operators - bodies, "{name}");
        assert!(counts.windows(2).all(|w| w[0].1 >= w[1].1));
    };
    let wasm = sample();
    check("sample", &wasm);
    let counts = histogram::histogram(&wasm).unwrap();
    assert!(counts.contains(&("local.get", 3)), "{counts:?}");
    for_corpus(check);
}

#[test]
fn custom_sections_that_do_not_decode_stay_raw() {
    // A producers section whose payload is cut short: decode_all warns, the edit leaves it.
    let mut wasm = wat::parse_str("(module (func (export \"f\")))").unwrap();
    wasm.extend_from_slice(b"\x00\x0b\x09producers\x05");
    let module = Module::decode_from(&wasm[..]).unwrap();
    assert_eq!(module.decode_all().unwrap().len(), 1);
    let out = instrument::instrument(&wasm).unwrap();
    assert!(out.ends_with(b"\x00\x0b\x09producers\x05"));
    let module = Module::decode_from(&out[..]).unwrap();
    assert!(matches!(
        module.custom_sections().last().unwrap().unwrap(),
        CustomSection::Producers(_)
    ));
}
