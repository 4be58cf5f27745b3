//! Every operator of wasmparser 0.263's own table (`for_each_operator!`): each is built with
//! a few immediates, written by wasm-encoder, read back by wasmparser (so the bytes are what
//! wasmparser reads), and must then decode with wasmbin and encode to the same bytes, and
//! print in the text format as wasmprinter prints it.
//!
//! The only exceptions are the two memory-argument forms whose flag bits Wasm 3.0 gives to
//! the alignment (see [`MEMARG_CONFLICTS`]).

use crate::wasmprinter_oracle as oracle;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::Encode as _;
use wasmbin::instructions::Instruction;
use wasmbin::io::{decode_exact, encode_to_vec};
use wasmparser::{
    AbstractHeapType, BinaryReader, BlockType, BrTable, Catch, Handle, HeapType, Ieee32, Ieee64,
    MemArg, MemArgOrdering, MemArgTarget, Operator, OperatorsReader, Ordering, RefType,
    ResumeTable, TryTable, UnpackedIndex, ValType, WasmFeatures, V128,
};

/// Immediates to build operators with: sample `i` of a type (any `i`; the list repeats).
trait Sample: Sized {
    fn sample(i: usize) -> Self;
}

fn pick<T: Clone>(list: &[T], i: usize) -> T {
    list[i % list.len()].clone()
}

impl Sample for u32 {
    fn sample(i: usize) -> Self {
        pick(&[0, 1, 127, 128, 70_000, u32::MAX], i)
    }
}

impl Sample for u8 {
    /// Lane indices (validation bounds them; the reader does not).
    fn sample(i: usize) -> Self {
        pick(&[0, 1, 7, 15], i)
    }
}

impl Sample for i32 {
    fn sample(i: usize) -> Self {
        pick(&[0, -1, 63, 64, -65, i32::MIN, i32::MAX], i)
    }
}

impl Sample for i64 {
    fn sample(i: usize) -> Self {
        pick(&[0, -1, 63, -64, i64::MIN, i64::MAX], i)
    }
}

impl Sample for Ieee32 {
    fn sample(i: usize) -> Self {
        pick(
            &[0.0f32, -1.5, f32::INFINITY, f32::from_bits(0x7FC0_0001)],
            i,
        )
        .into()
    }
}

impl Sample for Ieee64 {
    fn sample(i: usize) -> Self {
        pick(
            &[
                0.0f64,
                -1.5,
                f64::NEG_INFINITY,
                f64::from_bits(0x7FF0_0000_0000_0001),
            ],
            i,
        )
        .into()
    }
}

impl Sample for V128 {
    fn sample(i: usize) -> Self {
        pick(
            &[0u128, u128::MAX, 0x0123_4567_89AB_CDEF_0011_2233_4455_6677],
            i,
        )
        .into()
    }
}

impl Sample for [u8; 16] {
    fn sample(i: usize) -> Self {
        std::array::from_fn(|lane| ((lane + i) % 32) as u8)
    }
}

impl Sample for HeapType {
    fn sample(i: usize) -> Self {
        let abstract_ = |shared, ty| HeapType::Abstract { shared, ty };
        pick(
            &[
                abstract_(false, AbstractHeapType::Func),
                HeapType::Concrete(UnpackedIndex::Module(3)),
                abstract_(true, AbstractHeapType::Any),
                HeapType::Exact(UnpackedIndex::Module(200)),
                abstract_(false, AbstractHeapType::Cont),
                abstract_(false, AbstractHeapType::NoCont),
                HeapType::Concrete(UnpackedIndex::Module(100_000)),
                abstract_(false, AbstractHeapType::NoExn),
            ],
            i,
        )
    }
}

impl Sample for RefType {
    fn sample(i: usize) -> Self {
        RefType::new(pick(&[false, true, true], i), HeapType::sample(i)).unwrap()
    }
}

impl Sample for ValType {
    fn sample(i: usize) -> Self {
        match i % 6 {
            0 => ValType::I32,
            1 => ValType::I64,
            2 => ValType::F32,
            3 => ValType::F64,
            4 => ValType::V128,
            _ => ValType::Ref(RefType::sample(i / 6)),
        }
    }
}

