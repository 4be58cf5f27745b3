//! The typed custom sections of the tool conventions: hand-made payloads decoded, checked
//! value by value and written back byte for byte; broken payloads that are only warnings;
//! encode-side checks; and wasmparser / wasm-encoder as oracles where they know the section.

use crate::custom_oracle;

use wasmbin::branch_hint::{BranchHint, BranchHintFunction, BranchHintSection};
use wasmbin::build_id::BuildId;
use wasmbin::custom::{CustomSection, RawCustomSection, UnknownSubsection};
use wasmbin::dylink::DylinkSection;
use wasmbin::dylink0::{Dylink0Section, Dylink0Subsection, ExportInfo, ImportInfo, MemInfo};
use wasmbin::external_debug_info::ExternalDebugInfo;
use wasmbin::indices::FuncIdx;
use wasmbin::io::encode_to_vec;
use wasmbin::producers::{ProducersField, ProducersSection, VersionedName};
use wasmbin::source_mapping_url::SourceMappingUrl;
use wasmbin::target_features::{FeaturePrefix, TargetFeature, TargetFeaturesSection};
use wasmbin::visit::Visit;
use wasmbin::{Blob, Module, Section};

/// A name as the binary format writes it: LEB128 length (one byte here), then the bytes.
fn name(text: &str) -> Vec<u8> {
    let mut out = vec![u8::try_from(text.len()).unwrap()];
    out.extend_from_slice(text.as_bytes());
    out
}

/// A module with only a custom section called `section_name` holding `payload`.
fn module_with(section_name: &str, payload: &[u8]) -> Vec<u8> {
    let mut contents = name(section_name);
    contents.extend_from_slice(payload);
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    out.push(0);
    let mut len = contents.len();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(&contents);
    out
}

/// Decodes `bytes`, which must round-trip byte for byte lazily, decode with no warning, and
/// round-trip again once fully owned (the payloads here are canonical); returns the module.
fn decode_round_trip(bytes: &[u8]) -> Module {
    let module = Module::decode_from(bytes).unwrap();
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes, "lazy");
    let warnings = module.decode_all().unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes, "decoded");
    let mut owned = module.clone();
    assert!(owned.decode_all_mut().unwrap().is_empty());
    assert_eq!(owned.encode_into(Vec::new()).unwrap(), bytes, "owned");
    module
}

/// The only custom section of `module`.
fn custom(module: &Module) -> &CustomSection {
    let mut sections = module.custom_sections();
    let section = sections.next().expect("a custom section").unwrap();
    assert!(sections.next().is_none());
    section
}

/// wasmparser must read the payload of the only custom section of `module` (decoded from
/// `bytes`) to the same values as wasmbin (or refuse it as wasmbin does).
fn assert_oracle_agrees(module: &Module, bytes: &[u8]) {
    let section = custom(module);
    let mut compared = false;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::CustomSection(reader) = payload.unwrap() {
            compared = custom_oracle::compare(section, reader.data(), reader.data_offset())
                .unwrap_or_else(|mismatch| panic!("{mismatch}"));
        }
    }
    assert!(compared, "wasmparser has a reader for {:?}", section.name());
}

#[test]
fn producers() {
    let mut payload = vec![2];
    payload.extend(name("language"));
    payload.push(1);
    payload.extend(name("Rust"));
    payload.extend(name(""));
    payload.extend(name("processed-by"));
    payload.push(2);
    payload.extend(name("rustc"));
    payload.extend(name("1.85.0 (4d91de4e4 2025-02-17)"));
    payload.extend(name("wasm-bindgen"));
    payload.extend(name("0.2.100"));
    let bytes = module_with("producers", &payload);
    let module = decode_round_trip(&bytes);

    let CustomSection::Producers(producers) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    let producers = producers.try_contents().unwrap();
    let versioned = |name: &str, version: &str| VersionedName {
        name: name.into(),
        version: version.into(),
    };
    assert_eq!(
        producers.field("language").unwrap(),
        [versioned("Rust", "")]
    );
    assert_eq!(
        producers.field("processed-by").unwrap(),
        [
            versioned("rustc", "1.85.0 (4d91de4e4 2025-02-17)"),
            versioned("wasm-bindgen", "0.2.100")
        ]
    );
    assert!(producers.field("sdk").is_none());
    assert_oracle_agrees(&module, &bytes);

    // wasm-encoder writes the same values to the same bytes.
    let mut language = wasm_encoder::ProducersField::new();
    language.value("Rust", "");
    let mut processed_by = wasm_encoder::ProducersField::new();
    processed_by.value("rustc", "1.85.0 (4d91de4e4 2025-02-17)");
    processed_by.value("wasm-bindgen", "0.2.100");
    let mut section = wasm_encoder::ProducersSection::new();
    section
        .field("language", &language)
        .field("processed-by", &processed_by);
    let mut expected = wasm_encoder::Module::new();
    expected.section(&section);
    assert_eq!(expected.finish(), bytes);
}

