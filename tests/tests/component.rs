//! Components: lossless round trips, eager decoding, the `RoundtripReencoder` and wasmparser
//! as oracles, malformed input, deep nesting.

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod fuzz;

use fuzz::component::{
    check_component_decode, check_component_differential, check_valid_component,
    wasmparser_reads_component, Reading,
};
use std::path::Path;
use wasmbin::component::{Component, ComponentSection};
use wasmbin::{payload, Binary, ErrorKind, Module, PathSegment};

/// The components of a `.wast` file of `tests/components`, as binaries, with their line.
fn wast_components(file: &str) -> Vec<(String, Vec<u8>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("components")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let buffer = wast::parser::ParseBuffer::new(&text).unwrap();
    let script: wast::Wast =
        wast::parser::parse(&buffer).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let mut out = Vec::new();
    for directive in script.directives {
        if let wast::WastDirective::Module(mut quoted) = directive {
            let (line, _) = quoted.span().linecol_in(&text);
            let bytes = quoted
                .encode()
                .unwrap_or_else(|err| panic!("{file}:{}: {err}", line + 1));
            out.push((format!("{file}:{}", line + 1), bytes));
        }
    }
    out
}

/// Every `.wast` component: read by wasmparser, all round trips, the reencoder oracle.
#[test]
fn wast_components_round_trip() {
    let components = wast_components("productions.wast");
    assert!(components.len() >= 6, "{}", components.len());
    let mut oracle_checked = 0;
    for (name, bytes) in &components {
        assert!(
            matches!(wasmparser_reads_component(bytes), Reading::Read),
            "{name}: {:?}",
            wasmparser_reads_component(bytes)
        );
        let result = std::panic::catch_unwind(|| check_valid_component(bytes));
        match result {
            Ok(checked) => oracle_checked += checked as usize,
            Err(_) => panic!("{name} failed"),
        }
        check_component_differential(bytes);
    }
    println!(
        "{} components, {oracle_checked} compared with the RoundtripReencoder",
        components.len()
    );
    assert!(oracle_checked >= 3);
}

/// The committed components (Rust for wasm32-wasip2, built by `scripts/build-components.sh`).
fn committed_components() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("components");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// Real components from Rust: every check, and the helpers see what they declare.
#[test]
fn rust_components() {
    let components = committed_components();
    assert!(components.len() >= 2, "{components:?}");
    for (name, bytes) in &components {
        assert!(
            matches!(wasmparser_reads_component(bytes), Reading::Read),
            "{name}"
        );
        check_valid_component(bytes);
        check_component_differential(bytes);
        let component = Component::decode_from(&bytes[..]).unwrap();
        let modules: Vec<_> = component.core_modules().collect::<Result<_, _>>().unwrap();
        assert!(!modules.is_empty(), "{name}: no core module");
        let spaces = component.index_spaces().unwrap();
        assert!(
            spaces.core_modules >= modules.len() as u64,
            "{name}: {spaces:?}"
        );
        assert!(spaces.core_instances >= 1, "{name}: {spaces:?}");
    }
    let greeter = &components
        .iter()
        .find(|(n, _)| n == "greeter.wasm")
        .unwrap()
        .1;
    let component = Component::decode_from(&greeter[..]).unwrap();
    let imports: Vec<String> = component
        .imports()
        .unwrap()
        .iter()
        .map(|i| i.name.to_string())
        .collect();
    let exports: Vec<String> = component
        .exports()
        .unwrap()
        .iter()
        .map(|e| e.name.to_string())
        .collect();
    assert!(imports.iter().any(|n| n == "log"), "{imports:?}");
    assert!(
        exports.iter().any(|n| n == "example:greeter/names@0.1.0"),
        "{exports:?}"
    );
}

