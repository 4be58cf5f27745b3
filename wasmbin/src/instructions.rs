//! [Instructions](https://webassembly.github.io/spec/core/binary/instructions.html) and
//! expressions.
//!
//! [`Instruction`] is one flat enum: `block`, `loop`, `if` … and their `end` are items of
//! the same list, so deeply nested code never recurses. Prefixed opcodes are written
//! `0xPP_SSSS` (prefix byte, then the sub-opcode as a LEB128 `u32`).

use crate::error::{DecodeError, ErrorKind, PathSegment};
use crate::indices::*;
use crate::io::{Decode, Encode, Reader, F32, F64, V128};
use crate::types::{BlockType, HeapType, ValueType};
use crate::visit::VisitError;
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use std::io::Write;

/// [Memory argument](https://webassembly.github.io/spec/core/binary/instructions.html#memory-instructions) (`memarg`)
/// of loads, stores and atomics: alignment, memory index (multi-memory) and offset (64-bit
/// with memory64).
///
/// The flags field that starts it is a bitfield, so the codec is written by hand: values
/// below 2^6 are the alignment exponent; from 2^6 to 2^7, bit 6 says a memory index follows
/// and the rest is the alignment exponent. (Proposals that give bits 4 and 5 other meanings,
/// acquire-release atomics and multibyte array access, are not supported: in Wasm 3.0 those
/// bits belong to the alignment, and the spec tests check it.)
///
/// The three values are stored as little-endian bytes (read them with [`MemArg::align`],
/// [`MemArg::memory`] and [`MemArg::offset`]): a 13-byte, 1-aligned `MemArg` keeps
/// [`Instruction`] at 16 bytes, a third less memory and bandwidth for every decoded function
/// body than with a `u64` field.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MemArg {
    align: u8,
    memory: [u8; 4],
    offset: [u8; 8],
}

impl MemArg {
    /// A memory argument with the given alignment exponent, memory and offset.
    #[inline]
    pub const fn new(align: u8, memory: MemIdx, offset: u64) -> Self {
        MemArg {
            align,
            memory: memory.0.to_le_bytes(),
            offset: offset.to_le_bytes(),
        }
    }

    /// Alignment as a power of two (0 to 63 can be encoded; validation limits it to the
    /// natural alignment).
    #[inline]
    pub const fn align(&self) -> u8 {
        self.align
    }

    /// The memory accessed.
    #[inline]
    pub const fn memory(&self) -> MemIdx {
        MemIdx(u32::from_le_bytes(self.memory))
    }

    /// Static offset added to the address.
    #[inline]
    pub const fn offset(&self) -> u64 {
        u64::from_le_bytes(self.offset)
    }

    /// Sets the alignment exponent.
    #[inline]
    pub fn set_align(&mut self, align: u8) {
        self.align = align;
    }

    /// Sets the memory accessed.
    #[inline]
    pub fn set_memory(&mut self, memory: MemIdx) {
        self.memory = memory.0.to_le_bytes();
    }

    /// Sets the static offset.
    #[inline]
    pub fn set_offset(&mut self, offset: u64) {
        self.offset = offset.to_le_bytes();
    }
}

impl std::fmt::Debug for MemArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemArg")
            .field("align", &self.align())
            .field("memory", &self.memory())
            .field("offset", &self.offset())
            .finish()
    }
}

/// Visits the memory index (a copy, written back after a mutable visit) and the two numbers.
impl Visit for MemArg {
    fn visit_children<VisitT: 'static, E, F: FnMut(&VisitT) -> Result<(), E>>(
        &self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        self.align.visit_child(f)?;
        self.memory().visit_child(f)?;
        self.offset().visit_child(f)
    }

    fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
        &mut self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        let (mut memory, mut offset) = (self.memory(), self.offset());
        self.align.visit_child_mut(f)?;
        memory.visit_child_mut(f)?;
        offset.visit_child_mut(f)?;
        *self = MemArg::new(self.align, memory, offset);
        Ok(())
    }
}

/// Bits 0–5 of the memarg flags: the alignment exponent.
const MEMARG_ALIGN: u32 = 0x3F;
/// Bit of the memarg flags that says a memory index follows (multi-memory).
const MEMARG_HAS_MEMORY: u32 = 1 << 6;

// Hand-written: the flags field is a bitfield (alignment bits, memory-index bit).
impl Encode for MemArg {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        let align = u32::from(self.align);
        if align > MEMARG_ALIGN {
            return Err(crate::error::encode_error(format!(
                "alignment exponent {align} is out of range (at most 63)"
            )));
        }
        let memory = self.memory();
        if memory.0 == 0 {
            align.encode(writer)?;
        } else {
            (align | MEMARG_HAS_MEMORY).encode(writer)?;
            memory.encode(writer)?;
        }
        self.offset().encode(writer)
    }

    fn encoded_len(&self) -> usize {
        // The flags are one byte (alignment below 2^6, memory bit 2^6).
        let memory = self.memory();
        let memory = if memory.0 == 0 {
            0
        } else {
            memory.encoded_len()
        };
        1 + memory + self.offset().encoded_len()
    }
}

impl Decode for MemArg {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = reader.offset();
        let flags = u32::decode(reader)?;
        if flags >= MEMARG_HAS_MEMORY << 1 {
            return Err(reader.error_at(
                offset,
                ErrorKind::Malformed(format!("malformed memop flags {flags:#x}")),
            ));
        }
        let memory = if flags & MEMARG_HAS_MEMORY != 0 {
            MemIdx::decode(reader)?
        } else {
            MemIdx(0)
        };
        Ok(MemArg::new(
            (flags & MEMARG_ALIGN) as u8,
            memory,
            u64::decode(reader)?,
        ))
    }
}

/// The ordering immediate of `atomic.fence` and of the atomic accesses to globals, tables,
/// structs and arrays (a `u8`;
/// [shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#memory-orderings),
/// [acquire-release atomics](https://github.com/WebAssembly/acquire-release-atomics/blob/main/proposals/acquire-release-atomics/Overview.md#atomic-fences)).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[wasmbin(what = "atomic ordering")]
#[non_exhaustive]
pub enum AtomicOrdering {
    /// `seqcst` (`0x00`, the reserved byte of `atomic.fence` before acquire-release atomics).
    #[default]
    SeqCst = 0x00,
    /// `acqrel` (`0x01`).
    AcqRel = 0x01,
}

/// Targets of `br_table`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BrTable {
    /// Labels selected by index.
    pub labels: Vec<LabelIdx>,
    /// Label taken when the index is out of range.
    pub default: LabelIdx,
}

/// A handler clause of `try_table` (`catch`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[wasmbin(what = "catch clause")]
pub enum Catch {
    /// `catch tag label`
    Catch(TagIdx, LabelIdx) = 0x00,
    /// `catch_ref tag label`
    CatchRef(TagIdx, LabelIdx) = 0x01,
    /// `catch_all label`
    CatchAll(LabelIdx) = 0x02,
    /// `catch_all_ref label`
    CatchAllRef(LabelIdx) = 0x03,
}

/// Immediates of `try_table`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct TryTable {
    /// Type of the block.
    pub block_type: BlockType,
    /// Handlers, tried in order.
    pub catches: Vec<Catch>,
}

/// A handler clause of `resume`, `resume_throw` and `resume_throw_ref` (`hdl`;
/// [stack switching](https://github.com/WebAssembly/stack-switching/blob/main/proposals/stack-switching/Explainer.md#instructions)).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[wasmbin(what = "handler clause")]
pub enum Handler {
    /// `(on tag label)`: a suspension with this tag branches to the label.
    OnLabel(TagIdx, LabelIdx) = 0x00,
    /// `(on tag switch)`: a `switch` to this tag is handled here.
    OnSwitch(TagIdx) = 0x01,
}

/// Immediates of `resume` and `resume_throw_ref` (stack switching).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Resume {
    /// The continuation type.
    pub cont: TypeIdx,
    /// The handlers, tried in order.
    pub handlers: Vec<Handler>,
}

/// Immediates of `resume_throw` (stack switching).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResumeThrow {
    /// The continuation type.
    pub cont: TypeIdx,
    /// The exception tag thrown into the continuation.
    pub tag: TagIdx,
    /// The handlers, tried in order.
    pub handlers: Vec<Handler>,
}

/// Nullability of the two reference types of `br_on_cast` and its relatives: the flags
/// byte of the [encoding](https://webassembly.github.io/spec/core/binary/instructions.html#control-instructions)
/// (bit 0: the source type is nullable, bit 1: the target type is nullable).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[wasmbin(what = "cast flags")]
pub enum CastFlags {
    /// `(ref ht1)` to `(ref ht2)`
    NonNullToNonNull = 0x00,
    /// `(ref null ht1)` to `(ref ht2)`
    NullToNonNull = 0x01,
    /// `(ref ht1)` to `(ref null ht2)`
    NonNullToNull = 0x02,
    /// `(ref null ht1)` to `(ref null ht2)`
    NullToNull = 0x03,
}

impl CastFlags {
    /// Whether the source reference type is nullable.
    pub fn from_nullable(self) -> bool {
        matches!(self, CastFlags::NullToNonNull | CastFlags::NullToNull)
    }

    /// Whether the target reference type is nullable.
    pub fn to_nullable(self) -> bool {
        matches!(self, CastFlags::NonNullToNull | CastFlags::NullToNull)
    }
}

/// Immediates of `br_on_cast`, `br_on_cast_fail` and their descriptor variants: the
/// nullability flags, the label, and the heap types cast from and to.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BrOnCast {
    /// Nullability of the two reference types.
    pub flags: CastFlags,
    /// Label taken on (or, for the `_fail` forms, unless) a successful cast.
    pub label: LabelIdx,
    /// Heap type of the operand.
    pub from: HeapType,
    /// Heap type cast to.
    pub to: HeapType,
}

/// An [instruction](https://webassembly.github.io/spec/core/binary/instructions.html) (`instr`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(what = "opcode", hot)]
#[non_exhaustive]
pub enum Instruction {
    // The variants that own heap memory come first: their discriminants are then one small
    // range, and dropping an instruction starts with a range check instead of a switch over
    // every variant (dropping a decoded module took 40% more instructions with them in
    // opcode order).
    /// `br_table labels default`
    BrTable(Box<BrTable>) = 0x0E,
    /// `select t*`
    SelectTyped(Box<Vec<ValueType>>) = 0x1C,
    /// `try_table bt catches` (exception handling with exnref)
    TryTable(Box<TryTable>) = 0x1F,
    /// `br_on_cast label rt1 rt2`
    BrOnCast(Box<BrOnCast>) = 0xFB_0018,
    /// `br_on_cast_fail label rt1 rt2`
    BrOnCastFail(Box<BrOnCast>) = 0xFB_0019,
    /// `br_on_cast_desc_eq label rt1 rt2` (custom descriptors)
    BrOnCastDescEq(Box<BrOnCast>) = 0xFB_0025,
    /// `br_on_cast_desc_eq_fail label rt1 rt2` (custom descriptors)
    BrOnCastDescEqFail(Box<BrOnCast>) = 0xFB_0026,
    /// `v128.const`
    V128Const(Box<V128>) = 0xFD_000C,
    /// `i8x16.shuffle`
    I8x16Shuffle(Box<[u8; 16]>) = 0xFD_000D,
    /// `resume cont handlers` (stack switching)
    Resume(Box<Resume>) = 0xE3,
    /// `resume_throw cont tag handlers` (stack switching)
    ResumeThrow(Box<ResumeThrow>) = 0xE4,
    /// `resume_throw_ref cont handlers` (stack switching)
    ResumeThrowRef(Box<Resume>) = 0xE5,
    // Control instructions.
    /// `unreachable`
    Unreachable = 0x00,
    /// `nop`
    Nop = 0x01,
    /// `block bt` (ends at the matching `end`)
    Block(BlockType) = 0x02,
    /// `loop bt`
    Loop(BlockType) = 0x03,
    /// `if bt`
    If(BlockType) = 0x04,
    /// `else`
    Else = 0x05,
    /// `try bt` (legacy exception handling)
    Try(BlockType) = 0x06,
    /// `catch tag` (legacy exception handling)
    Catch(TagIdx) = 0x07,
    /// `throw tag`
    Throw(TagIdx) = 0x08,
    /// `rethrow label` (legacy exception handling)
    Rethrow(LabelIdx) = 0x09,
    /// `throw_ref`
    ThrowRef = 0x0A,
    /// `end`
    End = 0x0B,
    /// `br label`
    Br(LabelIdx) = 0x0C,
    /// `br_if label`
    BrIf(LabelIdx) = 0x0D,
    /// `return`
    Return = 0x0F,
    /// `call func`
    Call(FuncIdx) = 0x10,
    /// `call_indirect type table`
    CallIndirect(TypeIdx, TableIdx) = 0x11,
    /// `return_call func` (tail calls)
    ReturnCall(FuncIdx) = 0x12,
    /// `return_call_indirect type table` (tail calls)
    ReturnCallIndirect(TypeIdx, TableIdx) = 0x13,
    /// `call_ref type` (typed function references)
    CallRef(TypeIdx) = 0x14,
    /// `return_call_ref type`
    ReturnCallRef(TypeIdx) = 0x15,
    /// `delegate label` (legacy exception handling; closes a `try` like `end`)
    Delegate(LabelIdx) = 0x18,
    /// `catch_all` (legacy exception handling)
    CatchAll = 0x19,