#[test]
fn target_features() {
    let mut payload = vec![3, b'+'];
    payload.extend(name("simd128"));
    payload.push(b'-');
    payload.extend(name("atomics"));
    payload.push(b'=');
    payload.extend(name("bulk-memory"));
    let bytes = module_with("target_features", &payload);
    let module = decode_round_trip(&bytes);

    let CustomSection::TargetFeatures(features) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    let feature = |prefix, name: &str| TargetFeature {
        prefix,
        name: name.into(),
    };
    assert_eq!(
        features.try_contents().unwrap().features,
        [
            feature(FeaturePrefix::Used, "simd128"),
            feature(FeaturePrefix::Disallowed, "atomics"),
            feature(FeaturePrefix::Required, "bulk-memory"),
        ]
    );
    let prefixes: String = features
        .try_contents()
        .unwrap()
        .features
        .iter()
        .map(|f| f.prefix.as_char())
        .collect();
    assert_eq!(prefixes.as_bytes(), b"+-=");
}

#[test]
fn build_id() {
    // Not UTF-8, as a build id may be.
    let id = [0xDE, 0xAD, 0xBE, 0xEF, 0xFF, 0x00, 0x80];
    let mut payload = vec![id.len() as u8];
    payload.extend_from_slice(&id);
    let bytes = module_with("build_id", &payload);
    let module = decode_round_trip(&bytes);
    let CustomSection::BuildId(build_id) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    assert_eq!(&build_id.try_contents().unwrap().id[..], id);
}

#[test]
fn source_mapping_url_and_external_debug_info() {
    let bytes = module_with("sourceMappingURL", &name("./app.wasm.map"));
    let module = decode_round_trip(&bytes);
    let CustomSection::SourceMappingUrl(url) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    assert_eq!(url.try_contents().unwrap().url, "./app.wasm.map");

    let bytes = module_with(
        "external_debug_info",
        &name("https://example.com/app.debug.wasm"),
    );
    let module = decode_round_trip(&bytes);
    let CustomSection::ExternalDebugInfo(info) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    assert_eq!(
        info.try_contents().unwrap().url,
        "https://example.com/app.debug.wasm"
    );
}

#[test]
fn branch_hints() {
    let payload = [
        2, // functions
        1, 2, // function 1, two hints
        0x05, 0x01, 0x01, // at 5: likely
        0x8C, 0x01, 0x01, 0x00, // at 140: unlikely
        4, 1, // function 4, one hint
        0x03, 0x01, 0x00, // at 3: unlikely
    ];
    let bytes = module_with("metadata.code.branch_hint", &payload);
    let module = decode_round_trip(&bytes);
    let CustomSection::BranchHints(hints) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    let expected = BranchHintSection {
        functions: vec![
            BranchHintFunction {
                func: FuncIdx(1),
                hints: vec![BranchHint::new(5, true), BranchHint::new(140, false)],
            },
            BranchHintFunction {
                func: FuncIdx(4),
                hints: vec![BranchHint::new(3, false)],
            },
        ],
    };
    assert_eq!(*hints.try_contents().unwrap(), expected);
    assert_oracle_agrees(&module, &bytes);

    // Function indices are reached by `Visit`, like every other `FuncIdx`.
    let mut funcs = Vec::new();
    module.visit(|f: &FuncIdx| funcs.push(f.0)).unwrap();
    assert_eq!(funcs, [1, 4]);

    // wasm-encoder writes the same values to the same bytes.
    let mut section = wasm_encoder::BranchHints::new();
    for function in &expected.functions {
        section.function_hints(
            function.func.0,
            function.hints.iter().map(|hint| wasm_encoder::BranchHint {
                branch_func_offset: hint.func_pos,
                branch_hint_value: u32::from(hint.is_likely()),
            }),
        );
    }
    let mut oracle = wasm_encoder::Module::new();
    oracle.section(&section);
    assert_eq!(oracle.finish(), bytes);

    // A hint whose size is not 1, or whose value is not 0 or 1, does not decode; wasmparser
    // agrees.
    for broken in [[1, 0, 1, 0x05, 0x02, 0x01], [1, 0, 1, 0x05, 0x01, 0x02]] {
        let bytes = module_with("metadata.code.branch_hint", &broken);
        let module = Module::decode_from(&bytes[..]).unwrap();
        assert_eq!(module.decode_all().unwrap().len(), 1);
        assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes);
        assert_oracle_agrees(&module, &bytes);
    }
}