/// `Binary` reads either kind by the preamble's layer; `Module::decode_from` on a component
/// names the entry point.
#[test]
fn binary_entry_point() {
    let (_, component) = &wast_components("productions.wast")[0];
    match Binary::decode_from(&component[..]).unwrap() {
        Binary::Component(c) => assert_eq!(c.encode_into(Vec::new()).unwrap(), *component),
        Binary::Module(_) => panic!("a component read as a module"),
    }
    let module = b"\0asm\x01\0\0\0";
    assert!(matches!(
        Binary::decode_from(&module[..]).unwrap(),
        Binary::Module(_)
    ));
    let err = Module::decode_from(&component[..]).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Component { version: 0xd });
    assert!(err.to_string().contains("Binary::decode_from"), "{err}");
    // A component with a module's preamble (and the other way round) is refused.
    let err = Component::decode_from(&module[..]).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BadVersion(1));
}

/// Editing one function of a nested module re-encodes that body and the sizes around it:
/// every other byte is as it was.
#[test]
fn editing_a_nested_function_keeps_the_rest() {
    let (_, bytes) = &wast_components("productions.wast")[0];
    let mut component = Component::decode_from(&bytes[..]).unwrap();
    let ComponentSection::CoreModule(module) = &mut component.sections[0] else {
        panic!("the first section is the core module");
    };
    let module = module.try_contents_mut().unwrap();
    let code = module.find_std_section_mut::<payload::Code>().unwrap();
    let body = code.try_contents_mut().unwrap()[1]
        .try_contents_mut()
        .unwrap();
    // `local.get 0` becomes `local.get 0; nop`.
    let end = body.expr.instructions.pop().unwrap();
    body.expr
        .instructions
        .push(wasmbin::instructions::Instruction::Nop);
    body.expr.instructions.push(end);
    let edited = component.encode_into(Vec::new()).unwrap();
    assert_eq!(edited.len(), bytes.len() + 1);
    // The sections after the module are byte for byte the same.
    let first = fuzz_first_difference(bytes, &edited);
    let (_, module_len) = Component::decode_from(&bytes[..]).unwrap().sections[0]
        .extent()
        .unwrap();
    assert!(first < module_len, "first difference at {first}");
    assert_eq!(bytes[module_len + 8..], edited[module_len + 9..]);
    // And it decodes, with the edit.
    let again = Component::decode_from(&edited[..]).unwrap();
    again.decode_all().unwrap();
    assert!(matches!(wasmparser_reads_component(&edited), Reading::Read));
}

fn fuzz_first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// An error inside a nested module's function has its absolute offset and the full path.
#[test]
fn nested_error_has_offset_and_path() {
    // A component whose third section is a module with an unknown opcode in function 0.
    let module = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x0a\x06\x01\x04\0\x01\xff\x0b";
    let mut bytes = b"\0asm\x0d\0\x01\0".to_vec();
    bytes.extend_from_slice(b"\x00\x03\x01a\x00"); // custom section "a"
    bytes.extend_from_slice(b"\x07\x01\x00"); // empty type section
    bytes.push(0x01);
    bytes.push(module.len() as u8);
    let module_start = bytes.len();
    bytes.extend_from_slice(module);
    let component = Component::decode_from(&bytes[..]).unwrap();
    let err = component.decode_all().unwrap_err();
    assert_eq!(err.offset(), module_start + module.len() - 2);
    assert_eq!(
        err.path(),
        [
            PathSegment::ComponentSection {
                index: 2,
                id: 1,
                nested: Some(0)
            },
            PathSegment::Section { index: 2, id: 10 },
            PathSegment::Item {
                kind: "function",
                index: 0
            },
            PathSegment::Item {
                kind: "instruction",
                index: 1
            },
        ]
    );
    assert!(
        err.to_string().ends_with(
            "(component section 2, nested module 0, code section, function 0, instruction 1)"
        ),
        "{err}"
    );
    check_component_differential(&bytes);
}

