//! Hand-made binaries for encodings of Wasm 3.0 and later proposals whose edge cases the
//! spec suite does not pin down (or pins down only by folder).

use wasmbin::instructions::{AtomicOrdering, BrOnCast, CastFlags, Instruction};
use wasmbin::io::V128;
use wasmbin::sections::{CompactImport, ExternType, Import, ImportDesc, Table};
use wasmbin::types::{
    AbsHeapType, CompositeType, DescribedType, HeapType, Mut, RecGroup, RefType,
    SharedCompositeType, SubType, ValueType,
};
use wasmbin::{payload, Blob, Module};
use wasmbin_tests::reencoder_output;

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
    assert!(matches!(instrs[6], Instruction::V128Store8Lane(arg, 255) if arg.offset() == 5));
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
fn every_data_index_opcode_needs_data_count_even_padded() {
    let data = section(11, &[0x01, 0x01, 0x00]); // one passive, empty segment
                                                 // Each body leaves the stack empty; sub-opcodes plain and as padded LEBs.
    let bodies: [&[u8]; 6] = [
        &[0xFC, 0x09, 0x00],                                           // data.drop 0
        &[0xFC, 0x89, 0x80, 0x00, 0x00],                               // data.drop 0, padded
        &[0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00], // memory.init 0 0
        &[
            0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x88, 0x00, 0x00, 0x00,
        ], // padded
        &[0x41, 0x00, 0x41, 0x00, 0xFB, 0x89, 0x00, 0x00, 0x00, 0x1A], // array.new_data, padded
        &[
            0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFB, 0x92, 0x00, 0x00,
            0x00,
        ], // array.init_data, padded
    ];
    for code in bodies {
        let err = instructions(module_with_code(code, None, &data)).unwrap_err();
        assert!(
            err.to_string().contains("data count section required"),
            "{err}"
        );
        assert!(instructions(module_with_code(code, Some(1), &data)).is_ok());
    }
    // Bytes that look like a prefix in an immediate are no data index:
    // i32.const -4 (0x7C), i64.const with 0xFC 0x09 inside its LEB, drop both.
    let lookalike = [0x41, 0x7C, 0x1A, 0x42, 0xFC, 0x89, 0x01, 0x1A];
    assert!(instructions(module_with_code(&lookalike, None, &data)).is_ok());
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

/// Every instruction that shared-everything threads, acquire-release atomics and multibyte
/// array access add or change, written by `wasm-encoder` (an independent encoder): each
/// decodes to the expected variant, the eager encode gives the same bytes, and
/// `RoundtripReencoder` (through `wasmparser`) reproduces them too.
#[test]
fn thread_instructions_match_wasm_encoder() {
    use wasm_encoder::{
        CodeSection, Function, FunctionSection, Ordering as EncOrdering, TypeSection,
    };
    use wasmbin::indices::{FieldIdx, GlobalIdx, TableIdx, TypeIdx};
    use AtomicOrdering::{AcqRel, SeqCst};

    let enc = |o: AtomicOrdering| match o {
        AcqRel => EncOrdering::AcqRel,
        _ => EncOrdering::SeqCst,
    };
    let mut function = Function::new([]);
    let mut expected = Vec::new();
    {
        let mut sink = function.instructions();
        sink.pause();
        expected.push(Instruction::Pause);
        sink.atomic_fence(EncOrdering::AcqRel);
        expected.push(Instruction::AtomicFence(AcqRel));
        sink.ref_i31_shared();
        expected.push(Instruction::RefI31Shared);

        // Global, table, struct and array atomics, alternating orderings.
        let o = |i: u32| if i & 1 == 0 { SeqCst } else { AcqRel };
        let g = GlobalIdx;
        sink.global_atomic_get(enc(o(0)), 1);
        sink.global_atomic_set(enc(o(1)), 2);
        sink.global_atomic_rmw_add(enc(o(2)), 3);
        sink.global_atomic_rmw_sub(enc(o(3)), 4);
        sink.global_atomic_rmw_and(enc(o(4)), 5);
        sink.global_atomic_rmw_or(enc(o(5)), 6);
        sink.global_atomic_rmw_xor(enc(o(6)), 7);
        sink.global_atomic_rmw_xchg(enc(o(7)), 8);
        sink.global_atomic_rmw_cmpxchg(enc(o(8)), 200);
        expected.extend([
            Instruction::GlobalAtomicGet(o(0), g(1)),
            Instruction::GlobalAtomicSet(o(1), g(2)),
            Instruction::GlobalAtomicRmwAdd(o(2), g(3)),
            Instruction::GlobalAtomicRmwSub(o(3), g(4)),
            Instruction::GlobalAtomicRmwAnd(o(4), g(5)),
            Instruction::GlobalAtomicRmwOr(o(5), g(6)),
            Instruction::GlobalAtomicRmwXor(o(6), g(7)),
            Instruction::GlobalAtomicRmwXchg(o(7), g(8)),
            Instruction::GlobalAtomicRmwCmpxchg(o(8), g(200)),
        ]);
        let t = TableIdx;
        sink.table_atomic_get(enc(o(1)), 1);
        sink.table_atomic_set(enc(o(2)), 2);
        sink.table_atomic_rmw_xchg(enc(o(3)), 3);
        sink.table_atomic_rmw_cmpxchg(enc(o(4)), 4);
        expected.extend([
            Instruction::TableAtomicGet(o(1), t(1)),
            Instruction::TableAtomicSet(o(2), t(2)),
            Instruction::TableAtomicRmwXchg(o(3), t(3)),
            Instruction::TableAtomicRmwCmpxchg(o(4), t(4)),
        ]);
        let (ty, f) = (TypeIdx, FieldIdx);
        sink.struct_atomic_get(enc(o(0)), 1, 2);
        sink.struct_atomic_get_s(enc(o(1)), 1, 3);
        sink.struct_atomic_get_u(enc(o(2)), 1, 4);
        sink.struct_atomic_set(enc(o(3)), 1, 5);
        sink.struct_atomic_rmw_add(enc(o(4)), 1, 6);
        sink.struct_atomic_rmw_sub(enc(o(5)), 1, 7);
        sink.struct_atomic_rmw_and(enc(o(6)), 1, 8);
        sink.struct_atomic_rmw_or(enc(o(7)), 1, 9);
        sink.struct_atomic_rmw_xor(enc(o(8)), 1, 10);
        sink.struct_atomic_rmw_xchg(enc(o(9)), 1, 11);
        sink.struct_atomic_rmw_cmpxchg(enc(o(10)), 130, 12);
        expected.extend([
            Instruction::StructAtomicGet(o(0), ty(1), f(2)),
            Instruction::StructAtomicGetS(o(1), ty(1), f(3)),
            Instruction::StructAtomicGetU(o(2), ty(1), f(4)),
            Instruction::StructAtomicSet(o(3), ty(1), f(5)),
            Instruction::StructAtomicRmwAdd(o(4), ty(1), f(6)),
            Instruction::StructAtomicRmwSub(o(5), ty(1), f(7)),
            Instruction::StructAtomicRmwAnd(o(6), ty(1), f(8)),
            Instruction::StructAtomicRmwOr(o(7), ty(1), f(9)),
            Instruction::StructAtomicRmwXor(o(8), ty(1), f(10)),
            Instruction::StructAtomicRmwXchg(o(9), ty(1), f(11)),
            Instruction::StructAtomicRmwCmpxchg(o(10), ty(130), f(12)),
        ]);
        sink.array_atomic_get(enc(o(1)), 2);
        sink.array_atomic_get_s(enc(o(2)), 3);
        sink.array_atomic_get_u(enc(o(3)), 4);
        sink.array_atomic_set(enc(o(4)), 5);
        sink.array_atomic_rmw_add(enc(o(5)), 6);
        sink.array_atomic_rmw_sub(enc(o(6)), 7);
        sink.array_atomic_rmw_and(enc(o(7)), 8);
        sink.array_atomic_rmw_or(enc(o(8)), 9);
        sink.array_atomic_rmw_xor(enc(o(9)), 10);
        sink.array_atomic_rmw_xchg(enc(o(10)), 11);
        sink.array_atomic_rmw_cmpxchg(enc(o(11)), 12);
        expected.extend([
            Instruction::ArrayAtomicGet(o(1), ty(2)),
            Instruction::ArrayAtomicGetS(o(2), ty(3)),
            Instruction::ArrayAtomicGetU(o(3), ty(4)),
            Instruction::ArrayAtomicSet(o(4), ty(5)),
            Instruction::ArrayAtomicRmwAdd(o(5), ty(6)),
            Instruction::ArrayAtomicRmwSub(o(6), ty(7)),
            Instruction::ArrayAtomicRmwAnd(o(7), ty(8)),
            Instruction::ArrayAtomicRmwOr(o(8), ty(9)),
            Instruction::ArrayAtomicRmwXor(o(9), ty(10)),
            Instruction::ArrayAtomicRmwXchg(o(10), ty(11)),
            Instruction::ArrayAtomicRmwCmpxchg(o(11), ty(12)),
        ]);

        sink.end();
    }

    let mut types = TypeSection::new();
    types.ty().function([], []);
    let mut functions = FunctionSection::new();
    functions.function(0);
    let mut code = CodeSection::new();
    code.function(&function);
    let mut module = wasm_encoder::Module::new();
    module.section(&types).section(&functions).section(&code);
    let bytes = module.finish();

    assert_eq!(instructions(bytes.clone()).unwrap(), expected);
    assert_eq!(reencode(bytes.clone()), bytes);
    assert_eq!(reencoder_output(&bytes).unwrap(), bytes);
}

#[test]
fn memarg_flag_bits() {
    // i32.const 0, then a memory instruction, then drop.
    let load = |op: &[u8]| {
        let mut code = vec![0x41, 0x00];
        code.extend_from_slice(op);
        code.push(0x1A);
        instructions(module_with_code(&code, None, &[]))
    };
    // Wasm 3.0: flags below 2^6 are the alignment (validation limits it), 2^6 adds a memory
    // index, 2^7 and more are malformed.
    let instrs = load(&[0x28, 0x3F, 0x04]).unwrap();
    assert!(
        matches!(instrs[1], Instruction::I32Load(arg) if arg.align() == 63 && arg.offset() == 4)
    );
    let instrs = load(&[0xFE, 0x10, 0x52, 0x01, 0x04]).unwrap();
    let Instruction::I32AtomicLoad(arg) = instrs[1] else {
        panic!("{:?}", instrs[1])
    };
    assert_eq!((arg.align(), arg.memory().0, arg.offset()), (0x12, 1, 4));
    assert!(load(&[0x28, 0x80, 0x01, 0x00]).is_err());

    let mut too_wide = wasmbin::instructions::MemArg::default();
    too_wide.set_align(64);
    let too_wide = Instruction::I32Load(too_wide);
    assert!(wasmbin::io::encode_to_vec(&too_wide).is_err());
}

#[test]
fn shared_types_and_globals() {
    let types = [
        0x03, // three groups
        0x65, 0x5F, 0x01, 0x7F, 0x01, // shared struct (field (mut i32))
        0x4E, 0x01, 0x4F, 0x00, 0x65, 0x60, 0x01, 0x65, 0x6E,
        0x00, // rec, sub final, shared func (param (shared anyref))
        0x65, 0x4C, 0x00, 0x5F, 0x00, // shared, describes 0, struct
    ];
    let globals = [
        0x02, // two globals
        0x63, 0x65, 0x6B, 0x03, 0xD0, 0x65, 0x6B,
        0x0B, // (shared (mut (ref null (shared struct))))
        0x7F, 0x02, 0x41, 0x00, 0x0B, // (shared i32)
    ];
    let mut bytes = HEADER.to_vec();
    bytes.extend(section(1, &types));
    bytes.extend(section(4, &[0x01, 0x6E, 0x03, 0x01, 0x02])); // shared table of anyref
    bytes.extend(section(6, &globals));
    let module = Module::decode_from_bytes(bytes.clone()).unwrap();
    module.decode_all().unwrap();
    let groups = module
        .find_std_section::<payload::Type>()
        .map(Blob::try_contents)
        .unwrap()
        .unwrap();
    assert!(matches!(
        groups[0],
        RecGroup::Single(SubType::Plain(CompositeType::Shared(
            SharedCompositeType::Struct(_)
        )))
    ));
    let RecGroup::Rec(rec) = &groups[1] else {
        panic!("expected a rec group")
    };
    let CompositeType::Shared(SharedCompositeType::Func(func)) = rec[0].composite() else {
        panic!("expected a shared function type")
    };
    assert_eq!(
        func.params,
        [ValueType::Ref(RefType::SharedRef(AbsHeapType::Any))]
    );
    assert!(matches!(
        groups[2],
        RecGroup::Single(SubType::Plain(CompositeType::Shared(
            SharedCompositeType::Describes(_)
        )))
    ));
    let globals = module
        .find_std_section::<payload::Global>()
        .map(Blob::try_contents)
        .unwrap()
        .unwrap();
    assert_eq!(globals[0].ty.mutability, Mut::SharedVar);
    assert_eq!(
        globals[0].ty.ty,
        ValueType::Ref(RefType::RefNull(HeapType::Shared(AbsHeapType::Struct)))
    );
    assert_eq!(
        globals[0].init.instructions,
        [Instruction::RefNull(HeapType::Shared(AbsHeapType::Struct))]
    );
    assert!(globals[1].ty.mutability.is_shared() && !globals[1].ty.mutability.is_mutable());
    let tables = module
        .find_std_section::<payload::Table>()
        .map(Blob::try_contents)
        .unwrap()
        .unwrap();
    assert!(matches!(&tables[0], Table::Plain(ty) if ty.limits.shared));
    assert_eq!(reencode(bytes.clone()), bytes);
    // RoundtripReencoder keeps the values but writes its canonical forms: no `sub final`
    // without supertypes, `(ref null (shared struct))` abbreviated. wasmbin keeps the forms
    // as written, and so reads either back as it was.
    let canonical = |bytes: &[u8]| {
        let mut out = bytes.to_vec();
        let sub_final = out
            .windows(3)
            .position(|w| w == [0x01, 0x4F, 0x00])
            .unwrap();
        out.drain(sub_final + 1..sub_final + 3);
        let long_ref = out
            .windows(3)
            .position(|w| w == [0x63, 0x65, 0x6B])
            .unwrap();
        out.remove(long_ref);
        out[HEADER.len() + 1] -= 2; // type section size
        let globals = HEADER.len() + 2 + types.len() - 2 + 7;
        assert_eq!(out[globals], 6);
        out[globals + 1] -= 1; // global section size
        out
    };
    let expected = canonical(&bytes);
    assert_eq!(reencoder_output(&bytes).unwrap(), expected);
    assert_eq!(reencode(expected.clone()), expected);

    let malformed = |types: &[u8]| {
        let mut bytes = HEADER.to_vec();
        bytes.extend(section(1, types));
        Module::decode_from_bytes(bytes)
            .and_then(|m| m.decode_all())
            .is_err()
    };
    // `shared` does not repeat, and fields are not shared on their own.
    assert!(malformed(&[0x01, 0x65, 0x65, 0x5F, 0x00]));
    assert!(malformed(&[0x01, 0x5E, 0x7F, 0x02]));
    assert!(!malformed(&[0x01, 0x5E, 0x7F, 0x01]));
}

#[test]
fn compact_import_groups() {
    let imports = [
        0x03, // three entries
        0x01, b'a', 0x00, 0x7F, 0x02, // "a" "" compact: two items
        0x01, b'f', 0x00, 0x00, // "f" (func 0)
        0x01, b'g', 0x03, 0x7F, 0x00, // "g" (global i32)
        0x01, b'b', 0x00, 0x7E, 0x03, 0x7E, 0x01, 0x02, 0x01, b'x', 0x01,
        b'y', // "b" "" (global (mut i64)) "x" "y"
        0x01, b'c', 0x00, 0x00, 0x00, // "c" "" (func 0): an empty name, not a group
    ];
    let mut bytes = HEADER.to_vec();
    bytes.extend(section(1, &[0x01, 0x60, 0x00, 0x00]));
    bytes.extend(section(2, &imports));
    let module = Module::decode_from_bytes(bytes.clone()).unwrap();
    module.decode_all().unwrap();
    let entries = module
        .find_std_section::<payload::Import>()
        .map(Blob::try_contents)
        .unwrap()
        .unwrap();
    assert!(matches!(&entries[0].desc, ImportDesc::Compact(items) if items.len() == 2));
    assert!(matches!(&entries[1].desc, ImportDesc::CompactOfType(group) if group.names.len() == 2));
    let flat: Vec<_> = entries
        .iter()
        .flat_map(|e| e.entries())
        .map(|(module, name, desc)| format!("{module}.{name}:{}", desc_kind(desc)))
        .collect();
    assert_eq!(
        flat,
        [
            "a.f:func",
            "a.g:global",
            "b.x:global",
            "b.y:global",
            "c.:func"
        ]
    );
    assert_eq!(reencode(bytes.clone()), bytes);
    assert_eq!(reencoder_output(&bytes).unwrap(), bytes);

    let malformed = |imports: &[u8]| {
        let mut bytes = HEADER.to_vec();
        bytes.extend(section(2, imports));
        Module::decode_from_bytes(bytes)
            .and_then(|m| m.decode_all())
            .is_err()
    };
    // A group follows an empty name only.
    assert!(malformed(&[0x01, 0x01, b'a', 0x01, b'n', 0x7F, 0x00]));
    assert!(!malformed(&[0x01, 0x01, b'a', 0x00, 0x7F, 0x00]));
    // Groups do not nest, in either form.
    assert!(malformed(&[
        0x01, 0x01, b'a', 0x00, 0x7F, 0x01, 0x00, 0x7F, 0x00
    ]));
    assert!(malformed(&[0x01, 0x01, b'a', 0x00, 0x7E, 0x7E, 0x00]));
    // Deep nesting is refused at the first nested marker, without recursing.
    let mut deep = vec![0x01, 0x01, b'a', 0x00];
    for _ in 0..100_000 {
        deep.extend([0x7F, 0x01, 0x00]);
    }
    let mut bytes = HEADER.to_vec();
    bytes.push(2);
    wasmbin::Encode::encode(&(deep.len() as u32), &mut bytes).unwrap();
    bytes.extend(&deep);
    assert!(Module::decode_from_bytes(bytes)
        .and_then(|m| m.decode_all())
        .is_err());

    // Encoding refuses what would not read back.
    let group = ImportDesc::Compact(vec![CompactImport {
        name: "f".into(),
        ty: ExternType::Func(0.into()),
    }]);
    let named = Import {
        module: "a".into(),
        name: "n".into(),
        desc: group,
    };
    assert!(wasmbin::io::encode_to_vec(&named).is_err());
    // A nested group cannot even be built: a member's type is an `ExternType`.
}

fn desc_kind(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "func",
        ExternType::Global(_) => "global",
        _ => "other",
    }
}

