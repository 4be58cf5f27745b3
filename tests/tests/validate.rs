//! The `validate` feature: `Module::validate` against the spec suite's `module` and
//! `assert_invalid` directives, the paths of its errors checked against the bytes they
//! point at, feature sets, components, and the real-world corpus (`WASMBIN_CORPUS`).

use std::collections::BTreeMap;
use wasmbin::error::PathSegment;
use wasmbin::instructions::Instruction;
use wasmbin::io::{Decode, Reader};
use wasmbin::sections::Locals;
use wasmbin::validate::{ValidateError, WasmFeatures};
use wasmbin::{payload, Binary, Module};
use wasmbin_tests::wat;

/// The folders whose reading of validity is the one of `WasmFeatures::all()`: the current
/// standard and the proposals wasmparser implements in their latest form. (Older standards
/// and some proposal folders hold `assert_invalid` modules that later proposals made valid,
/// e.g. multi-value results in `wasm-v1`.)
const FOLDERS: &[&str] = &[
    "wasm-v3",
    "wasm-latest",
    "proposals/gc",
    "proposals/function-references",
    "proposals/memory64",
    "proposals/multi-memory",
    "proposals/tail-call",
    "proposals/extended-const",
    "proposals/relaxed-simd",
    "proposals/wide-arithmetic",
    "proposals/custom-page-sizes",
    "proposals/threads",
];

/// Where the instruction at `index` of the body `function` of the code section starts and
/// ends, read with a plain `Reader` over the body's bytes (independently of the path
/// search in the library).
fn instruction_extent(module: &Module, function: usize, index: usize) -> (usize, usize) {
    let code = module.find_std_section::<payload::Code>().unwrap();
    let body = &code.try_contents().unwrap()[function];
    let base = body.offset().unwrap();
    let mut reader = Reader::new(body.raw_bytes().unwrap());
    u32::decode(&mut reader).unwrap();
    Vec::<Locals>::decode(&mut reader).unwrap();
    for _ in 0..index {
        Instruction::decode(&mut reader).unwrap();
    }
    let start = base + reader.offset();
    Instruction::decode(&mut reader).unwrap();
    (start, base + reader.offset())
}

/// Checks the offset and path of a validation error of `module` (read from `bytes`): the
/// offset is in the input, the first segment is the section that holds it, and a path to
/// an instruction names the instruction that holds it. Returns whether the path went down
/// to an instruction.
fn check_error_path(origin: &str, module: &Module, bytes: &[u8], err: &ValidateError) -> bool {
    let offset = err.offset().expect("an unmodified module encodes");
    assert!(
        offset <= bytes.len(),
        "{origin}: offset {offset:#x} beyond the input"
    );
    let path = err.path();
    let Some(&PathSegment::Section { index, id }) = path.first() else {
        assert!(path.is_empty(), "{origin}: {path:?}");
        return false;
    };
    let section = &module.sections[index as usize];
    assert_eq!(section.id(), id, "{origin}");
    let (start, size) = section.extent().unwrap();
    assert!(
        (start..start + size).contains(&offset),
        "{origin}: {err} is outside section {index} ({start:#x}, {size} bytes)"
    );
    match path {
        [_, PathSegment::Item {
            kind: "function",
            index: function,
        }, PathSegment::Item {
            kind: "instruction",
            index: instruction,
        }] => {
            let (start, end) =
                instruction_extent(module, *function as usize, *instruction as usize);
            assert!(
                (start..end).contains(&offset),
                "{origin}: {err}: instruction {instruction} spans {start:#x}..{end:#x}"
            );
            true
        }
        _ => false,
    }
}