/// Truncations, byte flips, huge counts, bad sort bytes and a wrong layer: errors with an
/// offset inside the input, never a panic, and the same verdict as wasmparser.
#[test]
fn malformed_components() {
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    let mut seeds: Vec<Vec<u8>> = wast_components("productions.wast")
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    seeds.extend(
        committed_components()
            .into_iter()
            .map(|(_, b)| b)
            .filter(|b| b.len() < 4096),
    );
    for seed in &seeds {
        for len in (0..seed.len()).step_by(1 + seed.len() / 64) {
            inputs.push(seed[..len].to_vec());
        }
        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..200 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let mut flipped = seed.clone();
            let at = 8 + (rng as usize) % (flipped.len() - 8);
            flipped[at] ^= 1 << ((rng >> 32) % 8);
            inputs.push(flipped);
        }
    }
    // A huge count in a type section, a bad sort byte in an alias, the module layer.
    inputs.push(b"\0asm\x0d\0\x01\0\x07\x05\xff\xff\xff\xff\x0f".to_vec());
    inputs.push(b"\0asm\x0d\0\x01\0\x06\x06\x01\x09\x02\x00\x00\x00".to_vec());
    inputs.push(b"\0asm\x0d\0\x00\0".to_vec());
    let mut rejected = 0;
    for input in &inputs {
        check_component_decode(input);
        check_component_differential(input);
        if let Err(err) = Component::decode_from(&input[..]).and_then(|c| c.decode_all()) {
            assert!(err.offset() <= input.len(), "{err}");
            rejected += 1;
        }
    }
    assert!(
        rejected > inputs.len() / 4,
        "{rejected} of {}",
        inputs.len()
    );
}

/// A component nested 100 000 deep decodes lazily and the eager operations stop with an
/// error, on a 2 MiB stack; dropping it costs no stack either.
#[test]
fn deep_nesting_on_a_small_stack() {
    const DEPTH: usize = 100_000;
    // Level k is a component with one section holding level k - 1; level 0 is empty.
    // The sizes first (innermost out), then the bytes (outermost in), in linear time.
    const PREAMBLE: &[u8] = b"\0asm\x0d\0\x01\0";
    let mut sizes = vec![PREAMBLE.len()];
    for k in 1..=DEPTH {
        let inner = sizes[k - 1];
        let mut leb = Vec::new();
        leb128::write::unsigned(&mut leb, inner as u64).unwrap();
        sizes.push(PREAMBLE.len() + 1 + leb.len() + inner);
    }
    let mut bytes = Vec::with_capacity(sizes[DEPTH]);
    for k in (1..=DEPTH).rev() {
        bytes.extend_from_slice(PREAMBLE);
        bytes.push(0x04);
        leb128::write::unsigned(&mut bytes, sizes[k - 1] as u64).unwrap();
    }
    bytes.extend_from_slice(PREAMBLE);
    assert_eq!(bytes.len(), sizes[DEPTH]);
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let component = Component::decode_from(&bytes[..]).unwrap();
            assert_eq!(component.encode_into(Vec::new()).unwrap(), bytes);
            let err = component.decode_all().unwrap_err();
            assert!(err.to_string().contains("nested more than"), "{err}");
            let err = wasmbin::Visit::visit(&component, |_: &u32| {}).unwrap_err();
            assert!(err.to_string().contains("nested more than"), "{err}");
            // Decoding every level by hand, then dropping the tree.
            let mut level = &component;
            let mut levels = 0;
            while let Some(nested) = level.nested_components().next() {
                level = nested.unwrap();
                levels += 1;
            }
            assert_eq!(levels, DEPTH);
            drop(component);
        })
        .unwrap();
    handle.join().unwrap();
}