    // Parametric instructions.
    /// `drop`
    Drop = 0x1A,
    /// `select`
    Select = 0x1B,

    // Variable instructions.
    /// `local.get`
    LocalGet(LocalIdx) = 0x20,
    /// `local.set`
    LocalSet(LocalIdx) = 0x21,
    /// `local.tee`
    LocalTee(LocalIdx) = 0x22,
    /// `global.get`
    GlobalGet(GlobalIdx) = 0x23,
    /// `global.set`
    GlobalSet(GlobalIdx) = 0x24,

    // Table instructions.
    /// `table.get`
    TableGet(TableIdx) = 0x25,
    /// `table.set`
    TableSet(TableIdx) = 0x26,

    // Memory instructions.
    /// `i32.load`
    I32Load(MemArg) = 0x28,
    /// `i64.load`
    I64Load(MemArg) = 0x29,
    /// `f32.load`
    F32Load(MemArg) = 0x2A,
    /// `f64.load`
    F64Load(MemArg) = 0x2B,
    /// `i32.load8_s`
    I32Load8S(MemArg) = 0x2C,
    /// `i32.load8_u`
    I32Load8U(MemArg) = 0x2D,
    /// `i32.load16_s`
    I32Load16S(MemArg) = 0x2E,
    /// `i32.load16_u`
    I32Load16U(MemArg) = 0x2F,
    /// `i64.load8_s`
    I64Load8S(MemArg) = 0x30,
    /// `i64.load8_u`
    I64Load8U(MemArg) = 0x31,
    /// `i64.load16_s`
    I64Load16S(MemArg) = 0x32,
    /// `i64.load16_u`
    I64Load16U(MemArg) = 0x33,
    /// `i64.load32_s`
    I64Load32S(MemArg) = 0x34,
    /// `i64.load32_u`
    I64Load32U(MemArg) = 0x35,
    /// `i32.store`
    I32Store(MemArg) = 0x36,
    /// `i64.store`
    I64Store(MemArg) = 0x37,
    /// `f32.store`
    F32Store(MemArg) = 0x38,
    /// `f64.store`
    F64Store(MemArg) = 0x39,
    /// `i32.store8`
    I32Store8(MemArg) = 0x3A,
    /// `i32.store16`
    I32Store16(MemArg) = 0x3B,
    /// `i64.store8`
    I64Store8(MemArg) = 0x3C,
    /// `i64.store16`
    I64Store16(MemArg) = 0x3D,
    /// `i64.store32`
    I64Store32(MemArg) = 0x3E,
    /// `memory.size mem`
    MemorySize(MemIdx) = 0x3F,
    /// `memory.grow mem`
    MemoryGrow(MemIdx) = 0x40,

    // Numeric instructions: constants.
    /// `i32.const`
    I32Const(i32) = 0x41,
    /// `i64.const`
    I64Const(i64) = 0x42,
    /// `f32.const`
    F32Const(F32) = 0x43,
    /// `f64.const`
    F64Const(F64) = 0x44,

    // Numeric instructions: comparisons.
    /// `i32.eqz`
    I32Eqz = 0x45,
    /// `i32.eq`
    I32Eq = 0x46,
    /// `i32.ne`
    I32Ne = 0x47,
    /// `i32.lt_s`
    I32LtS = 0x48,
    /// `i32.lt_u`
    I32LtU = 0x49,
    /// `i32.gt_s`
    I32GtS = 0x4A,
    /// `i32.gt_u`
    I32GtU = 0x4B,
    /// `i32.le_s`
    I32LeS = 0x4C,
    /// `i32.le_u`
    I32LeU = 0x4D,
    /// `i32.ge_s`
    I32GeS = 0x4E,
    /// `i32.ge_u`
    I32GeU = 0x4F,
    /// `i64.eqz`
    I64Eqz = 0x50,
    /// `i64.eq`
    I64Eq = 0x51,
    /// `i64.ne`
    I64Ne = 0x52,
    /// `i64.lt_s`
    I64LtS = 0x53,
    /// `i64.lt_u`
    I64LtU = 0x54,
    /// `i64.gt_s`
    I64GtS = 0x55,
    /// `i64.gt_u`
    I64GtU = 0x56,
    /// `i64.le_s`
    I64LeS = 0x57,
    /// `i64.le_u`
    I64LeU = 0x58,
    /// `i64.ge_s`
    I64GeS = 0x59,
    /// `i64.ge_u`
    I64GeU = 0x5A,
    /// `f32.eq`
    F32Eq = 0x5B,
    /// `f32.ne`
    F32Ne = 0x5C,
    /// `f32.lt`
    F32Lt = 0x5D,
    /// `f32.gt`
    F32Gt = 0x5E,
    /// `f32.le`
    F32Le = 0x5F,
    /// `f32.ge`
    F32Ge = 0x60,
    /// `f64.eq`
    F64Eq = 0x61,
    /// `f64.ne`
    F64Ne = 0x62,
    /// `f64.lt`
    F64Lt = 0x63,
    /// `f64.gt`
    F64Gt = 0x64,
    /// `f64.le`
    F64Le = 0x65,
    /// `f64.ge`
    F64Ge = 0x66,

    // Numeric instructions: arithmetic.
    /// `i32.clz`
    I32Clz = 0x67,
    /// `i32.ctz`
    I32Ctz = 0x68,
    /// `i32.popcnt`
    I32Popcnt = 0x69,
    /// `i32.add`
    I32Add = 0x6A,
    /// `i32.sub`
    I32Sub = 0x6B,
    /// `i32.mul`
    I32Mul = 0x6C,
    /// `i32.div_s`
    I32DivS = 0x6D,
    /// `i32.div_u`
    I32DivU = 0x6E,
    /// `i32.rem_s`
    I32RemS = 0x6F,
    /// `i32.rem_u`
    I32RemU = 0x70,
    /// `i32.and`
    I32And = 0x71,
    /// `i32.or`
    I32Or = 0x72,
    /// `i32.xor`
    I32Xor = 0x73,
    /// `i32.shl`
    I32Shl = 0x74,
    /// `i32.shr_s`
    I32ShrS = 0x75,
    /// `i32.shr_u`
    I32ShrU = 0x76,
    /// `i32.rotl`
    I32Rotl = 0x77,
    /// `i32.rotr`
    I32Rotr = 0x78,
    /// `i64.clz`
    I64Clz = 0x79,
    /// `i64.ctz`
    I64Ctz = 0x7A,
    /// `i64.popcnt`
    I64Popcnt = 0x7B,
    /// `i64.add`
    I64Add = 0x7C,
    /// `i64.sub`
    I64Sub = 0x7D,
    /// `i64.mul`
    I64Mul = 0x7E,
    /// `i64.div_s`
    I64DivS = 0x7F,
    /// `i64.div_u`
    I64DivU = 0x80,
    /// `i64.rem_s`
    I64RemS = 0x81,
    /// `i64.rem_u`
    I64RemU = 0x82,
    /// `i64.and`
    I64And = 0x83,
    /// `i64.or`
    I64Or = 0x84,
    /// `i64.xor`
    I64Xor = 0x85,
    /// `i64.shl`
    I64Shl = 0x86,
    /// `i64.shr_s`
    I64ShrS = 0x87,
    /// `i64.shr_u`
    I64ShrU = 0x88,
    /// `i64.rotl`
    I64Rotl = 0x89,
    /// `i64.rotr`
    I64Rotr = 0x8A,
    /// `f32.abs`
    F32Abs = 0x8B,
    /// `f32.neg`
    F32Neg = 0x8C,
    /// `f32.ceil`
    F32Ceil = 0x8D,
    /// `f32.floor`
    F32Floor = 0x8E,
    /// `f32.trunc`
    F32Trunc = 0x8F,
    /// `f32.nearest`
    F32Nearest = 0x90,
    /// `f32.sqrt`
    F32Sqrt = 0x91,
    /// `f32.add`
    F32Add = 0x92,
    /// `f32.sub`
    F32Sub = 0x93,
    /// `f32.mul`
    F32Mul = 0x94,
    /// `f32.div`
    F32Div = 0x95,
    /// `f32.min`
    F32Min = 0x96,
    /// `f32.max`
    F32Max = 0x97,
    /// `f32.copysign`
    F32Copysign = 0x98,
    /// `f64.abs`
    F64Abs = 0x99,
    /// `f64.neg`
    F64Neg = 0x9A,
    /// `f64.ceil`
    F64Ceil = 0x9B,
    /// `f64.floor`
    F64Floor = 0x9C,
    /// `f64.trunc`
    F64Trunc = 0x9D,
    /// `f64.nearest`
    F64Nearest = 0x9E,
    /// `f64.sqrt`
    F64Sqrt = 0x9F,
    /// `f64.add`
    F64Add = 0xA0,
    /// `f64.sub`
    F64Sub = 0xA1,
    /// `f64.mul`
    F64Mul = 0xA2,
    /// `f64.div`
    F64Div = 0xA3,
    /// `f64.min`
    F64Min = 0xA4,
    /// `f64.max`
    F64Max = 0xA5,
    /// `f64.copysign`
    F64Copysign = 0xA6,

    // Numeric instructions: conversions.
    /// `i32.wrap_i64`
    I32WrapI64 = 0xA7,
    /// `i32.trunc_f32_s`
    I32TruncF32S = 0xA8,
    /// `i32.trunc_f32_u`
    I32TruncF32U = 0xA9,
    /// `i32.trunc_f64_s`
    I32TruncF64S = 0xAA,
    /// `i32.trunc_f64_u`
    I32TruncF64U = 0xAB,
    /// `i64.extend_i32_s`
    I64ExtendI32S = 0xAC,
    /// `i64.extend_i32_u`
    I64ExtendI32U = 0xAD,
    /// `i64.trunc_f32_s`
    I64TruncF32S = 0xAE,
    /// `i64.trunc_f32_u`
    I64TruncF32U = 0xAF,
    /// `i64.trunc_f64_s`
    I64TruncF64S = 0xB0,
    /// `i64.trunc_f64_u`
    I64TruncF64U = 0xB1,
    /// `f32.convert_i32_s`
    F32ConvertI32S = 0xB2,
    /// `f32.convert_i32_u`
    F32ConvertI32U = 0xB3,
    /// `f32.convert_i64_s`
    F32ConvertI64S = 0xB4,
    /// `f32.convert_i64_u`
    F32ConvertI64U = 0xB5,
    /// `f32.demote_f64`
    F32DemoteF64 = 0xB6,
    /// `f64.convert_i32_s`
    F64ConvertI32S = 0xB7,
    /// `f64.convert_i32_u`
    F64ConvertI32U = 0xB8,
    /// `f64.convert_i64_s`
    F64ConvertI64S = 0xB9,
    /// `f64.convert_i64_u`
    F64ConvertI64U = 0xBA,
    /// `f64.promote_f32`
    F64PromoteF32 = 0xBB,
    /// `i32.reinterpret_f32`
    I32ReinterpretF32 = 0xBC,
    /// `i64.reinterpret_f64`
    I64ReinterpretF64 = 0xBD,
    /// `f32.reinterpret_i32`
    F32ReinterpretI32 = 0xBE,
    /// `f64.reinterpret_i64`
    F64ReinterpretI64 = 0xBF,

