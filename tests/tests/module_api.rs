//! The lazy, lossless `Module` API: section lookup and insertion, per-body laziness, encode
//! errors, custom sections, and code nested far deeper than any recursion could handle.

use wasmbin::custom::CustomSection;
use wasmbin::indices::{FuncIdx, MemIdx, TypeIdx};
use wasmbin::instructions::{Expression, Instruction, MemArg};
use wasmbin::io::encode_to_vec;
use wasmbin::name::NameSubsection;
use wasmbin::sections::{Export, ExportDesc, ExternType, Func, Import, ImportDesc};
use wasmbin::types::{BlockType, FuncType, Limits, MemType, RecGroup};
use wasmbin::visit::Visit;
use wasmbin::{payload, Blob, Module, Section};

/// Type section, function section, an over-long (padded) code section size, three bodies,
/// and a custom section.
fn sample() -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    out.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
    out.extend_from_slice(&[0x03, 0x04, 0x03, 0x00, 0x00, 0x00]);
    let code: &[u8] = &[
        0x03, // three bodies
        0x04, 0x00, 0x41, 0x01, 0x0B, // i32.const 1
        0x05, 0x00, 0x41, 0x82, 0x00, 0x0B, // i32.const 2 (padded LEB)
        0x03, 0x00, 0x01, 0x0B, // nop
    ];
    out.extend_from_slice(&[0x0A, 0x80 | code.len() as u8, 0x80, 0x00]);
    out.extend_from_slice(code);
    out.extend_from_slice(b"\x00\x05\x04note");
    out
}

#[test]
fn untouched_module_is_written_back_exactly() {
    let bytes = sample();
    let module = Module::decode_from(&bytes[..]).unwrap();
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes);
    // Reading contents (not mutably) keeps the original bytes.
    assert!(module.decode_all().unwrap().is_empty());
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes);
}

#[test]
fn editing_one_body_rewrites_only_that_body_and_the_section_size() {
    let bytes = sample();
    let mut module = Module::decode_from(&bytes[..]).unwrap();
    let code = module.find_std_section_mut::<payload::Code>().unwrap();
    let bodies = code.try_contents_mut().unwrap();
    bodies[2].try_contents_mut().unwrap().expr.instructions = vec![Instruction::Nop; 3];
    let out = module.encode_into(Vec::new()).unwrap();

    let code_start = 8 + 6 + 6;
    assert_eq!(
        out[..code_start],
        bytes[..code_start],
        "sections before code"
    );
    assert_eq!(out[code_start], 0x0A);
    // The size is recomputed (and written canonically): count + 5 + 6 + 6 = 18 bytes.
    assert_eq!(out[code_start + 1], 18);
    let bodies_out = &out[code_start + 2..];
    let bodies_in = &bytes[code_start + 4..];
    // Bodies 0 and 1 are copied as read, padded LEB included.
    assert_eq!(bodies_out[..12], bodies_in[..12]);
    assert_eq!(&bodies_out[12..18], &[0x05, 0x00, 0x01, 0x01, 0x01, 0x0B]);
    assert_eq!(&bodies_out[18..], b"\x00\x05\x04note");
}

#[test]
fn find_or_insert_places_sections_in_spec_order() {
    let bytes = sample();
    let mut module = Module::decode_from(&bytes[..]).unwrap();
    let imports = module.find_or_insert_std_section::<payload::Import>(Vec::new);
    imports.try_contents_mut().unwrap().push(Import {
        module: "env".into(),
        name: "memory".into(),
        desc: ImportDesc::Extern(ExternType::Mem(MemType {
            limits: Limits {
                min: 1,
                ..Limits::default()
            },
        })),
    });
    module
        .find_or_insert_std_section::<payload::Export>(Vec::new)
        .try_contents_mut()
        .unwrap()
        .push(Export {
            name: "f".into(),
            desc: ExportDesc::Func(FuncIdx(0)),
        });
    let ids: Vec<u8> = module.sections.iter().map(Section::id).collect();
    assert_eq!(ids, [1, 2, 3, 7, 10, 0]);
    // An existing section is found, not duplicated.
    module.find_or_insert_std_section::<payload::Type>(|| panic!("exists"));

    let out = module.encode_into(Vec::new()).unwrap();
    let again = Module::decode_from(&out[..]).unwrap();
    again.decode_all().unwrap();
    let imports = again.find_std_section::<payload::Import>().unwrap();
    assert_eq!(imports.try_contents().unwrap()[0].name, "memory");
    assert_eq!(again, module);
}

#[test]
fn encoding_what_the_format_cannot_express_fails() {
    let mut module = Module::default();
    module.sections.push(Section::Code(Blob::new(Vec::new())));
    module
        .sections
        .push(Section::Type(Blob::new(vec![RecGroup::from(
            FuncType::default(),
        )])));
    let err = module.encode_into(Vec::new()).unwrap_err();
    assert_eq!(err.io_kind(), std::io::ErrorKind::InvalidInput);
    assert!(
        err.to_string().contains("type section after code section"),
        "{err}"
    );

    let load = Instruction::I32Load(MemArg::new(64, Default::default(), 0));
    assert!(encode_to_vec(&load).is_err());

    // Wasm 3.0 limits are u64 whatever the address type, but a page size is at most 2^63.
    let limits = Limits {
        min: 1 << 32,
        ..Limits::default()
    };
    assert!(encode_to_vec(&limits).is_ok());
    let limits = Limits {
        page_size_log2: Some(64),
        ..Limits::default()
    };
    assert!(encode_to_vec(&limits).is_err());
}

