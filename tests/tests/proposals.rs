//! Hand-made binaries for encodings of Wasm 3.0 and later proposals whose edge cases the
//! spec suite does not pin down (or pins down only by folder).

use wasmbin::instructions::{AtomicOrdering, BrOnCast, CastFlags, Instruction};
use wasmbin::io::V128;
use wasmbin::types::{CompositeType, DescribedType, HeapType, RecGroup, SubType};
use wasmbin::{payload, Blob, Module};

const HEADER: &[u8] = b"\0asm\x01\0\0\0";

/// A section: id, size, contents.
fn section(id: u8, contents: &[u8]) -> Vec<u8> {
    assert!(contents.len() < 0x80);
    let mut out = vec![id, contents.len() as u8];
    out.extend_from_slice(contents);
    out
}

/// A module with one `[] -> []` function whose body is `code` (without the final `end`),
/// a shared memory, and the given extra sections after the code section.
fn module_with_code(code: &[u8], data_count: Option<u8>, trailing: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00]; // no locals
    body.extend_from_slice(code);
    body.push(0x0B);
    let mut code_section = vec![0x01, body.len() as u8];
    code_section.extend_from_slice(&body);
    let mut out = HEADER.to_vec();
    out.extend(section(1, &[0x01, 0x60, 0x00, 0x00]));
    out.extend(section(3, &[0x01, 0x00]));
    out.extend(section(5, &[0x01, 0x03, 0x01, 0x01])); // shared, min 1, max 1
    if let Some(count) = data_count {
        out.extend(section(12, &[count]));
    }
    out.extend(section(10, &code_section));
    out.extend_from_slice(trailing);
    out
}

/// Decodes everything eagerly and returns the instructions of the only function.
fn instructions(bytes: Vec<u8>) -> Result<Vec<Instruction>, wasmbin::DecodeError> {
    let module = Module::decode_from_bytes(bytes)?;
    module.decode_all()?;
    let code = module.find_std_section::<payload::Code>().unwrap();
    let funcs = code.try_contents()?;
    Ok(funcs[0].try_contents()?.expr.instructions.clone())
}

/// Encodes the module from its decoded values (not its original bytes).
fn reencode(bytes: Vec<u8>) -> Vec<u8> {
    let mut module = Module::decode_from_bytes(bytes).unwrap();
    module.decode_all_mut().unwrap();
    module.encode_into(Vec::new()).unwrap()
}

#[test]
fn simd_immediates_round_trip() {
    let mut code = vec![0xFD, 0x0C]; // v128.const
    code.extend(1..=16u8);
    code.extend([0xFD, 0x0D]); // i8x16.shuffle
    code.extend(16..32u8);
    code.push(0x1A); // drop
    code.push(0x1A);
    code.extend([0x41, 0x00, 0xFD, 0x0C]); // i32.const 0, v128.const (lane store operand)
    code.extend([0; 16]);
    code.extend([0xFD, 0x58, 0x00, 0x05, 0xFF]); // v128.store8_lane align 0 offset 5 lane 255
    code.extend([0xFD, 0x80, 0x02]); // i8x16.relaxed_swizzle (sub-opcode 0x100)
    let bytes = module_with_code(&code, None, &[]);
    let instrs = instructions(bytes.clone()).unwrap();
    assert_eq!(
        instrs[0],
        Instruction::V128Const(Box::new(V128(std::array::from_fn(|i| i as u8 + 1))))
    );
    assert_eq!(
        instrs[1],
        Instruction::I8x16Shuffle(Box::new(std::array::from_fn(|i| i as u8 + 16)))
    );
    // Out-of-range lanes are a validation matter: the byte is kept as read.
    assert!(matches!(instrs[6], Instruction::V128Store8Lane(arg, 255) if arg.offset == 5));
    assert_eq!(instrs[7], Instruction::I8x16RelaxedSwizzle);
    assert_eq!(reencode(bytes.clone()), bytes);
}

#[test]
fn atomic_fence_ordering_byte() {
    // The threads proposal's reserved zero byte is the ordering of acquire-release atomics.
    let seqcst = module_with_code(&[0xFE, 0x03, 0x00], None, &[]);
    assert_eq!(
        instructions(seqcst).unwrap(),
        [Instruction::AtomicFence(Default::default())]
    );
    let acqrel = module_with_code(&[0xFE, 0x03, 0x01], None, &[]);
    assert_eq!(
        instructions(acqrel.clone()).unwrap(),
        [Instruction::AtomicFence(AtomicOrdering::AcqRel)]
    );
    assert_eq!(reencode(acqrel.clone()), acqrel);
    let bad = module_with_code(&[0xFE, 0x03, 0x02], None, &[]);
    assert!(instructions(bad).is_err());
}

