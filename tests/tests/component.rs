//! Components: lossless round trips, eager decoding, the `RoundtripReencoder` and wasmparser
//! as oracles, malformed input, deep nesting.
//!
//! Each source of components prints a tally (`cargo test -p wasmbin-tests --test integration
//! -- --nocapture component::`): how many components, how many round-tripped byte-exact, how
//! many decoded eagerly, and for how many the eager re-encode was compared with (and equal
//! to) the `RoundtripReencoder`'s output.

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod fuzz;

use fuzz::component::{
    check_component_decode, check_component_differential, check_valid_component,
    component_reencoder_output, wasmparser_reads_component, Oracle, Reading,
};
use std::path::Path;
use wasmbin::component::{Component, ComponentSection, MAX_COMPONENT_NESTING};
use wasmbin::indices::LocalIdx;
use wasmbin::instructions::Instruction;
use wasmbin::types::ValueType;
use wasmbin::{payload, Binary, ErrorKind, Module, PathSegment};
use wasmbin_tests::{first_difference, Rng};

/// A component of the test data: where it comes from, and its bytes.
struct Source {
    name: String,
    bytes: Vec<u8>,
    /// Written byte by byte (a `(component binary …)` form).
    binary: bool,
}

/// The components of a `.wast` file of `tests/components`, as binaries, named by line.
fn wast_components(file: &str) -> Vec<Source> {
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
            let binary = matches!(
                &quoted,
                wast::QuoteWat::Wat(wast::Wat::Component(wast::component::Component {
                    kind: wast::component::ComponentKind::Binary(_),
                    ..
                }))
            );
            let bytes = quoted
                .encode()
                .unwrap_or_else(|err| panic!("{file}:{}: {err}", line + 1));
            let name = format!("{file}:{}", line + 1);
            out.push(Source {
                name,
                bytes,
                binary,
            });
        }
    }
    out
}

/// The bytes of the components of `productions.wast`.
fn productions() -> Vec<Vec<u8>> {
    wast_components("productions.wast")
        .into_iter()
        .map(|s| s.bytes)
        .collect()
}

/// What the checks found on the components of one source.
#[derive(Default)]
struct Tally {
    /// Components checked.
    components: usize,
    /// Components whose lazy encode, before and after decoding every part, is the input.
    byte_exact: usize,
    /// Components decoded in full, nested modules' function bodies included, whose eager
    /// re-encode decodes to an equal component.
    eager: usize,
    /// Components whose eager re-encode equals the `RoundtripReencoder`'s output where that
    /// reproduces the input (the check fails otherwise).
    reproduced: usize,
    /// Components whose eager re-encode equals the `RoundtripReencoder`'s output where that
    /// changes the input (shortens over-long LEBs).
    equal: usize,
}

impl Tally {
    /// Every check on a valid component: wasmparser reads it, it round-trips byte-exact
    /// lazily, decodes eagerly and re-encodes as the `RoundtripReencoder` does where that
    /// reproduces the input, and wasmbin agrees with wasmparser.
    fn check(&mut self, name: &str, bytes: &[u8]) {
        let reading = wasmparser_reads_component(bytes);
        assert!(matches!(reading, Reading::Read), "{name}: {reading:?}");
        let oracle = std::panic::catch_unwind(|| check_valid_component(bytes))
            .unwrap_or_else(|_| panic!("{name}: a check failed (see above)"));
        check_component_differential(bytes);
        self.components += 1;
        self.byte_exact += 1;
        self.eager += 1;
        match oracle {
            Oracle::Reproduced => self.reproduced += 1,
            Oracle::Equal => self.equal += 1,
            Oracle::Differs | Oracle::Unreadable => {}
        }
    }

    /// Prints the tally of `source`.
    fn report(&self, source: &str) {
        println!(
            "{source}: {} components, {} byte-exact, {} decoded eagerly, {} eager re-encodes \
             equal to the RoundtripReencoder's ({} where it reproduces the input, {} where it \
             changes it)",
            self.components,
            self.byte_exact,
            self.eager,
            self.reproduced + self.equal,
            self.reproduced,
            self.equal
        );
    }
}

/// The names of a component's imports and exports.
fn import_export_names(component: &Component) -> (Vec<String>, Vec<String>) {
    let imports = component.imports().unwrap();
    let exports = component.exports().unwrap();
    (
        imports.iter().map(|i| i.name.to_string()).collect(),
        exports.iter().map(|e| e.name.to_string()).collect(),
    )
}