impl Sample for Vec<ValType> {
    /// The types of `select` with other than one type (`TypedSelectMulti`).
    fn sample(i: usize) -> Self {
        (0..[0, 2, 3][i % 3])
            .map(|j| ValType::sample(i + j))
            .collect()
    }
}

impl Sample for BlockType {
    fn sample(i: usize) -> Self {
        match i % 4 {
            0 => BlockType::Empty,
            1 => BlockType::Type(ValType::sample(i / 4)),
            2 => BlockType::FuncType(u32::sample(i / 4)),
            _ => BlockType::FuncType(64),
        }
    }
}

impl Sample for MemArg {
    fn sample(i: usize) -> Self {
        MemArg {
            align: pick(&[0, 1, 2, 3, 4], i),
            max_align: 0,
            // Past u32: memory64 offsets.
            offset: pick(&[0, 1, 1 << 20, u64::MAX], i),
            // Memory 0 is implicit; any other sets the multi-memory flag.
            target: MemArgTarget::Memory(pick(&[0, 1, 0, 300], i)),
            ordering: None,
        }
    }
}

impl Sample for Ordering {
    fn sample(i: usize) -> Self {
        pick(&[Ordering::SeqCst, Ordering::AcqRel], i)
    }
}

impl Sample for BrTable<'static> {
    fn sample(i: usize) -> Self {
        // A `BrTable` borrows the bytes it was read from.
        const TABLES: [&[u8]; 3] = [
            &[0x0E, 0x00, 0x00],
            &[0x0E, 0x02, 0x01, 0x80, 0x01, 0x03],
            &[0x0E, 0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
        ];
        match OperatorsReader::new(BinaryReader::new(pick(&TABLES, i), 0)).read() {
            Ok(Operator::BrTable { targets }) => targets,
            other => panic!("not a br_table: {other:?}"),
        }
    }
}

impl Sample for TryTable {
    fn sample(i: usize) -> Self {
        let catches = [
            Catch::One { tag: 0, label: 1 },
            Catch::OneRef { tag: 2, label: 0 },
            Catch::All { label: 3 },
            Catch::AllRef { label: 200 },
        ];
        TryTable {
            ty: BlockType::sample(i),
            catches: catches[..i % 5].to_vec(),
        }
    }
}

impl Sample for ResumeTable {
    fn sample(i: usize) -> Self {
        let handlers = [
            Handle::OnLabel { tag: 0, label: 1 },
            Handle::OnSwitch { tag: 2 },
            Handle::OnLabel { tag: 300, label: 0 },
        ];
        ResumeTable {
            handlers: handlers[..i % 4].to_vec(),
        }
    }
}

/// Samples per operator.
const SAMPLES: usize = 8;

macro_rules! define_operators {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        /// Every operator of the table, `SAMPLES` times with different immediates, with its
        /// proposal and name.
        fn all_operators() -> Vec<(&'static str, &'static str, Operator<'static>)> {
            let mut out = Vec::new();
            for _i in 0..SAMPLES {
                $(
                    out.push((
                        stringify!($proposal),
                        stringify!($op),
                        Operator::$op $({ $($arg: Sample::sample(_i)),* })?,
                    ));
                )*
            }
            out
        }
    };
}

wasmparser::for_each_operator!(define_operators);

/// The bytes wasm-encoder writes for `op`, checked to read back as the same bytes through
/// wasmparser (all features on).
fn operator_bytes(op: &Operator<'_>) -> Vec<u8> {
    let instruction = RoundtripReencoder
        .instruction(op.clone())
        .unwrap_or_else(|err| panic!("{op:?}: wasm-encoder cannot write it: {err}"));
    let mut bytes = Vec::new();
    instruction.encode(&mut bytes);
    // wasmparser's reader tracks blocks: `else` needs an `if`, the legacy handlers a `try`.
    let context: &[u8] = match op {
        Operator::Else => &[0x04, 0x40],
        Operator::Catch { .. } | Operator::CatchAll | Operator::Delegate { .. } => &[0x06, 0x40],
        _ => &[],
    };
    let input = [context, &bytes].concat();
    let mut reader =
        OperatorsReader::new(BinaryReader::new_features(&input, 0, WasmFeatures::all()));
    let mut read = None;
    while !reader.eof() {
        read = Some(reader.read().unwrap_or_else(|err| {
            panic!("{op:?} ({bytes:02x?}): wasmparser cannot read it: {err}")
        }));
    }
    let read = read.unwrap();
    let mut again = Vec::new();
    RoundtripReencoder
        .instruction(read)
        .unwrap()
        .encode(&mut again);
    assert_eq!(again, bytes, "{op:?}: wasmparser reads other bytes");
    bytes
}