/// Nested type declarations deeper than the limit are an error, not a stack overflow.
#[test]
fn deep_type_nesting_is_refused() {
    // instancetype(0x42) vec(1) instancedecl type(0x01) … nested 10 000 times.
    let depth = 10_000;
    let mut ty = Vec::new();
    for _ in 0..depth {
        ty.extend_from_slice(&[0x42, 0x01, 0x01]);
    }
    ty.extend_from_slice(&[0x42, 0x00]);
    let mut section = vec![0x01];
    section.extend_from_slice(&ty);
    let mut bytes = b"\0asm\x0d\0\x01\0\x07".to_vec();
    leb128::write::unsigned(&mut bytes, section.len() as u64).unwrap();
    bytes.extend_from_slice(&section);
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let component = Component::decode_from(&bytes[..]).unwrap();
            let err = component.decode_all().unwrap_err();
            assert!(err.to_string().contains("nesting is too deep"), "{err}");
            assert!(matches!(
                wasmparser_reads_component(&bytes),
                Reading::Rejected(_)
            ));
        })
        .unwrap();
    handle.join().unwrap();
}

/// wasm-smith components: every check.
#[test]
fn smith_components() {
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut checked = 0;
    let mut oracle = 0;
    for _ in 0..300 {
        let mut data = vec![0u8; 4096];
        for byte in &mut data {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            *byte = rng as u8;
        }
        let mut u = arbitrary::Unstructured::new(&data);
        let Ok(bytes) = fuzz::component::smith_component(&mut u) else {
            continue;
        };
        oracle += check_valid_component(&bytes) as usize;
        check_component_differential(&bytes);
        checked += 1;
    }
    println!("{checked} wasm-smith components, {oracle} compared with the RoundtripReencoder");
    assert!(checked >= 100, "{checked}");
}

/// Components made here from core modules and WIT with `wit-component`: every check.
#[test]
fn wit_component_components() {
    const WIT: &str = r#"
        package test:wasmbin@1.2.3;
        interface types {
            record point { x: s32, y: s32 }
            variant shape { circle(u32), polygon(list<point>) }
            resource counter {
                constructor(start: u64);
                bump: func() -> u64;
            }
        }
        world app {
            use types.{point, shape};
            import log: func(message: string);
            import types;
            export area: func(s: shape) -> f64;
            export origin: func() -> point;
        }
    "#;
    const MODULE: &str = r#"(module
        (import "$root" "log" (func (param i32 i32)))
        (memory (export "memory") 1)
        (func (export "area") (param i32 i32 i32) (result f64) f64.const 0)
        (func (export "origin") (result i32) i32.const 0)
        (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 8))"#;
    let mut resolve = wit_parser::Resolve::default();
    let package = resolve.push_str("app.wit", WIT).unwrap();
    let world = resolve.select_world(&[package], Some("app")).unwrap();
    let mut module =
        wast::parser::parse::<wast::Wat>(&wast::parser::ParseBuffer::new(MODULE).unwrap())
            .unwrap()
            .encode()
            .unwrap();
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
        false,
    )
    .unwrap();
    let mut made = Vec::new();
    for validate in [true, false] {
        let component = wit_component::ComponentEncoder::default()
            .validate(validate)
            .module(&module)
            .unwrap()
            .encode()
            .unwrap();
        made.push(component);
    }
    // The WIT package itself, encoded as a component (also with canonical names, which
    // puts version suffixes in name attributes).
    made.push(wit_component::encode(&resolve, package, false).unwrap());
    made.push(wit_component::encode(&resolve, package, true).unwrap());
    for bytes in &made {
        assert!(matches!(wasmparser_reads_component(bytes), Reading::Read));
        check_valid_component(bytes);
        check_component_differential(bytes);
    }
    let component = Component::decode_from(&made[0][..]).unwrap();
    let imports: Vec<String> = component
        .imports()
        .unwrap()
        .iter()
        .map(|i| i.name.to_string())
        .collect();
    assert!(imports.iter().any(|n| n == "log"), "{imports:?}");
    assert!(
        imports.iter().any(|n| n == "test:wasmbin/types@1.2.3"),
        "{imports:?}"
    );
    let exports: Vec<String> = component
        .exports()
        .unwrap()
        .iter()
        .map(|e| e.name.to_string())
        .collect();
    assert!(
        exports.iter().any(|n| n == "area") && exports.iter().any(|n| n == "origin"),
        "{exports:?}"
    );
    // The main module defines its three functions (shim modules come beside it).
    let counts: Vec<usize> = component
        .core_modules()
        .map(|m| {
            m.unwrap()
                .find_std_section::<payload::Function>()
                .map_or(0, |f| f.try_contents().unwrap().len())
        })
        .collect();
    assert!(counts.contains(&3), "{counts:?}");
}