    // Sign-extension operators.
    /// `i32.extend8_s`
    I32Extend8S = 0xC0,
    /// `i32.extend16_s`
    I32Extend16S = 0xC1,
    /// `i64.extend8_s`
    I64Extend8S = 0xC2,
    /// `i64.extend16_s`
    I64Extend16S = 0xC3,
    /// `i64.extend32_s`
    I64Extend32S = 0xC4,

    // Reference instructions.
    /// `ref.null ht`
    RefNull(HeapType) = 0xD0,
    /// `ref.is_null`
    RefIsNull = 0xD1,
    /// `ref.func func`
    RefFunc(FuncIdx) = 0xD2,
    /// `ref.eq`
    RefEq = 0xD3,
    /// `ref.as_non_null`
    RefAsNonNull = 0xD4,
    /// `br_on_null label`
    BrOnNull(LabelIdx) = 0xD5,
    /// `br_on_non_null label`
    BrOnNonNull(LabelIdx) = 0xD6,

    // Stack switching
    // ([stack switching](https://github.com/WebAssembly/stack-switching/blob/main/proposals/stack-switching/Explainer.md#instructions)).
    /// `cont.new cont`
    ContNew(TypeIdx) = 0xE0,
    /// `cont.bind from to`
    ContBind {
        /// The type of the continuation taken.
        from: TypeIdx,
        /// The type of the continuation returned.
        to: TypeIdx,
    } = 0xE1,
    /// `suspend tag`
    Suspend(TagIdx) = 0xE2,
    /// `switch cont tag`
    Switch(TypeIdx, TagIdx) = 0xE6,

    // 0xFC prefix: saturating truncation, bulk memory and table instructions.
    /// `i32.trunc_sat_f32_s`
    I32TruncSatF32S = 0xFC_0000,
    /// `i32.trunc_sat_f32_u`
    I32TruncSatF32U = 0xFC_0001,
    /// `i32.trunc_sat_f64_s`
    I32TruncSatF64S = 0xFC_0002,
    /// `i32.trunc_sat_f64_u`
    I32TruncSatF64U = 0xFC_0003,
    /// `i64.trunc_sat_f32_s`
    I64TruncSatF32S = 0xFC_0004,
    /// `i64.trunc_sat_f32_u`
    I64TruncSatF32U = 0xFC_0005,
    /// `i64.trunc_sat_f64_s`
    I64TruncSatF64S = 0xFC_0006,
    /// `i64.trunc_sat_f64_u`
    I64TruncSatF64U = 0xFC_0007,
    /// `memory.init data mem`
    MemoryInit(DataIdx, MemIdx) = 0xFC_0008,
    /// `data.drop data`
    DataDrop(DataIdx) = 0xFC_0009,
    /// `memory.copy dst src`
    MemoryCopy {
        /// Destination memory.
        dst: MemIdx,
        /// Source memory.
        src: MemIdx,
    } = 0xFC_000A,
    /// `memory.fill mem`
    MemoryFill(MemIdx) = 0xFC_000B,
    /// `table.init elem table`
    TableInit(ElemIdx, TableIdx) = 0xFC_000C,
    /// `elem.drop elem`
    ElemDrop(ElemIdx) = 0xFC_000D,
    /// `table.copy dst src`
    TableCopy {
        /// Destination table.
        dst: TableIdx,
        /// Source table.
        src: TableIdx,
    } = 0xFC_000E,
    /// `table.grow table`
    TableGrow(TableIdx) = 0xFC_000F,
    /// `table.size table`
    TableSize(TableIdx) = 0xFC_0010,
    /// `table.fill table`
    TableFill(TableIdx) = 0xFC_0011,
    /// `memory.discard mem`
    /// ([memory control](https://github.com/WebAssembly/memory-control/blob/main/proposals/memory-control/Overview.md))
    MemoryDiscard(MemIdx) = 0xFC_0012,

    // 0xFC prefix: wide arithmetic.
    /// `i64.add128` (wide arithmetic)
    I64Add128 = 0xFC_0013,
    /// `i64.sub128` (wide arithmetic)
    I64Sub128 = 0xFC_0014,
    /// `i64.mul_wide_s` (wide arithmetic)
    I64MulWideS = 0xFC_0015,
    /// `i64.mul_wide_u` (wide arithmetic)
    I64MulWideU = 0xFC_0016,

    // 0xFB prefix: aggregate (GC) instructions.
    /// `struct.new`
    StructNew(TypeIdx) = 0xFB_0000,
    /// `struct.new_default`
    StructNewDefault(TypeIdx) = 0xFB_0001,
    /// `struct.get`
    StructGet(TypeIdx, FieldIdx) = 0xFB_0002,
    /// `struct.get_s`
    StructGetS(TypeIdx, FieldIdx) = 0xFB_0003,
    /// `struct.get_u`
    StructGetU(TypeIdx, FieldIdx) = 0xFB_0004,
    /// `struct.set`
    StructSet(TypeIdx, FieldIdx) = 0xFB_0005,
    /// `array.new`
    ArrayNew(TypeIdx) = 0xFB_0006,
    /// `array.new_default`
    ArrayNewDefault(TypeIdx) = 0xFB_0007,
    /// `array.new_fixed type n`
    ArrayNewFixed(TypeIdx, u32) = 0xFB_0008,
    /// `array.new_data`
    ArrayNewData(TypeIdx, DataIdx) = 0xFB_0009,
    /// `array.new_elem`
    ArrayNewElem(TypeIdx, ElemIdx) = 0xFB_000A,
    /// `array.get`
    ArrayGet(TypeIdx) = 0xFB_000B,
    /// `array.get_s`
    ArrayGetS(TypeIdx) = 0xFB_000C,
    /// `array.get_u`
    ArrayGetU(TypeIdx) = 0xFB_000D,
    /// `array.set`
    ArraySet(TypeIdx) = 0xFB_000E,
    /// `array.len`
    ArrayLen = 0xFB_000F,
    /// `array.fill`
    ArrayFill(TypeIdx) = 0xFB_0010,
    /// `array.copy dst src`
    ArrayCopy {
        /// Destination array type.
        dst: TypeIdx,
        /// Source array type.
        src: TypeIdx,
    } = 0xFB_0011,
    /// `array.init_data`
    ArrayInitData(TypeIdx, DataIdx) = 0xFB_0012,
    /// `array.init_elem`
    ArrayInitElem(TypeIdx, ElemIdx) = 0xFB_0013,
    /// `ref.test (ref ht)`
    RefTest(HeapType) = 0xFB_0014,
    /// `ref.test (ref null ht)`
    RefTestNull(HeapType) = 0xFB_0015,
    /// `ref.cast (ref ht)`
    RefCast(HeapType) = 0xFB_0016,
    /// `ref.cast (ref null ht)`
    RefCastNull(HeapType) = 0xFB_0017,
    /// `any.convert_extern`
    AnyConvertExtern = 0xFB_001A,
    /// `extern.convert_any`
    ExternConvertAny = 0xFB_001B,
    /// `ref.i31`
    RefI31 = 0xFB_001C,
    /// `i31.get_s`
    I31GetS = 0xFB_001D,
    /// `i31.get_u`
    I31GetU = 0xFB_001E,

    // 0xFB prefix: custom descriptors.
    /// `struct.new_desc` (custom descriptors)
    StructNewDesc(TypeIdx) = 0xFB_0020,
    /// `struct.new_default_desc` (custom descriptors)
    StructNewDefaultDesc(TypeIdx) = 0xFB_0021,
    /// `ref.get_desc` (custom descriptors)
    RefGetDesc(TypeIdx) = 0xFB_0022,
    /// `ref.cast_desc_eq (ref ht)` (custom descriptors)
    RefCastDescEq(HeapType) = 0xFB_0023,
    /// `ref.cast_desc_eq (ref null ht)` (custom descriptors)
    RefCastDescEqNull(HeapType) = 0xFB_0024,