#[test]
fn br_on_cast_flags() {
    // block (result anyref) ref.null any br_on_cast 0 (ref null any) (ref i31) end drop
    let code = |flags: u8| {
        vec![
            0x02, 0x6E, 0xD0, 0x6E, 0xFB, 0x18, flags, 0x00, 0x6E, 0x6C, 0x0B, 0x1A,
        ]
    };
    let instrs = instructions(module_with_code(&code(1), None, &[])).unwrap();
    assert_eq!(
        instrs[2],
        Instruction::BrOnCast(Box::new(BrOnCast {
            flags: CastFlags::NullToNonNull,
            label: 0.into(),
            from: HeapType::Abstract(wasmbin::types::AbsHeapType::Any),
            to: HeapType::Abstract(wasmbin::types::AbsHeapType::I31),
        }))
    );
    assert!(CastFlags::NullToNonNull.from_nullable());
    assert!(!CastFlags::NullToNonNull.to_nullable());
    assert!(instructions(module_with_code(&code(4), None, &[])).is_err());
}

#[test]
fn wide_arithmetic_and_gc_opcodes() {
    let code = [
        0x42, 0x00, 0x42, 0x00, 0x42, 0x00, 0x42, 0x00, // four i64.const 0
        0xFC, 0x13, // i64.add128
        0x1A, 0x1A, // drop drop
        0x41, 0x00, 0xFB, 0x1C, // i32.const 0, ref.i31
        0xFB, 0x1B, 0x1A, // extern.convert_any, drop
    ];
    let instrs = instructions(module_with_code(&code, None, &[])).unwrap();
    assert_eq!(instrs[4], Instruction::I64Add128);
    assert_eq!(instrs[8], Instruction::RefI31);
    assert_eq!(instrs[9], Instruction::ExternConvertAny);
}

#[test]
fn array_new_data_needs_data_count() {
    // i32.const 0, i32.const 0, array.new_data 0 0, drop
    let code = [0x41, 0x00, 0x41, 0x00, 0xFB, 0x09, 0x00, 0x00, 0x1A];
    let data = section(11, &[0x01, 0x01, 0x00]); // one passive, empty segment
    assert!(instructions(module_with_code(&code, None, &data)).is_err());
    assert!(instructions(module_with_code(&code, Some(1), &data)).is_ok());
    // The count must match the data section.
    assert!(instructions(module_with_code(&code, Some(2), &data)).is_err());
}

#[test]
fn limits_are_u64_and_page_sizes_bounded() {
    // A 32-bit memory of 2^32 pages: well-formed in Wasm 3.0 (and invalid).
    let mut bytes = HEADER.to_vec();
    bytes.extend(section(5, &[0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10]));
    let module = Module::decode_from_bytes(bytes.clone()).unwrap();
    module.decode_all().unwrap();
    let mems = module.find_std_section::<payload::Memory>().unwrap();
    assert_eq!(mems.try_contents().unwrap()[0].limits.min, 1 << 32);
    assert_eq!(reencode(bytes.clone()), bytes);

    let page_size = |log2: u8| {
        let mut bytes = HEADER.to_vec();
        bytes.extend(section(5, &[0x01, 0x08, 0x00, log2]));
        Module::decode_from_bytes(bytes)
            .and_then(|m| m.decode_all())
            .is_ok()
    };
    assert!(page_size(0));
    assert!(page_size(16));
    assert!(!page_size(64));
}

#[test]
fn exact_types_and_descriptors() {
    // rec { (descriptor 1 (struct (field (ref (exact 0))))) (describes 0 (struct)) }
    let types = [
        0x01, 0x4E, 0x02, // one rec group of two
        0x4D, 0x01, 0x5F, 0x01, 0x64, 0x62, 0x00, 0x00, // descriptor 1, struct, 1 field
        0x4C, 0x00, 0x5F, 0x00, // describes 0, struct, no fields
    ];
    let mut bytes = HEADER.to_vec();
    bytes.extend(section(1, &types));
    let module = Module::decode_from_bytes(bytes.clone()).unwrap();
    module.decode_all().unwrap();
    let groups = module
        .find_std_section::<payload::Type>()
        .map(Blob::try_contents)
        .unwrap()
        .unwrap();
    let RecGroup::Rec(subtypes) = &groups[0] else {
        panic!("expected a rec group")
    };
    let SubType::Plain(CompositeType::Descriptor(first)) = &subtypes[0] else {
        panic!("expected a descriptor clause")
    };
    assert_eq!(first.descriptor.0, 1);
    let SubType::Plain(CompositeType::Describes(second)) = &subtypes[1] else {
        panic!("expected a describes clause")
    };
    assert_eq!(second.describes.0, 0);
    assert!(matches!(second.ty, DescribedType::Plain(_)));
    assert_eq!(reencode(bytes.clone()), bytes);

    // A repeated descriptor clause is malformed.
    let mut bad = HEADER.to_vec();
    bad.extend(section(1, &[0x01, 0x4D, 0x00, 0x4D, 0x00, 0x5F, 0x00]));
    assert!(Module::decode_from_bytes(bad)
        .and_then(|m| m.decode_all())
        .is_err());
}