/// `Visit` reaches everything, nested modules' instructions included.
#[test]
fn visit_reaches_nested_modules() {
    let (_, bytes) = &wast_components("productions.wast")[2];
    let component = Component::decode_from(&bytes[..]).unwrap();
    let mut modules = 0;
    let mut components = 0;
    let mut funcs = 0;
    let mut names = Vec::new();
    wasmbin::Visit::visit(&component, |_: &Module| modules += 1).unwrap();
    wasmbin::Visit::visit(&component, |_: &Component| components += 1).unwrap();
    wasmbin::Visit::visit(&component, |_: &wasmbin::sections::Func| funcs += 1).unwrap();
    wasmbin::Visit::visit(&component, |n: &wasmbin::component::imports::ExternName| {
        names.push(n.to_string())
    })
    .unwrap();
    // $nested holds $inner and $deeper, which holds one more module.
    assert_eq!((modules, components, funcs), (2, 3, 2));
    assert!(names.iter().any(|n| n == "imported-module"), "{names:?}");
    // Mutably: rename every import, then the component still encodes and decodes.
    let mut owned = component.clone();
    wasmbin::Visit::visit_mut(
        &mut owned,
        |n: &mut wasmbin::component::imports::ExternName| {
            if let wasmbin::component::imports::ExternName::Plain(name) = n {
                name.push('!');
            }
        },
    )
    .unwrap();
    let again = Component::decode_from(&owned.encode_into(Vec::new()).unwrap()[..]).unwrap();
    let renamed: Vec<String> = again
        .imports()
        .unwrap()
        .iter()
        .map(|i| i.name.to_string())
        .collect();
    assert!(renamed.iter().all(|n| n.ends_with('!')), "{renamed:?}");
}

/// `index_spaces` agrees with wasmparser's validator on every valid component here.
#[test]
fn index_spaces_match_the_validator() {
    let mut inputs: Vec<Vec<u8>> = committed_components().into_iter().map(|(_, b)| b).collect();
    inputs.extend(
        wast_components("productions.wast")
            .into_iter()
            .map(|(_, b)| b),
    );
    let mut rng = 0x0123_4567_89AB_CDEFu64;
    for _ in 0..100 {
        let data: Vec<u8> = (0..2048)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng as u8
            })
            .collect();
        if let Ok(bytes) =
            fuzz::component::smith_component(&mut arbitrary::Unstructured::new(&data))
        {
            inputs.push(bytes);
        }
    }
    let mut compared = 0;
    for bytes in &inputs {
        let mut validator =
            wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all());
        let Ok(types) = validator.validate_all(bytes) else {
            continue;
        };
        let types = types.as_ref();
        let ours = Component::decode_from(&bytes[..])
            .unwrap()
            .index_spaces()
            .unwrap();
        let theirs = wasmbin::component::IndexSpaces {
            core_funcs: types.function_count().into(),
            core_tables: types.table_count().into(),
            core_memories: types.memory_count().into(),
            core_globals: types.global_count().into(),
            core_tags: types.tag_count().into(),
            core_types: types.core_type_count_in_component().into(),
            core_modules: types.module_count().into(),
            core_instances: types.core_instance_count().into(),
            funcs: types.component_function_count().into(),
            values: types.value_count().into(),
            types: types.component_type_count().into(),
            components: types.component_count().into(),
            instances: types.component_instance_count().into(),
        };
        assert_eq!(ours, theirs);
        compared += 1;
    }
    assert!(compared >= 50, "{compared}");
}