    // 0xFD prefix: vector instructions (fixed-width and relaxed SIMD).
    /// `v128.load`
    V128Load(MemArg) = 0xFD_0000,
    /// `v128.load8x8_s`
    V128Load8x8S(MemArg) = 0xFD_0001,
    /// `v128.load8x8_u`
    V128Load8x8U(MemArg) = 0xFD_0002,
    /// `v128.load16x4_s`
    V128Load16x4S(MemArg) = 0xFD_0003,
    /// `v128.load16x4_u`
    V128Load16x4U(MemArg) = 0xFD_0004,
    /// `v128.load32x2_s`
    V128Load32x2S(MemArg) = 0xFD_0005,
    /// `v128.load32x2_u`
    V128Load32x2U(MemArg) = 0xFD_0006,
    /// `v128.load8_splat`
    V128Load8Splat(MemArg) = 0xFD_0007,
    /// `v128.load16_splat`
    V128Load16Splat(MemArg) = 0xFD_0008,
    /// `v128.load32_splat`
    V128Load32Splat(MemArg) = 0xFD_0009,
    /// `v128.load64_splat`
    V128Load64Splat(MemArg) = 0xFD_000A,
    /// `v128.store`
    V128Store(MemArg) = 0xFD_000B,
    /// `i8x16.swizzle`
    I8x16Swizzle = 0xFD_000E,
    /// `i8x16.splat`
    I8x16Splat = 0xFD_000F,
    /// `i16x8.splat`
    I16x8Splat = 0xFD_0010,
    /// `i32x4.splat`
    I32x4Splat = 0xFD_0011,
    /// `i64x2.splat`
    I64x2Splat = 0xFD_0012,
    /// `f32x4.splat`
    F32x4Splat = 0xFD_0013,
    /// `f64x2.splat`
    F64x2Splat = 0xFD_0014,
    /// `i8x16.extract_lane_s` lane
    I8x16ExtractLaneS(u8) = 0xFD_0015,
    /// `i8x16.extract_lane_u` lane
    I8x16ExtractLaneU(u8) = 0xFD_0016,
    /// `i8x16.replace_lane` lane
    I8x16ReplaceLane(u8) = 0xFD_0017,
    /// `i16x8.extract_lane_s` lane
    I16x8ExtractLaneS(u8) = 0xFD_0018,
    /// `i16x8.extract_lane_u` lane
    I16x8ExtractLaneU(u8) = 0xFD_0019,
    /// `i16x8.replace_lane` lane
    I16x8ReplaceLane(u8) = 0xFD_001A,
    /// `i32x4.extract_lane` lane
    I32x4ExtractLane(u8) = 0xFD_001B,
    /// `i32x4.replace_lane` lane
    I32x4ReplaceLane(u8) = 0xFD_001C,
    /// `i64x2.extract_lane` lane
    I64x2ExtractLane(u8) = 0xFD_001D,
    /// `i64x2.replace_lane` lane
    I64x2ReplaceLane(u8) = 0xFD_001E,
    /// `f32x4.extract_lane` lane
    F32x4ExtractLane(u8) = 0xFD_001F,
    /// `f32x4.replace_lane` lane
    F32x4ReplaceLane(u8) = 0xFD_0020,
    /// `f64x2.extract_lane` lane
    F64x2ExtractLane(u8) = 0xFD_0021,
    /// `f64x2.replace_lane` lane
    F64x2ReplaceLane(u8) = 0xFD_0022,
    /// `i8x16.eq`
    I8x16Eq = 0xFD_0023,
    /// `i8x16.ne`
    I8x16Ne = 0xFD_0024,
    /// `i8x16.lt_s`
    I8x16LtS = 0xFD_0025,
    /// `i8x16.lt_u`
    I8x16LtU = 0xFD_0026,
    /// `i8x16.gt_s`
    I8x16GtS = 0xFD_0027,
    /// `i8x16.gt_u`
    I8x16GtU = 0xFD_0028,
    /// `i8x16.le_s`
    I8x16LeS = 0xFD_0029,
    /// `i8x16.le_u`
    I8x16LeU = 0xFD_002A,
    /// `i8x16.ge_s`
    I8x16GeS = 0xFD_002B,
    /// `i8x16.ge_u`
    I8x16GeU = 0xFD_002C,
    /// `i16x8.eq`
    I16x8Eq = 0xFD_002D,
    /// `i16x8.ne`
    I16x8Ne = 0xFD_002E,
    /// `i16x8.lt_s`
    I16x8LtS = 0xFD_002F,
    /// `i16x8.lt_u`
    I16x8LtU = 0xFD_0030,
    /// `i16x8.gt_s`
    I16x8GtS = 0xFD_0031,
    /// `i16x8.gt_u`
    I16x8GtU = 0xFD_0032,
    /// `i16x8.le_s`
    I16x8LeS = 0xFD_0033,
    /// `i16x8.le_u`
    I16x8LeU = 0xFD_0034,
    /// `i16x8.ge_s`
    I16x8GeS = 0xFD_0035,
    /// `i16x8.ge_u`
    I16x8GeU = 0xFD_0036,
    /// `i32x4.eq`
    I32x4Eq = 0xFD_0037,
    /// `i32x4.ne`
    I32x4Ne = 0xFD_0038,
    /// `i32x4.lt_s`
    I32x4LtS = 0xFD_0039,
    /// `i32x4.lt_u`
    I32x4LtU = 0xFD_003A,
    /// `i32x4.gt_s`
    I32x4GtS = 0xFD_003B,
    /// `i32x4.gt_u`
    I32x4GtU = 0xFD_003C,
    /// `i32x4.le_s`
    I32x4LeS = 0xFD_003D,
    /// `i32x4.le_u`
    I32x4LeU = 0xFD_003E,
    /// `i32x4.ge_s`
    I32x4GeS = 0xFD_003F,
    /// `i32x4.ge_u`
    I32x4GeU = 0xFD_0040,
    /// `f32x4.eq`
    F32x4Eq = 0xFD_0041,
    /// `f32x4.ne`
    F32x4Ne = 0xFD_0042,
    /// `f32x4.lt`
    F32x4Lt = 0xFD_0043,
    /// `f32x4.gt`
    F32x4Gt = 0xFD_0044,
    /// `f32x4.le`
    F32x4Le = 0xFD_0045,
    /// `f32x4.ge`
    F32x4Ge = 0xFD_0046,
    /// `f64x2.eq`
    F64x2Eq = 0xFD_0047,
    /// `f64x2.ne`
    F64x2Ne = 0xFD_0048,
    /// `f64x2.lt`
    F64x2Lt = 0xFD_0049,
    /// `f64x2.gt`
    F64x2Gt = 0xFD_004A,
    /// `f64x2.le`
    F64x2Le = 0xFD_004B,
    /// `f64x2.ge`
    F64x2Ge = 0xFD_004C,
    /// `v128.not`
    V128Not = 0xFD_004D,
    /// `v128.and`
    V128And = 0xFD_004E,
    /// `v128.andnot`
    V128Andnot = 0xFD_004F,
    /// `v128.or`
    V128Or = 0xFD_0050,
    /// `v128.xor`
    V128Xor = 0xFD_0051,
    /// `v128.bitselect`
    V128Bitselect = 0xFD_0052,
    /// `v128.any_true`
    V128AnyTrue = 0xFD_0053,
    /// `v128.load8_lane` with a lane index
    V128Load8Lane(MemArg, u8) = 0xFD_0054,
    /// `v128.load16_lane` with a lane index
    V128Load16Lane(MemArg, u8) = 0xFD_0055,
    /// `v128.load32_lane` with a lane index
    V128Load32Lane(MemArg, u8) = 0xFD_0056,
    /// `v128.load64_lane` with a lane index
    V128Load64Lane(MemArg, u8) = 0xFD_0057,
    /// `v128.store8_lane` with a lane index
    V128Store8Lane(MemArg, u8) = 0xFD_0058,
    /// `v128.store16_lane` with a lane index
    V128Store16Lane(MemArg, u8) = 0xFD_0059,
    /// `v128.store32_lane` with a lane index
    V128Store32Lane(MemArg, u8) = 0xFD_005A,
    /// `v128.store64_lane` with a lane index
    V128Store64Lane(MemArg, u8) = 0xFD_005B,
    /// `v128.load32_zero`
    V128Load32Zero(MemArg) = 0xFD_005C,
    /// `v128.load64_zero`
    V128Load64Zero(MemArg) = 0xFD_005D,
    /// `f32x4.demote_f64x2_zero`
    F32x4DemoteF64x2Zero = 0xFD_005E,
    /// `f64x2.promote_low_f32x4`
    F64x2PromoteLowF32x4 = 0xFD_005F,
    /// `i8x16.abs`
    I8x16Abs = 0xFD_0060,
    /// `i8x16.neg`
    I8x16Neg = 0xFD_0061,
    /// `i8x16.popcnt`
    I8x16Popcnt = 0xFD_0062,
    /// `i8x16.all_true`
    I8x16AllTrue = 0xFD_0063,
    /// `i8x16.bitmask`
    I8x16Bitmask = 0xFD_0064,
    /// `i8x16.narrow_i16x8_s`
    I8x16NarrowI16x8S = 0xFD_0065,
    /// `i8x16.narrow_i16x8_u`
    I8x16NarrowI16x8U = 0xFD_0066,
    /// `f32x4.ceil`
    F32x4Ceil = 0xFD_0067,
    /// `f32x4.floor`
    F32x4Floor = 0xFD_0068,
    /// `f32x4.trunc`
    F32x4Trunc = 0xFD_0069,
    /// `f32x4.nearest`
    F32x4Nearest = 0xFD_006A,
    /// `i8x16.shl`
    I8x16Shl = 0xFD_006B,
    /// `i8x16.shr_s`
    I8x16ShrS = 0xFD_006C,
    /// `i8x16.shr_u`
    I8x16ShrU = 0xFD_006D,
    /// `i8x16.add`
    I8x16Add = 0xFD_006E,
    /// `i8x16.add_sat_s`
    I8x16AddSatS = 0xFD_006F,
    /// `i8x16.add_sat_u`
    I8x16AddSatU = 0xFD_0070,
    /// `i8x16.sub`
    I8x16Sub = 0xFD_0071,
    /// `i8x16.sub_sat_s`
    I8x16SubSatS = 0xFD_0072,
    /// `i8x16.sub_sat_u`
    I8x16SubSatU = 0xFD_0073,
    /// `f64x2.ceil`
    F64x2Ceil = 0xFD_0074,
    /// `f64x2.floor`
    F64x2Floor = 0xFD_0075,
    /// `i8x16.min_s`
    I8x16MinS = 0xFD_0076,
    /// `i8x16.min_u`
    I8x16MinU = 0xFD_0077,
    /// `i8x16.max_s`
    I8x16MaxS = 0xFD_0078,
    /// `i8x16.max_u`
    I8x16MaxU = 0xFD_0079,
    /// `f64x2.trunc`
    F64x2Trunc = 0xFD_007A,
    /// `i8x16.avgr_u`
    I8x16AvgrU = 0xFD_007B,
    /// `i16x8.extadd_pairwise_i8x16_s`
    I16x8ExtaddPairwiseI8x16S = 0xFD_007C,
    /// `i16x8.extadd_pairwise_i8x16_u`
    I16x8ExtaddPairwiseI8x16U = 0xFD_007D,
    /// `i32x4.extadd_pairwise_i16x8_s`
    I32x4ExtaddPairwiseI16x8S = 0xFD_007E,
    /// `i32x4.extadd_pairwise_i16x8_u`
    I32x4ExtaddPairwiseI16x8U = 0xFD_007F,
    /// `i16x8.abs`
    I16x8Abs = 0xFD_0080,
    /// `i16x8.neg`
    I16x8Neg = 0xFD_0081,
    /// `i16x8.q15mulr_sat_s`
    I16x8Q15mulrSatS = 0xFD_0082,
    /// `i16x8.all_true`
    I16x8AllTrue = 0xFD_0083,
    /// `i16x8.bitmask`
    I16x8Bitmask = 0xFD_0084,
    /// `i16x8.narrow_i32x4_s`
    I16x8NarrowI32x4S = 0xFD_0085,
    /// `i16x8.narrow_i32x4_u`
    I16x8NarrowI32x4U = 0xFD_0086,
    /// `i16x8.extend_low_i8x16_s`
    I16x8ExtendLowI8x16S = 0xFD_0087,
    /// `i16x8.extend_high_i8x16_s`
    I16x8ExtendHighI8x16S = 0xFD_0088,
    /// `i16x8.extend_low_i8x16_u`
    I16x8ExtendLowI8x16U = 0xFD_0089,
    /// `i16x8.extend_high_i8x16_u`
    I16x8ExtendHighI8x16U = 0xFD_008A,
    /// `i16x8.shl`
    I16x8Shl = 0xFD_008B,
    /// `i16x8.shr_s`
    I16x8ShrS = 0xFD_008C,
    /// `i16x8.shr_u`
    I16x8ShrU = 0xFD_008D,
    /// `i16x8.add`
    I16x8Add = 0xFD_008E,
    /// `i16x8.add_sat_s`
    I16x8AddSatS = 0xFD_008F,
    /// `i16x8.add_sat_u`
    I16x8AddSatU = 0xFD_0090,
    /// `i16x8.sub`
    I16x8Sub = 0xFD_0091,
    /// `i16x8.sub_sat_s`
    I16x8SubSatS = 0xFD_0092,
    /// `i16x8.sub_sat_u`
    I16x8SubSatU = 0xFD_0093,
    /// `f64x2.nearest`
    F64x2Nearest = 0xFD_0094,
    /// `i16x8.mul`
    I16x8Mul = 0xFD_0095,
    /// `i16x8.min_s`
    I16x8MinS = 0xFD_0096,
    /// `i16x8.min_u`
    I16x8MinU = 0xFD_0097,
    /// `i16x8.max_s`
    I16x8MaxS = 0xFD_0098,
    /// `i16x8.max_u`
    I16x8MaxU = 0xFD_0099,
    /// `i16x8.avgr_u`
    I16x8AvgrU = 0xFD_009B,
    /// `i16x8.extmul_low_i8x16_s`
    I16x8ExtmulLowI8x16S = 0xFD_009C,
    /// `i16x8.extmul_high_i8x16_s`
    I16x8ExtmulHighI8x16S = 0xFD_009D,
    /// `i16x8.extmul_low_i8x16_u`
    I16x8ExtmulLowI8x16U = 0xFD_009E,
    /// `i16x8.extmul_high_i8x16_u`
    I16x8ExtmulHighI8x16U = 0xFD_009F,
    /// `i32x4.abs`
    I32x4Abs = 0xFD_00A0,
    /// `i32x4.neg`
    I32x4Neg = 0xFD_00A1,
    /// `i32x4.all_true`
    I32x4AllTrue = 0xFD_00A3,
    /// `i32x4.bitmask`
    I32x4Bitmask = 0xFD_00A4,
    /// `i32x4.extend_low_i16x8_s`
    I32x4ExtendLowI16x8S = 0xFD_00A7,
    /// `i32x4.extend_high_i16x8_s`
    I32x4ExtendHighI16x8S = 0xFD_00A8,
    /// `i32x4.extend_low_i16x8_u`
    I32x4ExtendLowI16x8U = 0xFD_00A9,
    /// `i32x4.extend_high_i16x8_u`
    I32x4ExtendHighI16x8U = 0xFD_00AA,
    /// `i32x4.shl`
    I32x4Shl = 0xFD_00AB,
    /// `i32x4.shr_s`
    I32x4ShrS = 0xFD_00AC,
    /// `i32x4.shr_u`
    I32x4ShrU = 0xFD_00AD,
    /// `i32x4.add`
    I32x4Add = 0xFD_00AE,
    /// `i32x4.sub`
    I32x4Sub = 0xFD_00B1,
    /// `i32x4.mul`
    I32x4Mul = 0xFD_00B5,
    /// `i32x4.min_s`
    I32x4MinS = 0xFD_00B6,
    /// `i32x4.min_u`
    I32x4MinU = 0xFD_00B7,
    /// `i32x4.max_s`
    I32x4MaxS = 0xFD_00B8,
    /// `i32x4.max_u`
    I32x4MaxU = 0xFD_00B9,
    /// `i32x4.dot_i16x8_s`
    I32x4DotI16x8S = 0xFD_00BA,
    /// `i32x4.extmul_low_i16x8_s`
    I32x4ExtmulLowI16x8S = 0xFD_00BC,
    /// `i32x4.extmul_high_i16x8_s`
    I32x4ExtmulHighI16x8S = 0xFD_00BD,
    /// `i32x4.extmul_low_i16x8_u`
    I32x4ExtmulLowI16x8U = 0xFD_00BE,
    /// `i32x4.extmul_high_i16x8_u`
    I32x4ExtmulHighI16x8U = 0xFD_00BF,
    /// `i64x2.abs`
    I64x2Abs = 0xFD_00C0,
    /// `i64x2.neg`
    I64x2Neg = 0xFD_00C1,
    /// `i64x2.all_true`
    I64x2AllTrue = 0xFD_00C3,
    /// `i64x2.bitmask`
    I64x2Bitmask = 0xFD_00C4,
    /// `i64x2.extend_low_i32x4_s`
    I64x2ExtendLowI32x4S = 0xFD_00C7,
    /// `i64x2.extend_high_i32x4_s`
    I64x2ExtendHighI32x4S = 0xFD_00C8,
    /// `i64x2.extend_low_i32x4_u`
    I64x2ExtendLowI32x4U = 0xFD_00C9,
    /// `i64x2.extend_high_i32x4_u`
    I64x2ExtendHighI32x4U = 0xFD_00CA,
    /// `i64x2.shl`
    I64x2Shl = 0xFD_00CB,
    /// `i64x2.shr_s`
    I64x2ShrS = 0xFD_00CC,
    /// `i64x2.shr_u`
    I64x2ShrU = 0xFD_00CD,
    /// `i64x2.add`
    I64x2Add = 0xFD_00CE,
    /// `i64x2.sub`
    I64x2Sub = 0xFD_00D1,
    /// `i64x2.mul`
    I64x2Mul = 0xFD_00D5,
    /// `i64x2.eq`
    I64x2Eq = 0xFD_00D6,
    /// `i64x2.ne`
    I64x2Ne = 0xFD_00D7,
    /// `i64x2.lt_s`
    I64x2LtS = 0xFD_00D8,
    /// `i64x2.gt_s`
    I64x2GtS = 0xFD_00D9,
    /// `i64x2.le_s`
    I64x2LeS = 0xFD_00DA,
    /// `i64x2.ge_s`
    I64x2GeS = 0xFD_00DB,
    /// `i64x2.extmul_low_i32x4_s`
    I64x2ExtmulLowI32x4S = 0xFD_00DC,
    /// `i64x2.extmul_high_i32x4_s`
    I64x2ExtmulHighI32x4S = 0xFD_00DD,
    /// `i64x2.extmul_low_i32x4_u`
    I64x2ExtmulLowI32x4U = 0xFD_00DE,
    /// `i64x2.extmul_high_i32x4_u`
    I64x2ExtmulHighI32x4U = 0xFD_00DF,
    /// `f32x4.abs`
    F32x4Abs = 0xFD_00E0,
    /// `f32x4.neg`
    F32x4Neg = 0xFD_00E1,
    /// `f32x4.sqrt`
    F32x4Sqrt = 0xFD_00E3,
    /// `f32x4.add`
    F32x4Add = 0xFD_00E4,
    /// `f32x4.sub`
    F32x4Sub = 0xFD_00E5,
    /// `f32x4.mul`
    F32x4Mul = 0xFD_00E6,
    /// `f32x4.div`
    F32x4Div = 0xFD_00E7,
    /// `f32x4.min`
    F32x4Min = 0xFD_00E8,
    /// `f32x4.max`
    F32x4Max = 0xFD_00E9,
    /// `f32x4.pmin`
    F32x4Pmin = 0xFD_00EA,
    /// `f32x4.pmax`
    F32x4Pmax = 0xFD_00EB,
    /// `f64x2.abs`
    F64x2Abs = 0xFD_00EC,
    /// `f64x2.neg`
    F64x2Neg = 0xFD_00ED,
    /// `f64x2.sqrt`
    F64x2Sqrt = 0xFD_00EF,
    /// `f64x2.add`
    F64x2Add = 0xFD_00F0,
    /// `f64x2.sub`
    F64x2Sub = 0xFD_00F1,
    /// `f64x2.mul`
    F64x2Mul = 0xFD_00F2,
    /// `f64x2.div`
    F64x2Div = 0xFD_00F3,
    /// `f64x2.min`
    F64x2Min = 0xFD_00F4,
    /// `f64x2.max`
    F64x2Max = 0xFD_00F5,
    /// `f64x2.pmin`
    F64x2Pmin = 0xFD_00F6,
    /// `f64x2.pmax`
    F64x2Pmax = 0xFD_00F7,
    /// `i32x4.trunc_sat_f32x4_s`
    I32x4TruncSatF32x4S = 0xFD_00F8,
    /// `i32x4.trunc_sat_f32x4_u`
    I32x4TruncSatF32x4U = 0xFD_00F9,
    /// `f32x4.convert_i32x4_s`
    F32x4ConvertI32x4S = 0xFD_00FA,
    /// `f32x4.convert_i32x4_u`
    F32x4ConvertI32x4U = 0xFD_00FB,
    /// `i32x4.trunc_sat_f64x2_s_zero`
    I32x4TruncSatF64x2SZero = 0xFD_00FC,
    /// `i32x4.trunc_sat_f64x2_u_zero`
    I32x4TruncSatF64x2UZero = 0xFD_00FD,
    /// `f64x2.convert_low_i32x4_s`
    F64x2ConvertLowI32x4S = 0xFD_00FE,
    /// `f64x2.convert_low_i32x4_u`
    F64x2ConvertLowI32x4U = 0xFD_00FF,
    /// `i8x16.relaxed_swizzle` (relaxed SIMD)
    I8x16RelaxedSwizzle = 0xFD_0100,
    /// `i32x4.relaxed_trunc_f32x4_s` (relaxed SIMD)
    I32x4RelaxedTruncF32x4S = 0xFD_0101,
    /// `i32x4.relaxed_trunc_f32x4_u` (relaxed SIMD)
    I32x4RelaxedTruncF32x4U = 0xFD_0102,
    /// `i32x4.relaxed_trunc_f64x2_s_zero` (relaxed SIMD)
    I32x4RelaxedTruncF64x2SZero = 0xFD_0103,
    /// `i32x4.relaxed_trunc_f64x2_u_zero` (relaxed SIMD)
    I32x4RelaxedTruncF64x2UZero = 0xFD_0104,
    /// `f32x4.relaxed_madd` (relaxed SIMD)
    F32x4RelaxedMadd = 0xFD_0105,
    /// `f32x4.relaxed_nmadd` (relaxed SIMD)
    F32x4RelaxedNmadd = 0xFD_0106,
    /// `f64x2.relaxed_madd` (relaxed SIMD)
    F64x2RelaxedMadd = 0xFD_0107,
    /// `f64x2.relaxed_nmadd` (relaxed SIMD)
    F64x2RelaxedNmadd = 0xFD_0108,
    /// `i8x16.relaxed_laneselect` (relaxed SIMD)
    I8x16RelaxedLaneselect = 0xFD_0109,
    /// `i16x8.relaxed_laneselect` (relaxed SIMD)
    I16x8RelaxedLaneselect = 0xFD_010A,
    /// `i32x4.relaxed_laneselect` (relaxed SIMD)
    I32x4RelaxedLaneselect = 0xFD_010B,
    /// `i64x2.relaxed_laneselect` (relaxed SIMD)
    I64x2RelaxedLaneselect = 0xFD_010C,
    /// `f32x4.relaxed_min` (relaxed SIMD)
    F32x4RelaxedMin = 0xFD_010D,
    /// `f32x4.relaxed_max` (relaxed SIMD)
    F32x4RelaxedMax = 0xFD_010E,
    /// `f64x2.relaxed_min` (relaxed SIMD)
    F64x2RelaxedMin = 0xFD_010F,
    /// `f64x2.relaxed_max` (relaxed SIMD)
    F64x2RelaxedMax = 0xFD_0110,
    /// `i16x8.relaxed_q15mulr_s` (relaxed SIMD)
    I16x8RelaxedQ15mulrS = 0xFD_0111,
    /// `i16x8.relaxed_dot_i8x16_i7x16_s` (relaxed SIMD)
    I16x8RelaxedDotI8x16I7x16S = 0xFD_0112,
    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s` (relaxed SIMD)
    I32x4RelaxedDotI8x16I7x16AddS = 0xFD_0113,

    // 0xFE prefix: atomic memory instructions (threads).
    /// `memory.atomic.notify`
    MemoryAtomicNotify(MemArg) = 0xFE_0000,
    /// `memory.atomic.wait32`
    MemoryAtomicWait32(MemArg) = 0xFE_0001,
    /// `memory.atomic.wait64`
    MemoryAtomicWait64(MemArg) = 0xFE_0002,
    /// `atomic.fence` with its ordering (a reserved zero byte before acquire-release atomics)
    AtomicFence(AtomicOrdering) = 0xFE_0003,
    /// `pause`, a spin-loop hint
    /// ([acquire-release atomics](https://github.com/WebAssembly/acquire-release-atomics/blob/main/proposals/acquire-release-atomics/Overview.md#spinlock-relaxation-pause))
    Pause = 0xFE_0004,
    /// `i32.atomic.load`
    I32AtomicLoad(MemArg) = 0xFE_0010,
    /// `i64.atomic.load`
    I64AtomicLoad(MemArg) = 0xFE_0011,
    /// `i32.atomic.load8_u`
    I32AtomicLoad8U(MemArg) = 0xFE_0012,
    /// `i32.atomic.load16_u`
    I32AtomicLoad16U(MemArg) = 0xFE_0013,
    /// `i64.atomic.load8_u`
    I64AtomicLoad8U(MemArg) = 0xFE_0014,
    /// `i64.atomic.load16_u`
    I64AtomicLoad16U(MemArg) = 0xFE_0015,
    /// `i64.atomic.load32_u`
    I64AtomicLoad32U(MemArg) = 0xFE_0016,
    /// `i32.atomic.store`
    I32AtomicStore(MemArg) = 0xFE_0017,
    /// `i64.atomic.store`
    I64AtomicStore(MemArg) = 0xFE_0018,
    /// `i32.atomic.store8`
    I32AtomicStore8(MemArg) = 0xFE_0019,
    /// `i32.atomic.store16`
    I32AtomicStore16(MemArg) = 0xFE_001A,
    /// `i64.atomic.store8`
    I64AtomicStore8(MemArg) = 0xFE_001B,
    /// `i64.atomic.store16`
    I64AtomicStore16(MemArg) = 0xFE_001C,
    /// `i64.atomic.store32`
    I64AtomicStore32(MemArg) = 0xFE_001D,
    /// `i32.atomic.rmw.add`
    I32AtomicRmwAdd(MemArg) = 0xFE_001E,
    /// `i64.atomic.rmw.add`
    I64AtomicRmwAdd(MemArg) = 0xFE_001F,
    /// `i32.atomic.rmw8.add_u`
    I32AtomicRmw8AddU(MemArg) = 0xFE_0020,
    /// `i32.atomic.rmw16.add_u`
    I32AtomicRmw16AddU(MemArg) = 0xFE_0021,
    /// `i64.atomic.rmw8.add_u`
    I64AtomicRmw8AddU(MemArg) = 0xFE_0022,
    /// `i64.atomic.rmw16.add_u`
    I64AtomicRmw16AddU(MemArg) = 0xFE_0023,
    /// `i64.atomic.rmw32.add_u`
    I64AtomicRmw32AddU(MemArg) = 0xFE_0024,
    /// `i32.atomic.rmw.sub`
    I32AtomicRmwSub(MemArg) = 0xFE_0025,
    /// `i64.atomic.rmw.sub`
    I64AtomicRmwSub(MemArg) = 0xFE_0026,
    /// `i32.atomic.rmw8.sub_u`
    I32AtomicRmw8SubU(MemArg) = 0xFE_0027,
    /// `i32.atomic.rmw16.sub_u`
    I32AtomicRmw16SubU(MemArg) = 0xFE_0028,
    /// `i64.atomic.rmw8.sub_u`
    I64AtomicRmw8SubU(MemArg) = 0xFE_0029,
    /// `i64.atomic.rmw16.sub_u`
    I64AtomicRmw16SubU(MemArg) = 0xFE_002A,
    /// `i64.atomic.rmw32.sub_u`
    I64AtomicRmw32SubU(MemArg) = 0xFE_002B,
    /// `i32.atomic.rmw.and`
    I32AtomicRmwAnd(MemArg) = 0xFE_002C,
    /// `i64.atomic.rmw.and`
    I64AtomicRmwAnd(MemArg) = 0xFE_002D,
    /// `i32.atomic.rmw8.and_u`
    I32AtomicRmw8AndU(MemArg) = 0xFE_002E,
    /// `i32.atomic.rmw16.and_u`
    I32AtomicRmw16AndU(MemArg) = 0xFE_002F,
    /// `i64.atomic.rmw8.and_u`
    I64AtomicRmw8AndU(MemArg) = 0xFE_0030,
    /// `i64.atomic.rmw16.and_u`
    I64AtomicRmw16AndU(MemArg) = 0xFE_0031,
    /// `i64.atomic.rmw32.and_u`
    I64AtomicRmw32AndU(MemArg) = 0xFE_0032,
    /// `i32.atomic.rmw.or`
    I32AtomicRmwOr(MemArg) = 0xFE_0033,
    /// `i64.atomic.rmw.or`
    I64AtomicRmwOr(MemArg) = 0xFE_0034,
    /// `i32.atomic.rmw8.or_u`
    I32AtomicRmw8OrU(MemArg) = 0xFE_0035,
    /// `i32.atomic.rmw16.or_u`
    I32AtomicRmw16OrU(MemArg) = 0xFE_0036,
    /// `i64.atomic.rmw8.or_u`
    I64AtomicRmw8OrU(MemArg) = 0xFE_0037,
    /// `i64.atomic.rmw16.or_u`
    I64AtomicRmw16OrU(MemArg) = 0xFE_0038,
    /// `i64.atomic.rmw32.or_u`
    I64AtomicRmw32OrU(MemArg) = 0xFE_0039,
    /// `i32.atomic.rmw.xor`
    I32AtomicRmwXor(MemArg) = 0xFE_003A,
    /// `i64.atomic.rmw.xor`
    I64AtomicRmwXor(MemArg) = 0xFE_003B,
    /// `i32.atomic.rmw8.xor_u`
    I32AtomicRmw8XorU(MemArg) = 0xFE_003C,
    /// `i32.atomic.rmw16.xor_u`
    I32AtomicRmw16XorU(MemArg) = 0xFE_003D,
    /// `i64.atomic.rmw8.xor_u`
    I64AtomicRmw8XorU(MemArg) = 0xFE_003E,
    /// `i64.atomic.rmw16.xor_u`
    I64AtomicRmw16XorU(MemArg) = 0xFE_003F,
    /// `i64.atomic.rmw32.xor_u`
    I64AtomicRmw32XorU(MemArg) = 0xFE_0040,
    /// `i32.atomic.rmw.xchg`
    I32AtomicRmwXchg(MemArg) = 0xFE_0041,
    /// `i64.atomic.rmw.xchg`
    I64AtomicRmwXchg(MemArg) = 0xFE_0042,
    /// `i32.atomic.rmw8.xchg_u`
    I32AtomicRmw8XchgU(MemArg) = 0xFE_0043,
    /// `i32.atomic.rmw16.xchg_u`
    I32AtomicRmw16XchgU(MemArg) = 0xFE_0044,
    /// `i64.atomic.rmw8.xchg_u`
    I64AtomicRmw8XchgU(MemArg) = 0xFE_0045,
    /// `i64.atomic.rmw16.xchg_u`
    I64AtomicRmw16XchgU(MemArg) = 0xFE_0046,
    /// `i64.atomic.rmw32.xchg_u`
    I64AtomicRmw32XchgU(MemArg) = 0xFE_0047,
    /// `i32.atomic.rmw.cmpxchg`
    I32AtomicRmwCmpxchg(MemArg) = 0xFE_0048,
    /// `i64.atomic.rmw.cmpxchg`
    I64AtomicRmwCmpxchg(MemArg) = 0xFE_0049,
    /// `i32.atomic.rmw8.cmpxchg_u`
    I32AtomicRmw8CmpxchgU(MemArg) = 0xFE_004A,
    /// `i32.atomic.rmw16.cmpxchg_u`
    I32AtomicRmw16CmpxchgU(MemArg) = 0xFE_004B,
    /// `i64.atomic.rmw8.cmpxchg_u`
    I64AtomicRmw8CmpxchgU(MemArg) = 0xFE_004C,
    /// `i64.atomic.rmw16.cmpxchg_u`
    I64AtomicRmw16CmpxchgU(MemArg) = 0xFE_004D,
    /// `i64.atomic.rmw32.cmpxchg_u`
    I64AtomicRmw32CmpxchgU(MemArg) = 0xFE_004E,

    // 0xFE prefix: atomic accesses to globals, tables, structs and arrays
    // ([shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#instructions)).
    /// `global.atomic.get ordering global`
    GlobalAtomicGet(AtomicOrdering, GlobalIdx) = 0xFE_004F,
    /// `global.atomic.set ordering global`
    GlobalAtomicSet(AtomicOrdering, GlobalIdx) = 0xFE_0050,
    /// `global.atomic.rmw.add ordering global`
    GlobalAtomicRmwAdd(AtomicOrdering, GlobalIdx) = 0xFE_0051,
    /// `global.atomic.rmw.sub ordering global`
    GlobalAtomicRmwSub(AtomicOrdering, GlobalIdx) = 0xFE_0052,
    /// `global.atomic.rmw.and ordering global`
    GlobalAtomicRmwAnd(AtomicOrdering, GlobalIdx) = 0xFE_0053,
    /// `global.atomic.rmw.or ordering global`
    GlobalAtomicRmwOr(AtomicOrdering, GlobalIdx) = 0xFE_0054,
    /// `global.atomic.rmw.xor ordering global`
    GlobalAtomicRmwXor(AtomicOrdering, GlobalIdx) = 0xFE_0055,
    /// `global.atomic.rmw.xchg ordering global`
    GlobalAtomicRmwXchg(AtomicOrdering, GlobalIdx) = 0xFE_0056,
    /// `global.atomic.rmw.cmpxchg ordering global`
    GlobalAtomicRmwCmpxchg(AtomicOrdering, GlobalIdx) = 0xFE_0057,
    /// `table.atomic.get ordering table`
    TableAtomicGet(AtomicOrdering, TableIdx) = 0xFE_0058,
    /// `table.atomic.set ordering table`
    TableAtomicSet(AtomicOrdering, TableIdx) = 0xFE_0059,
    /// `table.atomic.rmw.xchg ordering table`
    TableAtomicRmwXchg(AtomicOrdering, TableIdx) = 0xFE_005A,
    /// `table.atomic.rmw.cmpxchg ordering table`
    TableAtomicRmwCmpxchg(AtomicOrdering, TableIdx) = 0xFE_005B,
    /// `struct.atomic.get ordering type field`
    StructAtomicGet(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005C,
    /// `struct.atomic.get_s ordering type field`
    StructAtomicGetS(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005D,
    /// `struct.atomic.get_u ordering type field`
    StructAtomicGetU(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005E,
    /// `struct.atomic.set ordering type field`
    StructAtomicSet(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005F,
    /// `struct.atomic.rmw.add ordering type field`
    StructAtomicRmwAdd(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0060,
    /// `struct.atomic.rmw.sub ordering type field`
    StructAtomicRmwSub(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0061,
    /// `struct.atomic.rmw.and ordering type field`
    StructAtomicRmwAnd(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0062,
    /// `struct.atomic.rmw.or ordering type field`
    StructAtomicRmwOr(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0063,
    /// `struct.atomic.rmw.xor ordering type field`
    StructAtomicRmwXor(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0064,
    /// `struct.atomic.rmw.xchg ordering type field`
    StructAtomicRmwXchg(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0065,
    /// `struct.atomic.rmw.cmpxchg ordering type field`
    StructAtomicRmwCmpxchg(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0066,
    /// `array.atomic.get ordering type`
    ArrayAtomicGet(AtomicOrdering, TypeIdx) = 0xFE_0067,
    /// `array.atomic.get_s ordering type`
    ArrayAtomicGetS(AtomicOrdering, TypeIdx) = 0xFE_0068,
    /// `array.atomic.get_u ordering type`
    ArrayAtomicGetU(AtomicOrdering, TypeIdx) = 0xFE_0069,
    /// `array.atomic.set ordering type`
    ArrayAtomicSet(AtomicOrdering, TypeIdx) = 0xFE_006A,
    /// `array.atomic.rmw.add ordering type`
    ArrayAtomicRmwAdd(AtomicOrdering, TypeIdx) = 0xFE_006B,
    /// `array.atomic.rmw.sub ordering type`
    ArrayAtomicRmwSub(AtomicOrdering, TypeIdx) = 0xFE_006C,
    /// `array.atomic.rmw.and ordering type`
    ArrayAtomicRmwAnd(AtomicOrdering, TypeIdx) = 0xFE_006D,
    /// `array.atomic.rmw.or ordering type`
    ArrayAtomicRmwOr(AtomicOrdering, TypeIdx) = 0xFE_006E,
    /// `array.atomic.rmw.xor ordering type`
    ArrayAtomicRmwXor(AtomicOrdering, TypeIdx) = 0xFE_006F,
    /// `array.atomic.rmw.xchg ordering type`
    ArrayAtomicRmwXchg(AtomicOrdering, TypeIdx) = 0xFE_0070,
    /// `array.atomic.rmw.cmpxchg ordering type`
    ArrayAtomicRmwCmpxchg(AtomicOrdering, TypeIdx) = 0xFE_0071,
    /// `ref.i31_shared`
    RefI31Shared = 0xFE_0072,
}

/// The part of an instruction's meaning that decoding and encoding check beyond its codec:
/// how it takes part in the nesting of blocks, and whether it names a data segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// None of the below.
    Plain,
    /// Opens a block that takes no other structured instruction: `block`, `loop`,
    /// `try_table`.
    Block,
    /// `if`: opens a block that may hold one `else`.
    If,
    /// `try` (legacy exception handling): opens a block that may hold `catch`,
    /// `catch_all` or end with `delegate`.
    Try,
    /// `else`
    Else,
    /// `catch` (legacy)
    Catch,
    /// `catch_all` (legacy)
    CatchAll,
    /// `delegate` (legacy): closes a `try` without handlers.
    Delegate,
    /// `end`
    End,
    /// Names a data segment (needs the data count section).
    Data(DataIdx),
}

/// Patterns for the variants named (of any shape: `Name { .. }` matches unit and tuple
/// variants alike).
macro_rules! variants {
    ($($name:ident)*) => { $(Instruction::$name { .. })|* };
}

/// The opcodes of the instructions whose [`Role`] is [`Role::Data`], as (prefix,
/// sub-opcode): what `Module`'s byte scan for data indices looks for. Checked against
/// the enum by the test `data_index_opcodes_are_exactly_those_of_the_enum`, in opcode order.
pub(crate) const DATA_INDEX_OPCODES: [(u8, u8); 4] = [
    (0xFB, 0x09), // array.new_data
    (0xFB, 0x12), // array.init_data
    (0xFC, 0x08), // memory.init
    (0xFC, 0x09), // data.drop
];

impl Instruction {
    /// Every variant's [`Role`], by an exhaustive match: a new variant does not compile
    /// until it is given one (most are [`Role::Plain`]).
    #[inline(always)]
    pub(crate) fn role(&self) -> Role {
        match *self {
            Instruction::Block(_) | Instruction::Loop(_) | Instruction::TryTable(_) => Role::Block,
            Instruction::If(_) => Role::If,
            Instruction::Try(_) => Role::Try,
            Instruction::Else => Role::Else,
            Instruction::Catch(_) => Role::Catch,
            Instruction::CatchAll => Role::CatchAll,
            Instruction::Delegate(_) => Role::Delegate,
            Instruction::End => Role::End,
            Instruction::MemoryInit(data, _)
            | Instruction::DataDrop(data)
            | Instruction::ArrayNewData(_, data)
            | Instruction::ArrayInitData(_, data) => Role::Data(data),
            variants! {
            BrTable SelectTyped BrOnCast BrOnCastFail BrOnCastDescEq BrOnCastDescEqFail
            V128Const I8x16Shuffle Unreachable Nop Throw Rethrow ThrowRef Br BrIf Return Call
            CallIndirect ReturnCall ReturnCallIndirect CallRef ReturnCallRef Drop Select
            LocalGet LocalSet LocalTee GlobalGet GlobalSet TableGet TableSet I32Load I64Load
            F32Load F64Load I32Load8S I32Load8U I32Load16S I32Load16U I64Load8S I64Load8U
            I64Load16S I64Load16U I64Load32S I64Load32U I32Store I64Store F32Store F64Store
            I32Store8 I32Store16 I64Store8 I64Store16 I64Store32 MemorySize MemoryGrow I32Const
            I64Const F32Const F64Const I32Eqz I32Eq I32Ne I32LtS I32LtU I32GtS I32GtU I32LeS
            I32LeU I32GeS I32GeU I64Eqz I64Eq I64Ne I64LtS I64LtU I64GtS I64GtU I64LeS I64LeU
            I64GeS I64GeU F32Eq F32Ne F32Lt F32Gt F32Le F32Ge F64Eq F64Ne F64Lt F64Gt F64Le
            F64Ge I32Clz I32Ctz I32Popcnt I32Add I32Sub I32Mul I32DivS I32DivU I32RemS I32RemU
            I32And I32Or I32Xor I32Shl I32ShrS I32ShrU I32Rotl I32Rotr I64Clz I64Ctz I64Popcnt
            I64Add I64Sub I64Mul I64DivS I64DivU I64RemS I64RemU I64And I64Or I64Xor I64Shl
            I64ShrS I64ShrU I64Rotl I64Rotr F32Abs F32Neg F32Ceil F32Floor F32Trunc F32Nearest
            F32Sqrt F32Add F32Sub F32Mul F32Div F32Min F32Max F32Copysign F64Abs F64Neg F64Ceil
            F64Floor F64Trunc F64Nearest F64Sqrt F64Add F64Sub F64Mul F64Div F64Min F64Max
            F64Copysign I32WrapI64 I32TruncF32S I32TruncF32U I32TruncF64S I32TruncF64U
            I64ExtendI32S I64ExtendI32U I64TruncF32S I64TruncF32U I64TruncF64S I64TruncF64U
            F32ConvertI32S F32ConvertI32U F32ConvertI64S F32ConvertI64U F32DemoteF64
            F64ConvertI32S F64ConvertI32U F64ConvertI64S F64ConvertI64U F64PromoteF32
            I32ReinterpretF32 I64ReinterpretF64 F32ReinterpretI32 F64ReinterpretI64 I32Extend8S
            I32Extend16S I64Extend8S I64Extend16S I64Extend32S RefNull RefIsNull RefFunc RefEq
            RefAsNonNull BrOnNull BrOnNonNull I32TruncSatF32S I32TruncSatF32U I32TruncSatF64S
            I32TruncSatF64U I64TruncSatF32S I64TruncSatF32U I64TruncSatF64S I64TruncSatF64U
            MemoryCopy MemoryFill TableInit ElemDrop TableCopy TableGrow TableSize TableFill
            I64Add128 I64Sub128 I64MulWideS I64MulWideU StructNew StructNewDefault StructGet
            StructGetS StructGetU StructSet ArrayNew ArrayNewDefault ArrayNewFixed ArrayNewElem
            ArrayGet ArrayGetS ArrayGetU ArraySet ArrayLen ArrayFill ArrayCopy ArrayInitElem
            RefTest RefTestNull RefCast RefCastNull AnyConvertExtern ExternConvertAny RefI31
            I31GetS I31GetU StructNewDesc StructNewDefaultDesc RefGetDesc RefCastDescEq
            RefCastDescEqNull V128Load V128Load8x8S V128Load8x8U V128Load16x4S V128Load16x4U
            V128Load32x2S V128Load32x2U V128Load8Splat V128Load16Splat V128Load32Splat
            V128Load64Splat V128Store I8x16Swizzle I8x16Splat I16x8Splat I32x4Splat I64x2Splat
            F32x4Splat F64x2Splat I8x16ExtractLaneS I8x16ExtractLaneU I8x16ReplaceLane
            I16x8ExtractLaneS I16x8ExtractLaneU I16x8ReplaceLane I32x4ExtractLane
            I32x4ReplaceLane I64x2ExtractLane I64x2ReplaceLane F32x4ExtractLane
            F32x4ReplaceLane F64x2ExtractLane F64x2ReplaceLane I8x16Eq I8x16Ne I8x16LtS
            I8x16LtU I8x16GtS I8x16GtU I8x16LeS I8x16LeU I8x16GeS I8x16GeU I16x8Eq I16x8Ne
            I16x8LtS I16x8LtU I16x8GtS I16x8GtU I16x8LeS I16x8LeU I16x8GeS I16x8GeU I32x4Eq
            I32x4Ne I32x4LtS I32x4LtU I32x4GtS I32x4GtU I32x4LeS I32x4LeU I32x4GeS I32x4GeU
            F32x4Eq F32x4Ne F32x4Lt F32x4Gt F32x4Le F32x4Ge F64x2Eq F64x2Ne F64x2Lt F64x2Gt
            F64x2Le F64x2Ge V128Not V128And V128Andnot V128Or V128Xor V128Bitselect V128AnyTrue
            V128Load8Lane V128Load16Lane V128Load32Lane V128Load64Lane V128Store8Lane
            V128Store16Lane V128Store32Lane V128Store64Lane V128Load32Zero V128Load64Zero
            F32x4DemoteF64x2Zero F64x2PromoteLowF32x4 I8x16Abs I8x16Neg I8x16Popcnt
            I8x16AllTrue I8x16Bitmask I8x16NarrowI16x8S I8x16NarrowI16x8U F32x4Ceil F32x4Floor
            F32x4Trunc F32x4Nearest I8x16Shl I8x16ShrS I8x16ShrU I8x16Add I8x16AddSatS
            I8x16AddSatU I8x16Sub I8x16SubSatS I8x16SubSatU F64x2Ceil F64x2Floor I8x16MinS
            I8x16MinU I8x16MaxS I8x16MaxU F64x2Trunc I8x16AvgrU I16x8ExtaddPairwiseI8x16S
            I16x8ExtaddPairwiseI8x16U I32x4ExtaddPairwiseI16x8S I32x4ExtaddPairwiseI16x8U
            I16x8Abs I16x8Neg I16x8Q15mulrSatS I16x8AllTrue I16x8Bitmask I16x8NarrowI32x4S
            I16x8NarrowI32x4U I16x8ExtendLowI8x16S I16x8ExtendHighI8x16S I16x8ExtendLowI8x16U
            I16x8ExtendHighI8x16U I16x8Shl I16x8ShrS I16x8ShrU I16x8Add I16x8AddSatS
            I16x8AddSatU I16x8Sub I16x8SubSatS I16x8SubSatU F64x2Nearest I16x8Mul I16x8MinS
            I16x8MinU I16x8MaxS I16x8MaxU I16x8AvgrU I16x8ExtmulLowI8x16S I16x8ExtmulHighI8x16S
            I16x8ExtmulLowI8x16U I16x8ExtmulHighI8x16U I32x4Abs I32x4Neg I32x4AllTrue
            I32x4Bitmask I32x4ExtendLowI16x8S I32x4ExtendHighI16x8S I32x4ExtendLowI16x8U
            I32x4ExtendHighI16x8U I32x4Shl I32x4ShrS I32x4ShrU I32x4Add I32x4Sub I32x4Mul
            I32x4MinS I32x4MinU I32x4MaxS I32x4MaxU I32x4DotI16x8S I32x4ExtmulLowI16x8S
            I32x4ExtmulHighI16x8S I32x4ExtmulLowI16x8U I32x4ExtmulHighI16x8U I64x2Abs I64x2Neg
            I64x2AllTrue I64x2Bitmask I64x2ExtendLowI32x4S I64x2ExtendHighI32x4S
            I64x2ExtendLowI32x4U I64x2ExtendHighI32x4U I64x2Shl I64x2ShrS I64x2ShrU I64x2Add
            I64x2Sub I64x2Mul I64x2Eq I64x2Ne I64x2LtS I64x2GtS I64x2LeS I64x2GeS
            I64x2ExtmulLowI32x4S I64x2ExtmulHighI32x4S I64x2ExtmulLowI32x4U
            I64x2ExtmulHighI32x4U F32x4Abs F32x4Neg F32x4Sqrt F32x4Add F32x4Sub F32x4Mul
            F32x4Div F32x4Min F32x4Max F32x4Pmin F32x4Pmax F64x2Abs F64x2Neg F64x2Sqrt F64x2Add
            F64x2Sub F64x2Mul F64x2Div F64x2Min F64x2Max F64x2Pmin F64x2Pmax
            I32x4TruncSatF32x4S I32x4TruncSatF32x4U F32x4ConvertI32x4S F32x4ConvertI32x4U
            I32x4TruncSatF64x2SZero I32x4TruncSatF64x2UZero F64x2ConvertLowI32x4S
            F64x2ConvertLowI32x4U I8x16RelaxedSwizzle I32x4RelaxedTruncF32x4S
            I32x4RelaxedTruncF32x4U I32x4RelaxedTruncF64x2SZero I32x4RelaxedTruncF64x2UZero
            F32x4RelaxedMadd F32x4RelaxedNmadd F64x2RelaxedMadd F64x2RelaxedNmadd
            I8x16RelaxedLaneselect I16x8RelaxedLaneselect I32x4RelaxedLaneselect
            I64x2RelaxedLaneselect F32x4RelaxedMin F32x4RelaxedMax F64x2RelaxedMin
            F64x2RelaxedMax I16x8RelaxedQ15mulrS I16x8RelaxedDotI8x16I7x16S
            I32x4RelaxedDotI8x16I7x16AddS MemoryAtomicNotify MemoryAtomicWait32
            MemoryAtomicWait64 AtomicFence Pause I32AtomicLoad I64AtomicLoad I32AtomicLoad8U
            I32AtomicLoad16U I64AtomicLoad8U I64AtomicLoad16U I64AtomicLoad32U I32AtomicStore
            I64AtomicStore I32AtomicStore8 I32AtomicStore16 I64AtomicStore8 I64AtomicStore16
            I64AtomicStore32 I32AtomicRmwAdd I64AtomicRmwAdd I32AtomicRmw8AddU
            I32AtomicRmw16AddU I64AtomicRmw8AddU I64AtomicRmw16AddU I64AtomicRmw32AddU
            I32AtomicRmwSub I64AtomicRmwSub I32AtomicRmw8SubU I32AtomicRmw16SubU
            I64AtomicRmw8SubU I64AtomicRmw16SubU I64AtomicRmw32SubU I32AtomicRmwAnd
            I64AtomicRmwAnd I32AtomicRmw8AndU I32AtomicRmw16AndU I64AtomicRmw8AndU
            I64AtomicRmw16AndU I64AtomicRmw32AndU I32AtomicRmwOr I64AtomicRmwOr
            I32AtomicRmw8OrU I32AtomicRmw16OrU I64AtomicRmw8OrU I64AtomicRmw16OrU
            I64AtomicRmw32OrU I32AtomicRmwXor I64AtomicRmwXor I32AtomicRmw8XorU
            I32AtomicRmw16XorU I64AtomicRmw8XorU I64AtomicRmw16XorU I64AtomicRmw32XorU
            I32AtomicRmwXchg I64AtomicRmwXchg I32AtomicRmw8XchgU I32AtomicRmw16XchgU
            I64AtomicRmw8XchgU I64AtomicRmw16XchgU I64AtomicRmw32XchgU I32AtomicRmwCmpxchg
            I64AtomicRmwCmpxchg I32AtomicRmw8CmpxchgU I32AtomicRmw16CmpxchgU
            I64AtomicRmw8CmpxchgU I64AtomicRmw16CmpxchgU I64AtomicRmw32CmpxchgU GlobalAtomicGet
            GlobalAtomicSet GlobalAtomicRmwAdd GlobalAtomicRmwSub GlobalAtomicRmwAnd
            GlobalAtomicRmwOr GlobalAtomicRmwXor GlobalAtomicRmwXchg GlobalAtomicRmwCmpxchg
            TableAtomicGet TableAtomicSet TableAtomicRmwXchg TableAtomicRmwCmpxchg
            StructAtomicGet StructAtomicGetS StructAtomicGetU StructAtomicSet
            StructAtomicRmwAdd StructAtomicRmwSub StructAtomicRmwAnd StructAtomicRmwOr
            StructAtomicRmwXor StructAtomicRmwXchg StructAtomicRmwCmpxchg ArrayAtomicGet
            ArrayAtomicGetS ArrayAtomicGetU ArrayAtomicSet ArrayAtomicRmwAdd ArrayAtomicRmwSub
            ArrayAtomicRmwAnd ArrayAtomicRmwOr ArrayAtomicRmwXor ArrayAtomicRmwXchg
            ArrayAtomicRmwCmpxchg RefI31Shared Resume ResumeThrow ResumeThrowRef ContNew ContBind
            Suspend Switch MemoryDiscard
            } => Role::Plain,
        }
    }

    /// The data segment the instruction names, if any (`memory.init`, `data.drop`,
    /// `array.new_data`, `array.init_data`).
    pub fn data_index(&self) -> Option<DataIdx> {
        match self.role() {
            Role::Data(data) => Some(data),
            Role::Plain
            | Role::Block
            | Role::If
            | Role::Try
            | Role::Else
            | Role::Catch
            | Role::CatchAll
            | Role::Delegate
            | Role::End => None,
        }
    }

    /// How the instruction changes the nesting depth of blocks: +1 for instructions that
    /// open a block (`block`, `loop`, `if`, `try`, `try_table`), -1 for those that close
    /// one (`end`, `delegate`), 0 otherwise.
    pub fn depth_change(&self) -> i32 {
        match self.role() {
            Role::Block | Role::If | Role::Try => 1,
            Role::End | Role::Delegate => -1,
            Role::Plain | Role::Else | Role::Catch | Role::CatchAll | Role::Data(_) => 0,
        }
    }
}

/// The kind of an open block, as far as the binary grammar cares (wasmparser's reader
/// tracks the same kinds, its `FrameKind`).
mod frame {
    /// The expression's own frame, `block`, `loop`, `try_table`.
    pub const OTHER: u8 = 0;
    /// `if` before its `else`.
    pub const IF: u8 = 1;
    /// `if` after its `else`.
    pub const ELSE: u8 = 2;
    /// `try` before any handler.
    pub const TRY: u8 = 3;
    /// `try` after a `catch`.
    pub const CATCH: u8 = 4;
    /// `try` after its `catch_all`.
    pub const CATCH_ALL: u8 = 5;
}

/// The open blocks of an expression, so that `else` is only read directly inside an `if`
/// (once), `catch` and `catch_all` only directly inside a `try` (no `catch` after
/// `catch_all`, one `catch_all`) and `delegate` only to close a `try` without handlers.
///
/// No recursion: the kinds of the innermost [`Frames::INLINE`] frames (the expression's
/// own included) are nibbles of one word, the outer ones spill into a `Vec` of one byte
/// per frame, which only deeper nesting allocates and which cannot outgrow the input (a
/// frame is at least one byte of it).
#[derive(Debug, Default)]
pub(crate) struct Frames {
    /// Four bits per frame, the innermost in the low bits.
    inline: u64,
    /// Blocks open inside the expression's own frame.
    depth: u32,
    /// Frames beyond the inline ones, outermost first.
    spilled: Vec<u8>,
}

impl Frames {
    /// Frames that fit in `inline`.
    const INLINE: u32 = u64::BITS / 4;

    /// Blocks open inside the expression.
    pub(crate) fn depth(&self) -> u32 {
        self.depth
    }

    /// Takes the next instruction of the expression: `Ok(true)` when it is the `end` of
    /// the expression itself, an error message when the grammar does not allow it here.
    #[inline(always)]
    pub(crate) fn step(&mut self, instruction: &Instruction) -> Result<bool, &'static str> {
        match instruction.role() {
            Role::Plain | Role::Data(_) => Ok(false),
            Role::Block => self.push(frame::OTHER),
            Role::If => self.push(frame::IF),
            Role::Try => self.push(frame::TRY),
            Role::End if self.depth == 0 => Ok(true),
            Role::End => self.pop(),
            Role::Else => match self.top() {
                frame::IF => self.replace(frame::ELSE),
                frame::ELSE => Err("second else in if"),
                _ => Err("else outside of if"),
            },
            Role::Catch => match self.top() {
                frame::TRY | frame::CATCH => self.replace(frame::CATCH),
                frame::CATCH_ALL => Err("catch after catch_all"),
                _ => Err("catch outside of try"),
            },
            Role::CatchAll => match self.top() {
                frame::TRY | frame::CATCH => self.replace(frame::CATCH_ALL),
                frame::CATCH_ALL => Err("second catch_all in try"),
                _ => Err("catch_all outside of try"),
            },
            Role::Delegate => match self.top() {
                frame::TRY => self.pop(),
                frame::CATCH | frame::CATCH_ALL => Err("delegate after catch"),
                _ => Err("delegate outside of try"),
            },
        }
    }

    fn top(&self) -> u8 {
        (self.inline & 0xF) as u8
    }

    fn replace(&mut self, kind: u8) -> Result<bool, &'static str> {
        self.inline = (self.inline & !0xF) | u64::from(kind);
        Ok(false)
    }

    fn push(&mut self, kind: u8) -> Result<bool, &'static str> {
        // `depth + 1` frames are open, the expression's own included.
        if self.depth + 1 >= Self::INLINE {
            self.spilled.push((self.inline >> (u64::BITS - 4)) as u8);
        }
        self.inline = (self.inline << 4) | u64::from(kind);
        self.depth += 1;
        Ok(false)
    }

    fn pop(&mut self) -> Result<bool, &'static str> {
        self.inline >>= 4;
        if self.depth >= Self::INLINE {
            let outer = self.spilled.pop().unwrap_or(frame::OTHER);
            self.inline |= u64::from(outer) << (u64::BITS - 4);
        }
        self.depth -= 1;
        Ok(false)
    }
}

/// An [expression](https://webassembly.github.io/spec/core/binary/instructions.html#expressions) (`expr`):
/// instructions up to the `end` that closes it.
///
/// The closing `end` is not part of `instructions`; nested blocks and their `end`s are.
#[derive(Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Expression {
    /// The instructions, as one flat list.
    pub instructions: Vec<Instruction>,
}

impl Expression {
    /// An expression of these instructions.
    pub fn new(instructions: Vec<Instruction>) -> Self {
        Expression { instructions }
    }
}

// Hand-written: an expression has no count; it runs to the `end` that closes its own
// block, which only the nesting of the instructions tells.
impl Encode for Expression {
    /// Fails when the blocks are unbalanced or an `else`, `catch`, `catch_all` or
    /// `delegate` stands where the grammar does not allow it: the bytes would not read back.
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        let mut frames = Frames::default();
        for (index, instruction) in self.instructions.iter().enumerate() {
            match frames.step(instruction) {
                Ok(false) => {}
                Ok(true) => {
                    return Err(crate::error::encode_error(format!(
                        "expression closes more blocks than it opens (an `end` too many at instruction {index})"
                    )))
                }
                Err(message) => {
                    return Err(crate::error::encode_error(format!(
                        "{message} at instruction {index}"
                    )))
                }
            }
            instruction.encode(writer)?;
        }
        if frames.depth() != 0 {
            return Err(crate::error::encode_error(format!(
                "expression leaves {} blocks without `end`",
                frames.depth()
            )));
        }
        Instruction::End.encode(writer)
    }

    fn encoded_len(&self) -> usize {
        // The closing `end` is one byte.
        Instruction::items_encoded_len(&self.instructions) + 1
    }
}

impl Decode for Expression {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Self::decode_with_capacity(reader, 0)
    }
}

impl Expression {
    /// Decodes an expression into a list that starts with room for `capacity` instructions
    /// (a function body knows its size: preallocating from it avoids most regrowth).
    pub fn decode_with_capacity(
        reader: &mut Reader<'_>,
        capacity: usize,
    ) -> Result<Self, DecodeError> {
        let mut instructions = Vec::with_capacity(capacity);
        let mut frames = Frames::default();
        loop {
            let index = instructions.len() as u32;
            let start = reader.offset();
            let instruction = Instruction::decode(reader).map_err(|err| {
                err.within(PathSegment::Item {
                    kind: "instruction",
                    index,
                })
            })?;
            match frames.step(&instruction) {
                Ok(false) => instructions.push(instruction),
                Ok(true) => {
                    if instructions.capacity() - instructions.len() > instructions.len() / 8 {
                        // Give back what a size-based guess reserved beyond the real count.
                        instructions.shrink_to_fit();
                    }
                    return Ok(Expression { instructions });
                }
                Err(message) => {
                    return Err(reader
                        .error_at(start, ErrorKind::Malformed(message.into()))
                        .within(PathSegment::Item {
                            kind: "instruction",
                            index,
                        }))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every opcode the decoder knows, read from its bytes followed by zeros (which every
    /// immediate of this enum accepts): `(prefix, sub-opcode, instruction)`, with prefix 0
    /// for one-byte opcodes.
    fn every_opcode() -> Vec<(u8, u32, Instruction)> {
        let mut found = Vec::new();
        let mut read = |prefix: u8, sub: u32, bytes: Vec<u8>| match Instruction::decode(
            &mut Reader::new(&bytes),
        ) {
            Ok(instruction) => found.push((prefix, sub, instruction)),
            Err(err) => assert!(
                matches!(err.kind(), ErrorKind::UnknownDiscriminant { .. }),
                "opcode {prefix:#x} {sub:#x} does not decode from zeros: {err}"
            ),
        };
        for byte in 0..=0xFFu8 {
            if !(0xFB..=0xFE).contains(&byte) {
                read(
                    0,
                    u32::from(byte),
                    [byte].into_iter().chain([0; 40]).collect(),
                );
            }
        }
        for prefix in 0xFB..=0xFEu8 {
            for sub in 0..0x400u32 {
                let mut bytes = vec![prefix];
                crate::io::write_unsigned(&mut bytes, u64::from(sub)).unwrap();
                bytes.extend([0; 40]);
                read(prefix, sub, bytes);
            }
        }
        found
    }

    #[test]
    fn data_index_opcodes_are_exactly_those_of_the_enum() {
        let opcodes = every_opcode();
        assert!(opcodes.len() > 600, "{} opcodes", opcodes.len());
        let with_data: Vec<(u8, u8)> = opcodes
            .iter()
            .filter(|(_, _, instruction)| instruction.data_index().is_some())
            .map(|&(prefix, sub, _)| (prefix, sub as u8))
            .collect();
        assert_eq!(with_data, DATA_INDEX_OPCODES);
    }

    #[test]
    fn depth_change_follows_the_role() {
        let opcodes = every_opcode();
        let opening: Vec<&Instruction> = opcodes
            .iter()
            .map(|(_, _, instruction)| instruction)
            .filter(|instruction| instruction.depth_change() == 1)
            .collect();
        assert!(matches!(
            opening[..],
            [
                Instruction::Block(_),
                Instruction::Loop(_),
                Instruction::If(_),
                Instruction::Try(_),
                Instruction::TryTable(_)
            ]
        ));
        let closing: Vec<&Instruction> = opcodes
            .iter()
            .map(|(_, _, instruction)| instruction)
            .filter(|instruction| instruction.depth_change() == -1)
            .collect();
        assert!(matches!(
            closing[..],
            [Instruction::End, Instruction::Delegate(_)]
        ));
    }
}