/// A field's mutability byte is `const` (0x00) or `var` (0x01): the shared flag (bit 1) of
/// global mutabilities is not one of its forms, as in wasmparser.
#[test]
fn field_mutability_is_const_or_var() {
    for (byte, ok) in [(0x00, true), (0x01, true), (0x02, false), (0x03, false)] {
        let mut bytes = HEADER.to_vec();
        bytes.extend(section(1, &[0x01, 0x5F, 0x01, 0x7F, byte])); // (struct (field i32))
        let mut parser = wasmparser::Parser::new(0);
        parser.set_features(wasmparser::WasmFeatures::all());
        let theirs = parser.parse_all(&bytes).all(|payload| match payload {
            Ok(wasmparser::Payload::TypeSection(types)) => types.into_iter().all(|t| t.is_ok()),
            other => other.is_ok(),
        });
        assert_eq!(theirs, ok, "wasmparser, mutability {byte:#04x}");
        let ours = Module::decode_from_bytes(bytes).unwrap().decode_all();
        match ours {
            Ok(_) => assert!(ok, "mutability {byte:#04x} accepted"),
            Err(err) => {
                assert!(!ok, "{err}");
                assert!(
                    err.to_string().starts_with(&format!(
                        "unknown field mutability {byte:#04x} at offset 0xe"
                    )),
                    "{err}"
                );
            }
        }
    }
}