/// A wasm-smith component drawn from `len` pseudo-random bytes of `rng`, if the bytes make
/// one.
fn smith_component(rng: &mut Rng, len: usize) -> Option<Vec<u8>> {
    let data = rng.bytes(len);
    fuzz::component::smith_component(&mut arbitrary::Unstructured::new(&data)).ok()
}

/// Every `.wast` component: read by wasmparser, all round trips, the reencoder oracle.
#[test]
fn wast_components_round_trip() {
    let components = wast_components("productions.wast");
    assert!(components.len() >= 8, "{}", components.len());
    let mut tally = Tally::default();
    for component in &components {
        tally.check(&component.name, &component.bytes);
    }
    tally.report("productions.wast");
    assert_eq!(tally.reproduced + tally.equal, components.len());
}

/// The `(component binary …)` forms write LEBs longer than needed, also inside nested core
/// modules and components: they come back byte for byte (lazily, and after every part was
/// decoded), and the eager re-encode is the canonical one that the `RoundtripReencoder`
/// writes, shorter than the input.
#[test]
fn padded_lebs_round_trip_byte_exact() {
    let padded: Vec<Source> = wast_components("productions.wast")
        .into_iter()
        .filter(|s| s.binary)
        .collect();
    assert!(padded.len() >= 3, "{}", padded.len());
    for Source { name, bytes, .. } in &padded {
        check_component_decode(bytes);
        let component = Component::decode_from(&bytes[..]).unwrap();
        component.decode_all().unwrap();
        assert_eq!(component.encode_into(Vec::new()).unwrap(), *bytes, "{name}");
        let eager = fuzz::component::component_eager_roundtrip(&component);
        assert!(eager.len() < bytes.len(), "{name}: nothing was padded");
        let oracle = component_reencoder_output(bytes).unwrap();
        assert_eq!(eager, oracle, "{name}: differs from the RoundtripReencoder");
    }
    // Inside the nested module, the function decodes to what it says.
    let component = padded
        .iter()
        .map(|s| Component::decode_from(&s.bytes[..]).unwrap())
        .find(|c| c.core_modules().next().is_some())
        .unwrap();
    let module = component.core_modules().next().unwrap().unwrap();
    let code = module.find_std_section::<payload::Code>().unwrap();
    let body = code.try_contents().unwrap()[0].try_contents().unwrap();
    let locals: Vec<_> = body.locals.iter().map(|l| (l.count, l.ty)).collect();
    assert_eq!(locals, [(1, ValueType::I32)]);
    assert!(
        matches!(
            body.expr.instructions[..],
            [
                Instruction::LocalGet(LocalIdx(0)),
                Instruction::I32Const(-1),
                Instruction::I32Add,
                Instruction::LocalSet(LocalIdx(1)),
                Instruction::LocalGet(LocalIdx(1)),
            ]
        ),
        "{:?}",
        body.expr.instructions
    );
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
    let mut tally = Tally::default();
    for (name, bytes) in &components {
        tally.check(name, bytes);
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
    tally.report("Rust wasm32-wasip2 builds");
    // Their LEBs are padded; the reencoder writes them minimal, as an eager encode does.
    assert_eq!(tally.equal, components.len());
    let greeter = &components
        .iter()
        .find(|(n, _)| n == "greeter.wasm")
        .unwrap()
        .1;
    let (imports, exports) = import_export_names(&Component::decode_from(&greeter[..]).unwrap());
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
    let component = &productions()[0];
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
    let bytes = &productions()[0];
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
    let first = first_difference(bytes, &edited);
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
    let mut seeds = productions();
    seeds.extend(
        committed_components()
            .into_iter()
            .map(|(_, b)| b)
            .filter(|b| b.len() < 4096),
    );
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    for seed in &seeds {
        for len in (0..seed.len()).step_by(1 + seed.len() / 64) {
            inputs.push(seed[..len].to_vec());
        }
        for _ in 0..200 {
            let mut flipped = seed.clone();
            let at = 8 + rng.index(flipped.len() - 8);
            flipped[at] ^= 1 << rng.below(8);
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

/// A component nested `depth` levels deep: level k is a component whose sections are
/// `level` and then one component section holding level k - 1; level 0 is `innermost`.
/// The sizes first (innermost out), then the bytes (outermost in), in linear time.
fn nested_component(depth: usize, level: &[u8], innermost: &[u8]) -> Vec<u8> {
    const PREAMBLE: &[u8] = b"\0asm\x0d\0\x01\0";
    let mut sizes = vec![innermost.len()];
    let mut leb = Vec::new();
    for k in 1..=depth {
        let inner = sizes[k - 1];
        leb.clear();
        leb128::write::unsigned(&mut leb, inner as u64).unwrap();
        sizes.push(PREAMBLE.len() + level.len() + 1 + leb.len() + inner);
    }
    let mut bytes = Vec::with_capacity(sizes[depth]);
    for k in (1..=depth).rev() {
        bytes.extend_from_slice(PREAMBLE);
        bytes.extend_from_slice(level);
        bytes.push(0x04);
        leb128::write::unsigned(&mut bytes, sizes[k - 1] as u64).unwrap();
    }
    bytes.extend_from_slice(innermost);
    assert_eq!(bytes.len(), sizes[depth]);
    bytes
}

/// Runs `f` on a thread with a 2 MiB stack.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

/// A component nested 100 000 deep decodes lazily, writes itself back, and every way into
/// it stops with an error at the nesting limit, on a 2 MiB stack.
#[test]
fn deep_nesting_on_a_small_stack() {
    const DEPTH: usize = 100_000;
    let bytes = nested_component(DEPTH, b"", b"\0asm\x0d\0\x01\0");
    // Where the first component beyond the limit starts: after the preamble, id and size of
    // each enclosing one.
    let mut too_deep = 0;
    for _ in 0..=MAX_COMPONENT_NESTING {
        let mut size = &bytes[too_deep + 9..];
        let before = size.len();
        leb128::read::unsigned(&mut size).unwrap();
        too_deep += 9 + before - size.len();
    }
    on_small_stack(move || {
        let component = Component::decode_from(&bytes[..]).unwrap();
        assert_eq!(component.encode_into(Vec::new()).unwrap(), bytes);
        let err = component.decode_all().unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
        let err = wasmbin::Visit::visit(&component, |_: &u32| {}).unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
        // Decoding level by level by hand stops at the limit too.
        let mut level = &component;
        let mut levels = 0;
        let err = loop {
            match level.nested_components().next().unwrap() {
                Ok(nested) => level = nested,
                Err(err) => break err,
            }
            levels += 1;
        };
        assert_eq!(levels, MAX_COMPONENT_NESTING);
        assert!(err.to_string().contains("nested more than"), "{err}");
        assert_eq!(err.offset(), too_deep);
        drop(component);
    });
}

/// Components nested as deep as allowed, each level with a core module and types, the
/// innermost with a type nested as deep as allowed: every operation works on a 2 MiB stack,
/// `Clone`, `Debug`, `PartialEq` and `Drop` included, and one level more is an error.
#[test]
fn deepest_allowed_nesting_on_a_small_stack() {
    // A module with a function, and a type section with an instance type holding a type.
    let module = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x0a\x04\x01\x02\0\x0b";
    let mut level = vec![0x01, module.len() as u8];
    level.extend_from_slice(module);
    level.extend_from_slice(b"\x07\x06\x01\x42\x01\x01\x42\x00");
    let types = wasmbin::component::types::MAX_TYPE_NESTING as usize;
    let innermost = nested_type(types);
    let bytes = nested_component(MAX_COMPONENT_NESTING, &level, &innermost);
    let deeper = nested_component(MAX_COMPONENT_NESTING + 1, &level, &innermost);
    let too_deep_type = nested_component(MAX_COMPONENT_NESTING, &level, &nested_type(types + 1));
    assert!(matches!(wasmparser_reads_component(&bytes), Reading::Read));
    on_small_stack(move || {
        let component = Component::decode_from(&bytes[..]).unwrap();
        component.decode_all().unwrap();
        let copy = component.clone();
        assert!(copy == component);
        assert!(copy != Component::default());
        let debug = format!("{component:?}");
        assert!(debug.len() > bytes.len(), "{}", debug.len());
        assert!(format!("{component:#?}").len() > debug.len());
        let mut modules = 0;
        wasmbin::Visit::visit(&component, |_: &Module| modules += 1).unwrap();
        assert_eq!(modules, MAX_COMPONENT_NESTING);
        assert_eq!(component.encode_into(Vec::new()).unwrap(), bytes);
        let mut owned = copy.clone();
        owned.decode_all_mut().unwrap();
        assert_eq!(owned.encode_into(Vec::new()).unwrap(), bytes);
        drop((component, copy, owned));

        let err = Component::decode_from(&deeper[..])
            .unwrap()
            .decode_all()
            .unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
        let err = Component::decode_from(&too_deep_type[..])
            .unwrap()
            .decode_all()
            .unwrap_err();
        assert!(err.to_string().contains("nesting is too deep"), "{err}");
    });
}

/// A component with one type declaration nested `levels` deep: an instance type declaring
/// an instance type … declaring nothing.
fn nested_type(levels: usize) -> Vec<u8> {
    let mut section = vec![0x01];
    for _ in 1..levels {
        // instancetype(0x42) vec(1) instancedecl type(0x01)
        section.extend_from_slice(&[0x42, 0x01, 0x01]);
    }
    section.extend_from_slice(&[0x42, 0x00]);
    let mut bytes = b"\0asm\x0d\0\x01\0\x07".to_vec();
    leb128::write::unsigned(&mut bytes, section.len() as u64).unwrap();
    bytes.extend_from_slice(&section);
    bytes
}

/// Nested type declarations deeper than the limit are an error, not a stack overflow.
#[test]
fn deep_type_nesting_is_refused() {
    let bytes = nested_type(10_000);
    on_small_stack(move || {
        let component = Component::decode_from(&bytes[..]).unwrap();
        let err = component.decode_all().unwrap_err();
        assert!(err.to_string().contains("nesting is too deep"), "{err}");
        assert!(matches!(
            wasmparser_reads_component(&bytes),
            Reading::Rejected(_)
        ));
    });
}

/// wasm-smith components: every check.
#[test]
fn smith_components() {
    let mut rng = Rng::new(0x2545_F491_4F6C_DD1D);
    let mut tally = Tally::default();
    for seed in 0..300 {
        if let Some(bytes) = smith_component(&mut rng, 4096) {
            tally.check(&format!("wasm-smith component {seed}"), &bytes);
        }
    }
    tally.report("wasm-smith");
    assert!(tally.components >= 100, "{}", tally.components);
    assert_eq!(tally.reproduced, tally.components);
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
    let mut tally = Tally::default();
    for (index, bytes) in made.iter().enumerate() {
        tally.check(&format!("wit-component output {index}"), bytes);
    }
    tally.report("wit-component");
    assert_eq!(tally.reproduced + tally.equal, made.len());
    let component = Component::decode_from(&made[0][..]).unwrap();
    let (imports, exports) = import_export_names(&component);
    assert!(imports.iter().any(|n| n == "log"), "{imports:?}");
    assert!(
        imports.iter().any(|n| n == "test:wasmbin/types@1.2.3"),
        "{imports:?}"
    );
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
    let bytes = &productions()[2];
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
    let (renamed, _) = import_export_names(&again);
    assert!(renamed.iter().all(|n| n.ends_with('!')), "{renamed:?}");
}

/// `index_spaces` agrees with wasmparser's validator on every valid component here.
#[test]
fn index_spaces_match_the_validator() {
    let mut inputs: Vec<Vec<u8>> = committed_components().into_iter().map(|(_, b)| b).collect();
    inputs.extend(productions());
    let mut rng = Rng::new(0x0123_4567_89AB_CDEF);
    inputs.extend((0..100).filter_map(|_| smith_component(&mut rng, 2048)));
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

/// Fuzz finding (`component`): in a nested module, a plain `i64.store` whose memarg flags
/// have bit 4 set (alignment exponent 19 in Wasm 3.0) decoded with wasmbin, while wasmparser
/// with every feature (acquire-release atomics among them) refused it as an ordering on a
/// non-atomic instruction. The differential readers now leave out the two proposals that
/// read those bits otherwise; the `acqrel` byte of `atomic.fence` stays wasmbin's only.
#[test]
fn memarg_flag_bits_are_alignment_for_both_readers() {
    let module = |body: &[u8]| {
        let mut bytes =
            b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x05\x03\x01\0\x01".to_vec();
        let entry = [&[body.len() as u8 + 2, 0][..], body, &[0x0B]].concat();
        bytes.extend([0x0A, entry.len() as u8 + 1, 1]);
        bytes.extend(entry);
        bytes
    };
    // i32.const 0, i64.const 0, i64.store (flags 0x13: align 2^19), offset 0x20
    let store = module(&[0x41, 0, 0x42, 0, 0x37, 0x13, 0x20]);
    // atomic.fence with the acquire-release ordering byte
    let fence = module(&[0xFE, 0x03, 0x01]);
    for bytes in [&store, &fence] {
        let decoded = Module::decode_from(&bytes[..]).unwrap();
        decoded.decode_all().unwrap();
        assert_eq!(&decoded.encode_into(Vec::new()).unwrap(), bytes);
        fuzz::check_differential(bytes);
    }
    assert_eq!(fuzz::wasmparser_reads(&store), Ok(()));
    let refused = fuzz::wasmparser_reads(&fence).unwrap_err();
    assert!(fuzz::rejected_fence_ordering(&refused), "{refused}");

    let mut component = b"\0asm\x0d\0\x01\0\x01".to_vec();
    component.push(store.len() as u8);
    component.extend(&store);
    check_component_differential(&component);
    assert!(matches!(
        wasmparser_reads_component(&component),
        Reading::Read
    ));
    Component::decode_from_bytes(component)
        .unwrap()
        .decode_all()
        .unwrap();
}

/// A custom section (`id` 0) named `name` with `payload`.
fn custom_section(name: &str, payload: &[u8]) -> Vec<u8> {
    let mut contents = vec![name.len() as u8];
    contents.extend_from_slice(name.as_bytes());
    contents.extend_from_slice(payload);
    let mut out = vec![0x00, contents.len() as u8];
    out.extend(contents);
    out
}

/// Encoding errors carry the path through the component: the component section, then the
/// path inside a nested module (kept as the module gives it) or nested component.
#[test]
fn encode_errors_have_the_component_path() {
    use wasmbin::error::EncodeErrorKind;
    use wasmbin::instructions::Expression;
    use wasmbin::sections::Func;
    use wasmbin::types::BlockType;
    let bytes = wasmbin_tests::wat(
        r#"(component
             (import "host" (func))
             (core module (func) (func))
             (component (core module) (core module (func nop))))"#,
    );
    let component = Component::decode_from(&bytes[..]).unwrap();
    let position = |id: u8| {
        component
            .sections
            .iter()
            .position(|s| s.id() == id)
            .unwrap()
    };
    let (module_at, nested_at) = (position(1), position(4));
    // An unbalanced expression (a `block` without `end`), as in the module test.
    let unbalanced = || {
        wasmbin::Blob::new(Func {
            locals: vec![],
            expr: Expression::new(vec![Instruction::Block(BlockType::Empty)]),
        })
    };
    let code_section = |module: &Module| {
        let index = module.sections.iter().position(|s| s.id() == 10).unwrap();
        PathSegment::Section {
            index: index as u32,
            id: 10,
        }
    };

    // In a module directly inside the component.
    let mut edited = component.clone();
    let ComponentSection::CoreModule(blob) = &mut edited.sections[module_at] else {
        unreachable!()
    };
    let module = blob.try_contents_mut().unwrap();
    let code = code_section(module);
    module
        .find_std_section_mut::<payload::Code>()
        .unwrap()
        .try_contents_mut()
        .unwrap()[1] = unbalanced();
    let err = edited.encode_into(Vec::new()).unwrap_err();
    assert!(matches!(err.kind(), EncodeErrorKind::Unrepresentable(_)));
    assert_eq!(err.io_kind(), std::io::ErrorKind::InvalidInput);
    let in_module = PathSegment::ComponentSection {
        index: module_at as u32,
        id: 1,
        nested: Some(0),
    };
    assert_eq!(err.path(), [in_module, code]);
    assert!(
        err.to_string().ends_with(&format!(
            "(component section {module_at}, nested module 0, code section)"
        )),
        "{err}"
    );
    // `Binary` reports the same.
    let err = Binary::Component(edited)
        .encode_into(Vec::new())
        .unwrap_err();
    assert_eq!(err.path(), [in_module, code]);

    // In the second module of the nested component.
    let mut edited = component.clone();
    let ComponentSection::Component(nested) = &mut edited.sections[nested_at] else {
        unreachable!()
    };
    let ComponentSection::CoreModule(blob) = &mut nested.try_contents_mut().unwrap().sections[1]
    else {
        panic!("the nested component's section 1 is a module");
    };
    let module = blob.try_contents_mut().unwrap();
    let code = code_section(module);
    module
        .find_std_section_mut::<payload::Code>()
        .unwrap()
        .try_contents_mut()
        .unwrap()[0] = unbalanced();
    let err = edited.encode_into(Vec::new()).unwrap_err();
    assert_eq!(
        err.path(),
        [
            PathSegment::ComponentSection {
                index: nested_at as u32,
                id: 4,
                nested: Some(0)
            },
            PathSegment::ComponentSection {
                index: 1,
                id: 1,
                nested: Some(1)
            },
            code,
        ]
    );
    assert!(
        err.to_string().ends_with(&format!(
            "(component section {nested_at}, nested component 0, component section 1, nested \
             module 1, code section)"
        )),
        "{err}"
    );

    // A rule of the nested component itself (one start section at most): its section.
    let mut edited = component.clone();
    let ComponentSection::Component(nested) = &mut edited.sections[nested_at] else {
        unreachable!()
    };
    let start = wasmbin::component::canon::Start {
        func: Default::default(),
        args: vec![],
        results: 0,
    };
    let sections = &mut nested.try_contents_mut().unwrap().sections;
    for _ in 0..2 {
        sections.push(ComponentSection::Start(wasmbin::Blob::new(start.clone())));
    }
    let err = edited.encode_into(Vec::new()).unwrap_err();
    assert!(matches!(err.kind(), EncodeErrorKind::Unrepresentable(_)));
    assert_eq!(
        err.path(),
        [PathSegment::ComponentSection {
            index: nested_at as u32,
            id: 4,
            nested: Some(0)
        }]
    );
    // A value of the component itself that fails its type's side condition (a name with
    // the same attribute twice): the import section.
    use wasmbin::component::imports::{ExternName, NameAttribute, NameWithAttributes};
    let mut edited = component.clone();
    let import_at = position(10);
    let ComponentSection::Import(imports) = &mut edited.sections[import_at] else {
        unreachable!()
    };
    imports.try_contents_mut().unwrap()[0].name = ExternName::WithAttributes(NameWithAttributes {
        name: "host".into(),
        attributes: vec![NameAttribute::ExternalId("a".into()); 2],
    });
    let err = edited.encode_into(Vec::new()).unwrap_err();
    assert!(matches!(err.kind(), EncodeErrorKind::Unrepresentable(_)));
    assert_eq!(
        err.path(),
        [PathSegment::ComponentSection {
            index: import_at as u32,
            id: 10,
            nested: None
        }]
    );
    assert!(
        err.to_string()
            .ends_with(&format!("(component section {import_at} (import))")),
        "{err}"
    );

    // Untouched, it still encodes as read.
    assert_eq!(component.encode_into(Vec::new()).unwrap(), bytes);
}

/// Visits skip the custom sections whose payload does not decode (malformed `producers`
/// and `name` payloads, in the component and in a nested module), as `decode_all` does,
/// which reports them as warnings; visiting mutably leaves their bytes as they were.
#[test]
fn visits_skip_undecodable_custom_payloads() {
    // `producers`: one field whose name claims 9 bytes but has 4. `name`: a subsection id
    // without its size.
    let producers = custom_section("producers", &[[1, 9].as_slice(), b"lang"].concat());
    let name = custom_section("name", &[0x01]);
    let mut module = wasmbin_tests::wat("(module (func) (func nop))");
    module.extend_from_slice(&producers);
    let mut bytes = wasmbin_tests::wat(r#"(component (import "host" (func)))"#);
    bytes.extend_from_slice(&producers);
    bytes.push(0x01); // a core module section
    bytes.push(module.len() as u8);
    bytes.extend_from_slice(&module);
    bytes.extend_from_slice(&name);
    assert!(matches!(wasmparser_reads_component(&bytes), Reading::Read));

    let component = Component::decode_from(&bytes[..]).unwrap();
    let warnings = component.decode_all().unwrap();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    let mut names = Vec::new();
    wasmbin::Visit::visit(&component, |n: &wasmbin::component::imports::ExternName| {
        names.push(n.to_string())
    })
    .unwrap();
    assert_eq!(names, ["host"]);
    let mut funcs = 0;
    wasmbin::Visit::visit(&component, |_: &wasmbin::sections::Func| funcs += 1).unwrap();
    assert_eq!(funcs, 2);
    let mut customs = 0;
    wasmbin::Visit::visit(&component, |_: &wasmbin::custom::CustomSection| {
        customs += 1
    })
    .unwrap();
    assert_eq!(customs, 0, "only undecodable custom sections here");

    let mut owned = Component::decode_from(&bytes[..]).unwrap();
    let mut funcs = 0;
    wasmbin::Visit::visit_mut(&mut owned, |_: &mut wasmbin::sections::Func| funcs += 1).unwrap();
    assert_eq!(funcs, 2);
    assert_eq!(owned.encode_into(Vec::new()).unwrap(), bytes);
}

/// The bytes an encode must give for `sections` that were all read from `input`: the
/// preamble, then each section's own bytes there, in the order of `sections`.
fn sections_bytes(input: &[u8], sections: &[ComponentSection]) -> Vec<u8> {
    let mut out = input[..8].to_vec();
    for section in sections {
        let (offset, len) = section.extent().expect("a section as read");
        out.extend_from_slice(&input[offset..offset + len]);
    }
    out
}

/// An untouched component is written in one piece from the bytes it was read from; every
/// change to its list of sections (reordered, removed, added, or a section replaced by an
/// equal one read from another copy of the input, short or long) is written as the sections
/// it now has.
#[test]
fn rearranged_sections_are_written_as_they_now_are() {
    for (name, input) in committed_components() {
        let read = || Component::decode_from(&input[..]).unwrap();
        let encode = |component: &Component| component.encode_into(Vec::new()).unwrap();
        let component = read();
        let n = component.sections.len();
        assert!(n >= 3, "{name}");
        assert_eq!(encode(&component), input, "{name}: untouched");
        assert_eq!(encode(&component.clone()), input, "{name}: a clone");
        let built = Component::new(component.sections.clone());
        assert_eq!(encode(&built), input, "{name}: the same sections, built");

        // Two neighbours with different bytes, swapped.
        let at = (0..n - 1)
            .find(|&i| {
                let extent = |s: &ComponentSection| s.extent().unwrap();
                let (a, b) = (
                    extent(&component.sections[i]),
                    extent(&component.sections[i + 1]),
                );
                input[a.0..a.0 + a.1] != input[b.0..b.0 + b.1]
            })
            .unwrap();
        let mut swapped = read();
        swapped.sections.swap(at, at + 1);
        let expected = sections_bytes(&input, &swapped.sections);
        assert_ne!(expected, input);
        assert_eq!(
            encode(&swapped),
            expected,
            "{name}: sections {at} and {} swapped",
            at + 1
        );

        let mut removed = read();
        removed.sections.remove(n / 2);
        assert_eq!(
            encode(&removed),
            sections_bytes(&input, &removed.sections),
            "{name}: section {} removed",
            n / 2
        );

        let mut added = read();
        let last = added.sections[n - 1].clone();
        added.sections.push(last);
        let expected = sections_bytes(&input, &added.sections);
        assert_eq!(
            expected.len(),
            input.len() + added.sections[n].extent().unwrap().1
        );
        assert_eq!(encode(&added), expected, "{name}: last section repeated");

        // A short section and a long one replaced by the same section read from another
        // buffer (an equal copy of the input): the component is still what was read.
        let other_input = input.clone();
        let other = Component::decode_from_bytes(other_input).unwrap();
        let len = |s: &ComponentSection| s.extent().unwrap().1;
        let short = (0..n).find(|&i| len(&component.sections[i]) <= 16).unwrap();
        let long = (0..n)
            .find(|&i| len(&component.sections[i]) > 1000)
            .unwrap();
        for i in [short, long] {
            let mut replaced = read();
            replaced.sections[i] = other.sections[i].clone();
            assert_eq!(
                encode(&replaced),
                input,
                "{name}: section {i} from another buffer"
            );
        }
        // … and by a different section of the same id and length, whose bytes differ.
        let bytes = |i: usize| sections_bytes(&input, &component.sections[i..=i]);
        let (i, j) = (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .find(|&(i, j)| {
                let (a, b) = (&component.sections[i], &component.sections[j]);
                a.id() == b.id() && len(a) == len(b) && bytes(i) != bytes(j)
            })
            .unwrap();
        for source in [&component, &other] {
            let mut different = read();
            different.sections[i] = source.sections[j].clone();
            let mut expected = read().sections.clone();
            expected[i] = expected[j].clone();
            assert_eq!(
                encode(&different),
                sections_bytes(&input, &expected),
                "{name}: section {i} replaced by section {j}"
            );
        }
    }
}