/// Decodes one instruction with wasmbin and encodes it again.
fn wasmbin_roundtrip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let instruction = decode_exact::<Instruction>(bytes).map_err(|err| err.to_string())?;
    encode_to_vec(&instruction).map_err(|err| err.to_string())
}

#[test]
fn every_wasmparser_operator_round_trips() {
    let operators = all_operators();
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for (proposal, name, op) in &operators {
        names.insert(*name);
        let bytes = operator_bytes(op);
        match wasmbin_roundtrip(&bytes) {
            Ok(out) if out == bytes => {}
            Ok(out) => failures.push(format!(
                "@{proposal} {name}: {bytes:02x?} re-encodes as {out:02x?}"
            )),
            Err(err) => failures.push(format!("@{proposal} {name}: {bytes:02x?}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The table is the whole of wasmparser's: not a handful that happened to build.
    assert!(names.len() > 600, "only {} operators", names.len());
    println!(
        "{} operators, {} encodings, all byte-exact",
        names.len(),
        operators.len()
    );
}

/// Every operator of the table, with its samples of immediates, prints as wasmprinter prints
/// it (`Display` and `Mnemonic`; see `support/wasmprinter_oracle.rs` for what is normalised).
#[test]
fn every_wasmparser_operator_prints_as_wasmprinter_prints_it() {
    let mut failures = Vec::new();
    for (proposal, name, op) in &all_operators() {
        let bytes = operator_bytes(op);
        let instruction = decode_exact::<Instruction>(&bytes).unwrap();
        match oracle::line_of(&instruction) {
            Ok(line) => {
                if let Some(message) = oracle::disagreement(&instruction, &line) {
                    failures.push(format!("@{proposal} {name} {bytes:02x?}: {message}"));
                }
            }
            Err(err) => failures.push(format!("@{proposal} {name} {bytes:02x?}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The two memory-argument forms of in-flight proposals that wasmparser reads when their
/// features are on, and that Wasm 3.0 reads differently: bit 4 of the flags (an ordering
/// byte follows; acquire-release atomics) and bit 5 (an array type index follows instead of
/// a memory; multibyte array access) are alignment bits in Wasm 3.0, whose spec tests
/// wasmbin follows.
const MEMARG_CONFLICTS: [(&str, MemArgTarget, Option<MemArgOrdering>); 2] = [
    (
        "acquire-release atomics",
        MemArgTarget::Memory(0),
        Some(MemArgOrdering::Op(Ordering::AcqRel)),
    ),
    ("multibyte array access", MemArgTarget::Array(1), None),
];

#[test]
fn memory_argument_conflicts_are_the_documented_two() {
    let load = |target, ordering| Operator::I32AtomicLoad {
        memarg: MemArg {
            align: 2,
            max_align: 2,
            offset: 8,
            target,
            ordering,
        },
    };
    for (proposal, target, ordering) in MEMARG_CONFLICTS {
        let bytes = operator_bytes(&load(target, ordering));
        // wasmbin reads the flag bit as alignment: either the bytes do not decode as one
        // instruction, or they decode to something that writes other bytes.
        if let Ok(out) = wasmbin_roundtrip(&bytes) {
            assert_ne!(
                out, bytes,
                "{proposal}: wasmbin now agrees; update the docs"
            );
        }
    }
    // Every other memory argument form round-trips (see the table test); spot-check that
    // the same instruction without the conflicting bits does.
    let bytes = operator_bytes(&load(MemArgTarget::Memory(3), None));
    assert_eq!(wasmbin_roundtrip(&bytes).unwrap(), bytes);
}