/// The payload of a `dylink.0` subsection: its type, its size, its contents.
fn subsection(id: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![id, u8::try_from(contents.len()).unwrap()];
    out.extend_from_slice(contents);
    out
}

#[test]
fn dylink0_with_every_subsection_and_an_unknown_one() {
    let mut payload = subsection(1, &[0x80, 0x01, 4, 3, 0]);
    payload.extend(subsection(
        2,
        &[[2].as_slice(), &name("libc.so"), &name("libm.so")].concat(),
    ));
    payload.extend(subsection(
        3,
        &[[1].as_slice(), &name("tls_var"), &[0x80, 0x02]].concat(),
    ));
    // An unknown type in the middle is kept raw, and the others still decode.
    payload.extend(subsection(0x7E, &[0xFF, 0x00, 0x01]));
    payload.extend(subsection(
        4,
        &[[1].as_slice(), &name("env"), &name("weak_fn"), &[1]].concat(),
    ));
    payload.extend(subsection(
        5,
        &[[1].as_slice(), &name("$ORIGIN/lib")].concat(),
    ));
    payload.extend(subsection(6, &name("wasm32")));
    let bytes = module_with("dylink.0", &payload);
    let module = decode_round_trip(&bytes);
    assert_oracle_agrees(&module, &bytes);

    let CustomSection::Dylink0(dylink) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    let subsections = &dylink.try_contents().unwrap().subsections;
    assert_eq!(subsections.len(), 7);
    let Dylink0Subsection::MemInfo(mem_info) = &subsections[0] else {
        panic!("{:?}", subsections[0]);
    };
    assert_eq!(
        *mem_info.try_contents().unwrap(),
        MemInfo {
            memory_size: 128,
            memory_alignment: 4,
            table_size: 3,
            table_alignment: 0,
        }
    );
    let Dylink0Subsection::Needed(needed) = &subsections[1] else {
        panic!("{:?}", subsections[1]);
    };
    assert_eq!(*needed.try_contents().unwrap(), ["libc.so", "libm.so"]);
    let Dylink0Subsection::ExportInfo(exports) = &subsections[2] else {
        panic!("{:?}", subsections[2]);
    };
    assert_eq!(
        *exports.try_contents().unwrap(),
        [ExportInfo {
            name: "tls_var".into(),
            flags: 0x100,
        }]
    );
    let Dylink0Subsection::Unknown(unknown) = &subsections[3] else {
        panic!("{:?}", subsections[3]);
    };
    assert_eq!(
        *unknown,
        UnknownSubsection {
            id: 0x7E,
            data: vec![0xFF, 0x00, 0x01].into(),
        }
    );
    let Dylink0Subsection::ImportInfo(imports) = &subsections[4] else {
        panic!("{:?}", subsections[4]);
    };
    assert_eq!(
        *imports.try_contents().unwrap(),
        [ImportInfo {
            module: "env".into(),
            field: "weak_fn".into(),
            flags: 1,
        }]
    );
    let Dylink0Subsection::RuntimePath(paths) = &subsections[5] else {
        panic!("{:?}", subsections[5]);
    };
    assert_eq!(*paths.try_contents().unwrap(), ["$ORIGIN/lib"]);
    let Dylink0Subsection::TargetArch(arch) = &subsections[6] else {
        panic!("{:?}", subsections[6]);
    };
    assert_eq!(arch.try_contents().unwrap(), "wasm32");
}