#[test]
fn spec_modules_validate_and_assert_invalid_ones_do_not() {
    let cases = wasmbin_tests::spec_validation_cases(FOLDERS);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (origin, must_validate, bytes) in &cases {
        let module = match Module::decode_from_bytes(bytes.clone()) {
            Ok(module) => module,
            // Text that the spec reads as invalid may still not decode (a type index out
            // of `s33` range …): nothing to validate.
            Err(_) if !must_validate => {
                *counts.entry("invalid, does not decode").or_default() += 1;
                continue;
            }
            Err(err) => panic!("{origin}: {err}"),
        };
        match (module.validate(), must_validate) {
            (Ok(()), true) => *counts.entry("valid").or_default() += 1,
            (Err(err), false) => {
                let key = match (
                    check_error_path(origin, &module, bytes, &err),
                    err.path().len(),
                ) {
                    (true, _) => "invalid, path to the instruction",
                    (false, 0) => "invalid, no path",
                    (false, 1) => "invalid, path to a section",
                    (false, _) => "invalid, path to an item",
                };
                *counts.entry(key).or_default() += 1;
            }
            (Ok(()), false) => {
                failures.push(format!("{origin}: an assert_invalid module validates"))
            }
            (Err(err), true) => failures.push(format!("{origin}: {err}")),
        }
    }
    println!("{counts:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(counts["valid"] > 2000, "{counts:?}");
    assert!(
        counts["invalid, path to the instruction"] > 500,
        "{counts:?}"
    );
    assert!(counts["invalid, path to an item"] > 100, "{counts:?}");
}

#[test]
fn features_are_the_callers() {
    // `i32.extend8_s` (sign-extension operators, Wasm 2.0).
    let wasm = wat("(module (func (param i32) (result i32) local.get 0 i32.extend8_s))");
    let module = Module::decode_from(&wasm[..]).unwrap();
    module.validate().unwrap();
    module.validate_with(WasmFeatures::WASM2).unwrap();
    let err = module.validate_with(WasmFeatures::WASM1).unwrap_err();
    assert!(err.to_string().contains("sign extension"), "{err}");
    assert_eq!(
        err.path_string(),
        "Module > section 2 (code) > function 0 > instruction 1"
    );
}

#[test]
fn a_modified_module_is_validated_as_it_encodes() {
    let wasm = wat("(module (func (result i32) i32.const 7))");
    let mut module = Module::decode_from(&wasm[..]).unwrap();
    module.validate().unwrap();
    module
        .edit_bodies(|_, body| {
            body.instructions.push(Instruction::Drop.into());
        })
        .unwrap();
    let err = module.validate().unwrap_err();
    assert!(err.to_string().contains("type mismatch"), "{err}");
    // The offset and path are those of the new encoding: the closing `end`, after the drop.
    let encoded = module.encode_into(Vec::new()).unwrap();
    assert_eq!(err.offset(), Some(encoded.len() - 1));
    assert_eq!(
        err.path_string(),
        "Module > section 2 (code) > function 0 > instruction 2"
    );
}

#[test]
fn components_and_their_nested_modules() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/components");
    for name in ["greeter.wasm", "hello.wasm"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let binary = Binary::decode_from_bytes(bytes).unwrap();
        binary
            .validate()
            .unwrap_or_else(|err| panic!("{name}: {err}"));
    }

    // A component whose core module's function returns an i64 where it declares an i32.
    let text = r#"(component
        (core module $m (func (result i32) i64.const 1))
        (core instance (instantiate $m)))"#;
    let wasm = wat(text);
    let Binary::Component(component) = Binary::decode_from_bytes(wasm).unwrap() else {
        panic!("not a component");
    };
    let err = component.validate().unwrap_err();
    assert!(err.to_string().contains("type mismatch"), "{err}");
    assert_eq!(
        err.path_string(),
        "Module > component section 0, nested module 0 > section 2 (code) > function 0 > instruction 1"
    );
}

/// Every real-world binary under `$WASMBIN_CORPUS` validates (they are what toolchains
/// ship); skipped with a notice without the variable.
#[test]
fn corpus_validates() {
    let Some(files) = wasmbin_tests::corpus_from_env("validation") else {
        return;
    };
    for (path, _) in files {
        let bytes = std::fs::read(&path).unwrap();
        let binary = Binary::decode_from_bytes(bytes).unwrap();
        match binary.validate() {
            Ok(()) => println!("valid: {}", path.display()),
            Err(err) => panic!("{}: {err} ({})", path.display(), err.path_string()),
        }
    }
}
