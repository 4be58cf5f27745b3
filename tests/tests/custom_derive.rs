//! A user of the library derives codecs for their own types: here, the payload of a custom
//! section of an imaginary tool, stored in and read back from a real module.

use wasmbin::custom::{CustomSection, RawCustomSection};
use wasmbin::io::{decode_exact, encode_to_vec};
use wasmbin::types::{BlockType, ValueType};
use wasmbin::{wasmbin_discriminants, Blob, Module, Section, Visit, Wasmbin};

/// Payload of the `tool.settings` custom section.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
struct ToolSettings {
    version: u32,
    entries: Vec<Setting>,
}

/// A setting: explicit one-byte and prefixed discriminants, then two catch-alls.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
#[wasmbin(what = "setting")]
enum Setting {
    Optimize(bool) = 0x01,
    Name {
        key: String,
        value: String,
    } = 0x02,
    /// A prefixed tag: 0xF0 then the sub-tag 0x105 as LEB128.
    Threshold(i64) = 0xF0_0105,
    /// Value types claim their own tags (0x7F = i32 …).
    Type(ValueType),
    /// Anything else, kept raw.
    Unknown(UnknownSetting),
}

/// A struct with a leading tag byte, used as a catch-all.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
#[wasmbin(discriminant = 0x20)]
struct UnknownSetting {
    data: Vec<u8>,
}

mod reexport {
    pub use wasmbin as renamed;
}

/// The `crate` override makes generated code use another path to the library.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
#[wasmbin(crate = crate::custom_derive::reexport::renamed)]
struct ViaReexport(u32, String);

fn settings() -> ToolSettings {
    ToolSettings {
        version: 3,
        entries: vec![
            Setting::Optimize(true),
            Setting::Name {
                key: "target".into(),
                value: "wasm32".into(),
            },
            Setting::Threshold(-300),
            Setting::Type(ValueType::F64),
            Setting::Unknown(UnknownSetting {
                data: vec![1, 2, 3],
            }),
        ],
    }
}

#[test]
fn derived_codec_matches_the_grammar() {
    let bytes = encode_to_vec(&settings()).unwrap();
    let mut expected = vec![0x03, 0x05];
    expected.extend_from_slice(&[0x01, 0x01]);
    expected.extend_from_slice(b"\x02\x06target\x06wasm32");
    expected.extend_from_slice(&[0xF0, 0x85, 0x02, 0xD4, 0x7D]);
    expected.extend_from_slice(&[0x7C]);
    expected.extend_from_slice(&[0x20, 0x03, 1, 2, 3]);
    assert_eq!(bytes, expected);
    assert_eq!(decode_exact::<ToolSettings>(&bytes).unwrap(), settings());
}

#[test]
fn unknown_discriminants_are_errors() {
    let err = decode_exact::<Setting>(&[0x55]).unwrap_err();
    assert_eq!(err.to_string(), "unknown setting 0x55 at offset 0x0");
    let err = decode_exact::<Setting>(&[0xF0, 0x01]).unwrap_err();
    assert_eq!(err.to_string(), "unknown setting 0xf0 0x01 at offset 0x0");
}

#[test]
fn crate_override() {
    let value = ViaReexport(7, "x".into());
    let bytes = encode_to_vec(&value).unwrap();
    assert_eq!(bytes, [7, 1, b'x']);
    assert_eq!(decode_exact::<ViaReexport>(&bytes).unwrap(), value);
}

#[test]
fn payload_travels_in_a_custom_section() {
    let mut module = Module::default();
    module
        .sections
        .push(Section::Custom(Blob::new(CustomSection::Other(
            RawCustomSection {
                name: "tool.settings".into(),
                data: encode_to_vec(&settings()).unwrap().into(),
            },
        ))));
    let bytes = module.encode_into(Vec::new()).unwrap();

    let module = Module::decode_from(&bytes[..]).unwrap();
    let Some(CustomSection::Other(raw)) = module.find_custom_section("tool.settings").unwrap()
    else {
        panic!("custom section not found");
    };
    let decoded: ToolSettings = decode_exact(&raw.data).unwrap();
    assert_eq!(decoded, settings());

    // The derived Visit finds values of any type inside.
    let mut strings = Vec::new();
    decoded.visit(|s: &String| strings.push(s.clone())).unwrap();
    assert_eq!(strings, ["target", "wasm32"]);
}

#[test]
fn discriminant_chaining_does_not_consume_on_refusal() {
    // BlockType → ValueType → RefType, then a type index as s33.
    assert_eq!(
        decode_exact::<BlockType>(&[0x40]).unwrap(),
        BlockType::Empty
    );
    assert_eq!(
        decode_exact::<BlockType>(&[0x7F]).unwrap(),
        BlockType::Value(ValueType::I32)
    );
    assert_eq!(
        decode_exact::<BlockType>(&[0x70]).unwrap(),
        BlockType::Value(ValueType::Ref(wasmbin::types::RefType::FuncRef))
    );
    assert_eq!(
        decode_exact::<BlockType>(&[0x05]).unwrap(),
        BlockType::FuncType(wasmbin::io::S33(wasmbin::indices::TypeIdx(5)))
    );
    assert_eq!(
        decode_exact::<BlockType>(&[0xC0, 0x00]).unwrap(),
        BlockType::FuncType(wasmbin::io::S33(wasmbin::indices::TypeIdx(64)))
    );
    // 0x41 is a negative one-byte s33 that no type constructor claims.
    assert!(decode_exact::<BlockType>(&[0x41]).is_err());
}

/// A range whose grammar has a side condition that fields alone cannot say.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
#[wasmbin(check = Range::check)]
struct Range {
    start: u32,
    end: u32,
}

impl Range {
    fn check(&self) -> Result<(), String> {
        if self.start > self.end {
            return Err(format!("range {}..{} is reversed", self.start, self.end));
        }
        Ok(())
    }
}

#[test]
fn checked_side_conditions() {
    let ok = Range { start: 1, end: 2 };
    assert_eq!(decode_exact::<Range>(&[1, 2]).unwrap(), ok);
    let err = decode_exact::<Range>(&[3, 2]).unwrap_err();
    assert_eq!(err.to_string(), "range 3..2 is reversed at offset 0x0");
    let err = encode_to_vec(&Range { start: 3, end: 2 }).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    // An unrepresentable value (which gets a path inside a module), not a writer's error.
    let err = wasmbin::EncodeError::from(err);
    assert!(
        matches!(
            err.kind(),
            wasmbin::error::EncodeErrorKind::Unrepresentable(message)
                if message == "range 3..2 is reversed"
        ),
        "{err:?}"
    );
}