#[test]
fn dylink0_broken_subsection_does_not_hide_the_others() {
    // The needed list claims two names but has one; mem info and runtime path are fine.
    let mut payload = subsection(1, &[1, 2, 3, 4]);
    payload.extend(subsection(2, &[[2].as_slice(), &name("libc.so")].concat()));
    payload.extend(subsection(5, &[[1].as_slice(), &name("/lib")].concat()));
    let bytes = module_with("dylink.0", &payload);
    let module = Module::decode_from(&bytes[..]).unwrap();
    let warnings = module.decode_all().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes);
    // wasmparser refuses the section too.
    assert_oracle_agrees(&module, &bytes);

    let CustomSection::Dylink0(dylink) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    let subsections = &dylink.try_contents().unwrap().subsections;
    let [Dylink0Subsection::MemInfo(mem_info), Dylink0Subsection::Needed(needed), Dylink0Subsection::RuntimePath(paths)] =
        &subsections[..]
    else {
        panic!("{subsections:?}");
    };
    assert_eq!(mem_info.try_contents().unwrap().table_alignment, 4);
    assert!(needed.try_contents().is_err());
    assert_eq!(*paths.try_contents().unwrap(), ["/lib"]);

    // Decoding everything mutably keeps the broken part raw, and the module still encodes
    // to the input.
    let mut owned = module.clone();
    assert_eq!(owned.decode_all_mut().unwrap().len(), 1);
    assert_eq!(owned.encode_into(Vec::new()).unwrap(), bytes);
}

#[test]
fn legacy_dylink() {
    // The section of tree-sitter's Emscripten side modules: 2884 bytes of memory aligned to
    // 2^4, one table slot, no needed libraries; then a variant with one.
    let bytes = module_with("dylink", &[0xC4, 0x16, 0x04, 0x01, 0x00, 0x00]);
    let module = decode_round_trip(&bytes);
    let CustomSection::Dylink(dylink) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    assert_eq!(
        *dylink.try_contents().unwrap(),
        DylinkSection {
            mem_info: MemInfo {
                memory_size: 2884,
                memory_alignment: 4,
                table_size: 1,
                table_alignment: 0,
            },
            needed_dynlibs: Vec::new(),
        }
    );

    let bytes = module_with(
        "dylink",
        &[[0, 0, 0, 0, 1].as_slice(), &name("libfoo.so")].concat(),
    );
    let module = decode_round_trip(&bytes);
    let CustomSection::Dylink(dylink) = custom(&module) else {
        panic!("{:?}", custom(&module));
    };
    assert_eq!(dylink.try_contents().unwrap().needed_dynlibs, ["libfoo.so"]);
}

/// Every typed variant is reached by `Module::decode_all`: a broken payload of each is one
/// warning, never an error, and the module still encodes to its input.
#[test]
fn broken_payload_of_every_typed_section_is_a_warning() {
    for &section_name in CustomSection::TYPED_NAMES {
        // A count, length or id of 5 with nothing after it.
        let bytes = module_with(section_name, &[0x05]);
        let module = Module::decode_from(&bytes[..]).unwrap();
        let section = custom(&module);
        assert_eq!(section.name(), section_name);
        assert!(
            !matches!(section, CustomSection::Other(_)),
            "{section_name}"
        );
        let warnings = module.decode_all().unwrap();
        assert_eq!(warnings.len(), 1, "{section_name}: {warnings:?}");
        assert_eq!(
            module.encode_into(Vec::new()).unwrap(),
            bytes,
            "{section_name}"
        );
        let mut owned = module.clone();
        assert_eq!(owned.decode_all_mut().unwrap().len(), 1, "{section_name}");
        assert_eq!(
            owned.encode_into(Vec::new()).unwrap(),
            bytes,
            "{section_name}"
        );
    }
}

