//! The `serde` feature: every module of the spec suite and every binary of the real-world
//! corpus (69 MB of wasm at most: about a minute for the whole corpus, under 2 GB of memory)
//! go to JSON and back. The value read back equals the decoded module,
//! encodes to what the module encodes to once fully decoded (`decode_all_mut`), and so to
//! the input wherever wasm-encoder's `RoundtripReencoder` reproduces the input.

use wasmbin::instructions::Instruction;
use wasmbin::io::{F32, F64};
use wasmbin::{Binary, Component, Module};
use wasmbin_tests::{reencoder_output, wat};

/// How one module's round trip through JSON went.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// The value read back encodes to the input.
    SameBytes,
    /// It encodes to the eager encoding, which differs from the input (padded LEBs …),
    /// and so does wasm-encoder's `RoundtripReencoder` output.
    EagerBytes,
    /// A custom section's payload does not decode, so the module has no JSON form.
    UndecodableCustom,
}

/// Goes to JSON and back and checks the value and its encoding.
fn json_roundtrip(origin: &str, bytes: &[u8]) -> Outcome {
    let module = Module::decode_from_bytes(bytes.to_vec()).unwrap();
    let warnings = module.decode_all().unwrap();
    let json = serde_json::to_string(&module);
    if !warnings.is_empty() {
        // The error names the payload that does not decode.
        let err = json.expect_err(origin).to_string();
        assert!(err.contains(" at offset 0x"), "{origin}: {err}");
        return Outcome::UndecodableCustom;
    }
    let json = json.unwrap_or_else(|err| panic!("{origin}: {err}"));
    let back: Module = serde_json::from_str(&json).unwrap_or_else(|err| panic!("{origin}: {err}"));
    assert!(back == module, "{origin}: the value read back differs");

    let encoded = back
        .encode_into(Vec::new())
        .unwrap_or_else(|err| panic!("{origin}: {err}"));
    let mut eager = module.clone();
    eager.decode_all_mut().unwrap();
    let eager = eager.encode_into(Vec::new()).unwrap();
    assert!(
        encoded == eager,
        "{origin}: encodes unlike the eager encoding"
    );
    let reencoded = reencoder_output(bytes);
    if encoded == bytes {
        Outcome::SameBytes
    } else {
        assert!(
            reencoded.as_deref() != Ok(bytes),
            "{origin}: RoundtripReencoder reproduces the input, the JSON value does not"
        );
        Outcome::EagerBytes
    }
}

#[test]
fn spec_modules_through_json() {
    let mut counts = std::collections::BTreeMap::new();
    for (origin, bytes) in wasmbin_tests::spec_modules() {
        *counts.entry(json_roundtrip(&origin, &bytes)).or_insert(0) += 1;
    }
    println!("{counts:?}");
    assert!(counts[&Outcome::SameBytes] > 5000, "{counts:?}");
}

/// Every binary under `$WASMBIN_CORPUS`; skipped with a notice without the variable.
#[test]
fn corpus_through_json() {
    let Some(files) = wasmbin_tests::corpus_from_env("serde") else {
        return;
    };
    for (path, _) in files {
        let bytes = std::fs::read(&path).unwrap();
        let started = std::time::Instant::now();
        let outcome = match Binary::decode_from_bytes(bytes.clone()).unwrap() {
            Binary::Module(_) => json_roundtrip(&path.display().to_string(), &bytes),
            Binary::Component(component) => {
                component_roundtrip(&path.display().to_string(), &component, &bytes)
            }
        };
        println!("{outcome:?} in {:?}: {}", started.elapsed(), path.display());
    }
}

/// A component to JSON and back: equal, and encoding to its eager encoding.
fn component_roundtrip(origin: &str, component: &Component, bytes: &[u8]) -> Outcome {
    component.decode_all().unwrap();
    let json = serde_json::to_string(component).unwrap_or_else(|err| panic!("{origin}: {err}"));
    let back: Component = serde_json::from_str(&json).unwrap();
    assert!(back == *component, "{origin}");
    let mut eager = component.clone();
    eager.decode_all_mut().unwrap();
    let encoded = back.encode_into(Vec::new()).unwrap();
    assert!(
        encoded == eager.encode_into(Vec::new()).unwrap(),
        "{origin}"
    );
    if encoded == bytes {
        Outcome::SameBytes
    } else {
        Outcome::EagerBytes
    }
}

#[test]
fn components_through_json() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/components");
    for name in ["greeter.wasm", "hello.wasm"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let component = Component::decode_from_bytes(bytes.clone()).unwrap();
        component_roundtrip(name, &component, &bytes);
    }
}

#[test]
fn json_shape() {
    let wasm = wat(r#"(module
        (func (export "f") (result f32)
            f32.const nan:0x200000
            drop
            f32.const -0
            drop
            f64.const 1.5
            drop
            i32.const 7
            i64.load offset=8 align=4
            drop
            f32.const inf))"#);
    let module = Module::decode_from(&wasm[..]).unwrap();
    let json = serde_json::to_value(&module).unwrap();
    let text = json.to_string();
    // Sections are externally tagged enums, lazy parts their decoded contents.
    let export = &json["sections"][2]["Export"][0];
    assert_eq!(export["name"], "f");
    assert_eq!(export["desc"], serde_json::json!({ "Func": 0 }));
    let body = &json["sections"][3]["Code"][0]["expr"]["instructions"];
    assert_eq!(
        body[0],
        serde_json::json!({ "F32Const": "nan:0x7fa00000" }),
        "{text}"
    );
    assert_eq!(body[2], serde_json::json!({ "F32Const": "-0" }));
    assert_eq!(body[4], serde_json::json!({ "F64Const": "1.5" }));
    assert_eq!(body[6], serde_json::json!({ "I32Const": 7 }));
    assert_eq!(
        body[7],
        serde_json::json!({ "I64Load": { "align": 2, "memory": 0, "offset": 8 } })
    );
    assert_eq!(body[8], serde_json::json!("Drop"));
    assert_eq!(body[9], serde_json::json!({ "F32Const": "inf" }));

    let back: Module = serde_json::from_value(json).unwrap();
    assert_eq!(back.encode_into(Vec::new()).unwrap(), wasm);
    // A NaN keeps its payload.
    let Some(Instruction::F32Const(nan)) =
        back.find_std_section::<wasmbin::payload::Code>()
            .map(|code| {
                code.try_contents().unwrap()[0]
                    .try_contents()
                    .unwrap()
                    .expr
                    .instructions[0]
                    .clone()
            })
    else {
        panic!("no f32.const");
    };
    assert_eq!(nan.to_bits(), 0x7fa0_0000);
}

#[test]
fn malformed_json_values_are_refused() {
    for bad in ["\"nan:0x3f800000\"", "\"1.5.2\"", "\"nan:0xzz\""] {
        assert!(serde_json::from_str::<F32>(bad).is_err(), "{bad}");
    }
    assert_eq!(
        serde_json::from_str::<F64>("\"-inf\"").unwrap().to_bits(),
        f64::NEG_INFINITY.to_bits()
    );
    assert!(serde_json::from_str::<Module>(r#"{"sections":[{"Bogus":[]}]}"#).is_err());
}
