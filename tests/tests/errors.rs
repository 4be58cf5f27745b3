//! Error offsets and paths: absolute offsets in the input, also for lazy parts decoded later.

use wasmbin::instructions::Instruction;
use wasmbin::{payload, ErrorKind, Module, PathSegment};

/// Type section `() -> ()`, function section with `n` functions of type 0, then a code
/// section whose bodies are given.
fn module_with_bodies(bodies: &[&[u8]]) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    out.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
    out.extend_from_slice(&[0x03, 1 + bodies.len() as u8, bodies.len() as u8]);
    out.extend(std::iter::repeat_n(0x00, bodies.len()));
    let mut code = vec![bodies.len() as u8];
    for body in bodies {
        code.push(body.len() as u8);
        code.extend_from_slice(body);
    }
    out.push(0x0A);
    out.push(code.len() as u8);
    out.extend_from_slice(&code);
    out
}

#[test]
fn unknown_prefixed_opcode_has_offset_and_path() {
    let good: &[u8] = &[0x00, 0x01, 0x0B];
    // Body 2: nop, nop, 0xfc 0x99 0x01 (unknown), end.
    let bad: &[u8] = &[0x00, 0x01, 0x01, 0xFC, 0x99, 0x01, 0x0B];
    let bytes = module_with_bodies(&[good, good, bad]);
    let module = Module::decode_from(&bytes[..]).expect("lazy decoding only splits sections");

    let err = module.decode_all().unwrap_err();
    let opcode_offset = bytes.len() - 4; // 0xfc 0x99 0x01 0x0b
    assert_eq!(bytes[opcode_offset], 0xFC);
    assert_eq!(err.offset(), opcode_offset);
    assert_eq!(
        err.kind(),
        &ErrorKind::UnknownDiscriminant {
            what: "opcode",
            prefix: Some(0xFC),
            value: 0x99
        }
    );
    assert_eq!(
        err.path(),
        [
            PathSegment::Section { index: 2, id: 10 },
            PathSegment::Item {
                kind: "function",
                index: 2
            },
            PathSegment::Item {
                kind: "instruction",
                index: 2
            },
        ]
    );
    assert_eq!(
        err.to_string(),
        format!(
            "unknown opcode 0xfc 0x99 at offset {opcode_offset:#x} (code section, function 2, instruction 2)"
        )
    );
    assert_eq!(
        err.path_string(),
        "Module > section 2 (code) > function 2 > instruction 2"
    );
}

#[test]
fn lazy_body_decoded_on_demand_reports_the_same_error() {
    let bad: &[u8] = &[0x00, 0x01, 0xFF, 0x0B];
    let bytes = module_with_bodies(&[&[0x00, 0x0B], bad]);
    let module = Module::decode_from(&bytes[..]).unwrap();
    let eager = module.decode_all().unwrap_err();

    // Decode step by step: the section first, then only the broken body.
    let module = Module::decode_from(&bytes[..]).unwrap();
    let code = module.find_std_section::<payload::Code>().unwrap();
    let bodies = code.try_contents().unwrap();
    assert!(bodies[0].try_contents().is_ok());
    let lazy = bodies[1].try_contents().unwrap_err();
    assert_eq!(lazy, eager);
    assert_eq!(lazy.offset(), bytes.len() - 2);
    assert_eq!(
        lazy.to_string(),
        format!(
            "unknown opcode 0xff at offset {:#x} (code section, function 1, instruction 1)",
            bytes.len() - 2
        )
    );
}

#[test]
fn truncated_input_reports_end_offset() {
    let bytes = module_with_bodies(&[&[0x00, 0x41, 0x01, 0x0B]]);
    for len in 0..bytes.len() {
        let prefix = &bytes[..len];
        let err = match Module::decode_from(prefix) {
            Err(err) => err,
            Ok(module) => match module.decode_all() {
                Err(err) => err,
                // Prefixes that end between sections are valid modules: the preamble alone,
                // or preamble and type section.
                Ok(_) if len == 8 || len == 14 => continue,
                Ok(_) => panic!("prefix of {len} bytes decoded"),
            },
        };
        assert!(
            err.offset() <= len,
            "offset {} beyond input of {len} bytes: {err}",
            err.offset()
        );
    }
}

#[test]
fn bad_preamble() {
    let err = Module::decode_from(&b"\0asx\x01\0\0\0"[..]).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BadMagic);
    let err = Module::decode_from(&b"\0asm\x02\0\0\0"[..]).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BadVersion(2));
    assert_eq!(err.offset(), 4);
}

#[test]
fn component_is_named_as_such() {
    // The preamble of a component (version 0xd, layer 1), as wast writes it.
    let component = wast::parser::parse::<wast::Wat>(
        &wast::parser::ParseBuffer::new("(component (core module))").unwrap(),
    )
    .unwrap()
    .encode()
    .unwrap();
    let err = Module::decode_from(&component[..]).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Component { version: 0xd });
    assert_eq!(err.offset(), 4);
    assert!(
        err.to_string().contains("is a WebAssembly component"),
        "{err}"
    );
    // A layer other than 0 and 1 is an unknown version.
    let err = Module::decode_from(&b"\0asm\x0d\0\x02\0"[..]).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BadVersion(0x0002_000d));
}

#[test]
fn section_order_is_checked_on_decode() {
    // Function section (3) before type section (1).
    let bytes = b"\0asm\x01\0\0\0\x03\x01\x00\x01\x01\x00";
    let err = Module::decode_from(&bytes[..]).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::SectionOrder {
            found: "type",
            previous: "function"
        }
    );
    assert_eq!(err.offset(), 11);
    // Duplicate sections.
    let bytes = b"\0asm\x01\0\0\0\x01\x01\x00\x01\x01\x00";
    assert!(Module::decode_from(&bytes[..]).is_err());
    // Custom sections may appear anywhere, and data count goes before code.
    let bytes = b"\0asm\x01\0\0\0\x00\x02\x01a\x0c\x01\x00\x00\x02\x01b\x0a\x01\x00";
    let module = Module::decode_from(&bytes[..]).unwrap();
    assert_eq!(module.sections.len(), 4);
}

#[test]
fn section_size_past_the_end() {
    let bytes = b"\0asm\x01\0\0\0\x01\x05\x01\x60\x00";
    let err = Module::decode_from(&bytes[..]).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::LengthOutOfBounds { .. }),
        "{err}"
    );
    assert_eq!(err.path(), [PathSegment::Section { index: 0, id: 1 }]);
}

#[test]
fn trailing_bytes_inside_a_section() {
    // Type section of 5 bytes whose vector ends after 4.
    let bytes = b"\0asm\x01\0\0\0\x01\x05\x01\x60\x00\x00\x00";
    let module = Module::decode_from(&bytes[..]).unwrap();
    let err = module.decode_all().unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TrailingBytes(1));
    assert_eq!(err.offset(), bytes.len() - 1);
}

#[test]
fn instruction_display_uses_spec_names() {
    // Decode errors name the thing being decoded.
    let err = wasmbin::io::decode_exact::<Instruction>(&[0x06 + 0xF0]).unwrap_err();
    assert_eq!(err.to_string(), "unknown opcode 0xf6 at offset 0x0");
}