#[test]
fn broken_producers_is_reported_with_its_offset() {
    // One field whose name claims 9 bytes but has 4.
    let bytes = module_with("producers", &[[1, 9].as_slice(), b"lang"].concat());
    let module = Module::decode_from(&bytes[..]).unwrap();
    let warnings = module.decode_all().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].offset() >= bytes.len() - 5, "{}", warnings[0]);
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes);
}

#[test]
fn raw_section_with_a_typed_name_is_an_encode_error() {
    for &section_name in CustomSection::TYPED_NAMES {
        let raw = CustomSection::Other(RawCustomSection {
            name: section_name.into(),
            data: Vec::new().into(),
        });
        assert_eq!(raw.name(), section_name);
        assert!(encode_to_vec(&raw).is_err(), "{section_name}");
    }
    let raw = CustomSection::Other(RawCustomSection {
        name: "dylink.1".into(),
        data: vec![1, 2].into(),
    });
    assert_eq!(encode_to_vec(&raw).unwrap(), b"\x08dylink.1\x01\x02");
}

#[test]
fn unknown_dylink0_subsection_with_a_typed_id_is_an_encode_error() {
    let unknown = |id| Dylink0Section {
        subsections: vec![Dylink0Subsection::Unknown(UnknownSubsection {
            id,
            data: Vec::new().into(),
        })],
    };
    for id in 1..=6 {
        assert!(encode_to_vec(&unknown(id)).is_err(), "{id}");
    }
    for id in [0, 7, 0x7E, 0xFF] {
        assert_eq!(encode_to_vec(&unknown(id)).unwrap(), [id, 0]);
    }
}

/// Sections built from values (no original bytes) encode, and read back as equal values.
#[test]
fn owned_sections_round_trip() {
    let sections = vec![
        CustomSection::Producers(Blob::new(ProducersSection {
            fields: vec![ProducersField {
                name: "sdk".into(),
                values: vec![VersionedName {
                    name: "Emscripten".into(),
                    version: "3.1.74".into(),
                }],
            }],
        })),
        CustomSection::TargetFeatures(Blob::new(TargetFeaturesSection {
            features: vec![TargetFeature {
                prefix: FeaturePrefix::Used,
                name: "multivalue".into(),
            }],
        })),
        CustomSection::BuildId(Blob::new(BuildId {
            id: vec![1, 2, 3].into(),
        })),
        CustomSection::SourceMappingUrl(Blob::new(SourceMappingUrl {
            url: "a.map".into(),
        })),
        CustomSection::ExternalDebugInfo(Blob::new(ExternalDebugInfo {
            url: "a.debug.wasm".into(),
        })),
        CustomSection::BranchHints(Blob::new(BranchHintSection {
            functions: vec![BranchHintFunction {
                func: FuncIdx(0),
                hints: vec![BranchHint::new(2, true)],
            }],
        })),
        CustomSection::Dylink0(Blob::new(Dylink0Section {
            subsections: vec![
                Dylink0Subsection::MemInfo(Blob::new(MemInfo::default())),
                Dylink0Subsection::Needed(Blob::new(vec!["libz.so".into()])),
                Dylink0Subsection::Unknown(UnknownSubsection {
                    id: 9,
                    data: vec![7].into(),
                }),
            ],
        })),
        CustomSection::Dylink(Blob::new(DylinkSection::default())),
    ];
    let mut module = Module::default();
    module.sections.extend(
        sections
            .iter()
            .cloned()
            .map(|s| Section::Custom(Blob::new(s))),
    );
    let bytes = module.encode_into(Vec::new()).unwrap();
    let decoded = Module::decode_from(&bytes[..]).unwrap();
    assert!(decoded.decode_all().unwrap().is_empty());
    let decoded: Vec<_> = decoded
        .custom_sections()
        .map(|s| s.unwrap().clone())
        .collect();
    assert_eq!(decoded, sections);

    // wasmparser reads the sections it knows to the same values.
    let mut compared = 0;
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let wasmparser::Payload::CustomSection(reader) = payload.unwrap() {
            let section = decoded.iter().find(|s| s.name() == reader.name()).unwrap();
            if custom_oracle::compare(section, reader.data(), reader.data_offset()).unwrap() {
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 3);
}