#[test]
fn broken_custom_payload_is_a_warning_not_a_failure() {
    // A name section whose function-names subsection claims a name longer than its bytes.
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend_from_slice(b"\x00\x0b\x04name\x01\x04\x01\x00\x09x");
    let module = Module::decode_from(&bytes[..]).unwrap();
    let warnings = module.decode_all().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes);

    let Some(CustomSection::Name(names)) = module.find_custom_section("name").unwrap() else {
        panic!("name section");
    };
    let subsections = &names.try_contents().unwrap().subsections;
    let NameSubsection::Function(functions) = &subsections[0] else {
        panic!("function names");
    };
    let err = functions.try_contents().unwrap_err();
    assert_eq!(err.offset(), bytes.len() - 1);
}

#[test]
fn visit_finds_every_index_of_a_type() {
    let mut module = Module::decode_from(&sample()[..]).unwrap();
    let mut types = Vec::new();
    module.visit(|t: &TypeIdx| types.push(t.0)).unwrap();
    assert_eq!(types, [0, 0, 0]);
    // Mutable visiting edits the values (and marks what it passes through as modified).
    module.visit_mut(|c: &mut i32| *c += 10).unwrap();
    let mut consts = Vec::new();
    module
        .visit(|i: &Instruction| {
            if let Instruction::I32Const(c) = i {
                consts.push(*c)
            }
        })
        .unwrap();
    assert_eq!(consts, [11, 12]);
}

#[test]
fn memarg_fields_are_visited_and_written_back() {
    // memory 1, then i32.load offset=0x1_0000_0000 align=2 from memory 1 (multi-memory flag)
    let code = [
        0x41, 0x00, 0x28, 0x42, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A, 0x0B,
    ];
    let mut body = Func {
        locals: Vec::new(),
        expr: wasmbin::io::decode_exact(&code).unwrap(),
    };
    let Instruction::I32Load(arg) = body.expr.instructions[1] else {
        panic!("{:?}", body.expr.instructions[1]);
    };
    assert_eq!((arg.align(), arg.memory().0, arg.offset()), (2, 1, 1 << 32));
    assert_eq!(arg, MemArg::new(2, MemIdx(1), 1 << 32));
    let mut memories = Vec::new();
    body.visit(|m: &MemIdx| memories.push(m.0)).unwrap();
    assert_eq!(memories, [1]);
    // A mutable visit renumbers the memory and the offset inside the packed memarg.
    body.visit_mut(|m: &mut MemIdx| m.0 = 7).unwrap();
    body.visit_mut(|o: &mut u64| *o += 1).unwrap();
    assert_eq!(
        body.expr.instructions[1],
        Instruction::I32Load(MemArg::new(2, MemIdx(7), (1 << 32) + 1))
    );
    assert_eq!(
        format!("{arg:?}"),
        "MemArg { align: 2, memory: MemIdx(1), offset: 4294967296 }"
    );
}

/// A body of `depth` nested blocks: block … block end … end.
fn nested_body(depth: usize) -> Func {
    let mut instructions = Vec::with_capacity(2 * depth);
    instructions.extend(std::iter::repeat_n(
        Instruction::Block(BlockType::Empty),
        depth,
    ));
    instructions.extend(std::iter::repeat_n(Instruction::End, depth));
    Func {
        locals: Vec::new(),
        expr: Expression::new(instructions),
    }
}

#[test]
fn a_million_nested_blocks_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let mut module = Module::default();
            module
                .sections
                .push(Section::Type(Blob::new(vec![FuncType::default().into()])));
            module
                .sections
                .push(Section::Function(Blob::new(vec![TypeIdx(0)])));
            module
                .sections
                .push(Section::Code(Blob::new(vec![Blob::new(nested_body(
                    1_000_000,
                ))])));
            let bytes = module.encode_into(Vec::new()).unwrap();
            // block = 0x02 0x40, so 3 000 000 bytes of instructions plus headers.
            assert_eq!(bytes.len(), 3_000_030);
            let decoded = Module::decode_from(&bytes[..]).unwrap();
            decoded.decode_all().unwrap();
            let mut owned = decoded.clone();
            owned.decode_all_mut().unwrap();
            assert_eq!(owned.encode_into(Vec::new()).unwrap(), bytes);
            let mut blocks = 0;
            decoded
                .visit(|i: &Instruction| blocks += matches!(i, Instruction::Block(_)) as usize)
                .unwrap();
            assert_eq!(blocks, 1_000_000);
        })
        .unwrap();
    handle.join().unwrap();
}
