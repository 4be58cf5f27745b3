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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BrTable {
    /// Labels selected by index.
    pub labels: Vec<LabelIdx>,
    /// Label taken when the index is out of range.
    pub default: LabelIdx,
}

/// A handler clause of `try_table` (`catch`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "handler clause")]
pub enum Handler {
    /// `(on tag label)`: a suspension with this tag branches to the label.
    OnLabel(TagIdx, LabelIdx) = 0x00,
    /// `(on tag switch)`: a `switch` to this tag is handled here.
    OnSwitch(TagIdx) = 0x01,
}

/// Immediates of `resume` and `resume_throw_ref` (stack switching).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Resume {
    /// The continuation type.
    pub cont: TypeIdx,
    /// The handlers, tried in order.
    pub handlers: Vec<Handler>,
}

/// Immediates of `resume_throw` (stack switching).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
///
/// Each variant carries its opcode and its name in the text format
/// (`#[wasmbin(text = "…")]`), from which the codec, [`Mnemonic`](crate::text::Mnemonic)
/// (`mnemonic()`, `opcode()`) and `Display` are generated.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "opcode", hot)]
#[non_exhaustive]
pub enum Instruction {
    // The variants that own heap memory come first: their discriminants are then one small
    // range, and dropping an instruction starts with a range check instead of a switch over
    // every variant (dropping a decoded module took 40% more instructions with them in
    // opcode order).
    /// Immediates: `labels default`.
    #[wasmbin(text = "br_table")]
    BrTable(Box<BrTable>) = 0x0E,
    /// Immediates: `t*`.
    #[wasmbin(text = "select")]
    SelectTyped(Box<Vec<ValueType>>) = 0x1C,
    /// Immediates: `bt catches` (exception handling with exnref).
    #[wasmbin(text = "try_table")]
    TryTable(Box<TryTable>) = 0x1F,
    /// Immediates: `label rt1 rt2`.
    #[wasmbin(text = "br_on_cast")]
    BrOnCast(Box<BrOnCast>) = 0xFB_0018,
    /// Immediates: `label rt1 rt2`.
    #[wasmbin(text = "br_on_cast_fail")]
    BrOnCastFail(Box<BrOnCast>) = 0xFB_0019,
    /// Immediates: `label rt1 rt2` (custom descriptors).
    #[wasmbin(text = "br_on_cast_desc_eq")]
    BrOnCastDescEq(Box<BrOnCast>) = 0xFB_0025,
    /// Immediates: `label rt1 rt2` (custom descriptors).
    #[wasmbin(text = "br_on_cast_desc_eq_fail")]
    BrOnCastDescEqFail(Box<BrOnCast>) = 0xFB_0026,
    #[wasmbin(text = "v128.const")]
    V128Const(Box<V128>) = 0xFD_000C,
    #[wasmbin(text = "i8x16.shuffle")]
    I8x16Shuffle(Box<[u8; 16]>) = 0xFD_000D,
    /// Immediates: `cont handlers` (stack switching).
    #[wasmbin(text = "resume")]
    Resume(Box<Resume>) = 0xE3,
    /// Immediates: `cont tag handlers` (stack switching).
    #[wasmbin(text = "resume_throw")]
    ResumeThrow(Box<ResumeThrow>) = 0xE4,
    /// Immediates: `cont handlers` (stack switching).
    #[wasmbin(text = "resume_throw_ref")]
    ResumeThrowRef(Box<Resume>) = 0xE5,
    // Control instructions.
    #[wasmbin(text = "unreachable")]
    Unreachable = 0x00,
    #[wasmbin(text = "nop")]
    Nop = 0x01,
    /// Immediates: `bt` (ends at the matching `end`).
    #[wasmbin(text = "block")]
    Block(BlockType) = 0x02,
    /// Immediates: `bt`.
    #[wasmbin(text = "loop")]
    Loop(BlockType) = 0x03,
    /// Immediates: `bt`.
    #[wasmbin(text = "if")]
    If(BlockType) = 0x04,
    #[wasmbin(text = "else")]
    Else = 0x05,
    /// Immediates: `bt` (legacy exception handling).
    #[wasmbin(text = "try")]
    Try(BlockType) = 0x06,
    /// Immediates: `tag` (legacy exception handling).
    #[wasmbin(text = "catch")]
    Catch(TagIdx) = 0x07,
    /// Immediates: `tag`.
    #[wasmbin(text = "throw")]
    Throw(TagIdx) = 0x08,
    /// Immediates: `label` (legacy exception handling).
    #[wasmbin(text = "rethrow")]
    Rethrow(LabelIdx) = 0x09,
    #[wasmbin(text = "throw_ref")]
    ThrowRef = 0x0A,
    #[wasmbin(text = "end")]
    End = 0x0B,
    /// Immediates: `label`.
    #[wasmbin(text = "br")]
    Br(LabelIdx) = 0x0C,
    /// Immediates: `label`.
    #[wasmbin(text = "br_if")]
    BrIf(LabelIdx) = 0x0D,
    #[wasmbin(text = "return")]
    Return = 0x0F,
    /// Immediates: `func`.
    #[wasmbin(text = "call")]
    Call(FuncIdx) = 0x10,
    /// Immediates: `type table`.
    #[wasmbin(text = "call_indirect")]
    CallIndirect(TypeIdx, TableIdx) = 0x11,
    /// Immediates: `func` (tail calls).
    #[wasmbin(text = "return_call")]
    ReturnCall(FuncIdx) = 0x12,
    /// Immediates: `type table` (tail calls).
    #[wasmbin(text = "return_call_indirect")]
    ReturnCallIndirect(TypeIdx, TableIdx) = 0x13,
    /// Immediates: `type` (typed function references).
    #[wasmbin(text = "call_ref")]
    CallRef(TypeIdx) = 0x14,
    /// Immediates: `type`.
    #[wasmbin(text = "return_call_ref")]
    ReturnCallRef(TypeIdx) = 0x15,
    /// Immediates: `label` (legacy exception handling; closes a `try` like `end`).
    #[wasmbin(text = "delegate")]
    Delegate(LabelIdx) = 0x18,
    /// Legacy exception handling.
    #[wasmbin(text = "catch_all")]
    CatchAll = 0x19,

    // Parametric instructions.
    #[wasmbin(text = "drop")]
    Drop = 0x1A,
    #[wasmbin(text = "select")]
    Select = 0x1B,

    // Variable instructions.
    #[wasmbin(text = "local.get")]
    LocalGet(LocalIdx) = 0x20,
    #[wasmbin(text = "local.set")]
    LocalSet(LocalIdx) = 0x21,
    #[wasmbin(text = "local.tee")]
    LocalTee(LocalIdx) = 0x22,
    #[wasmbin(text = "global.get")]
    GlobalGet(GlobalIdx) = 0x23,
    #[wasmbin(text = "global.set")]
    GlobalSet(GlobalIdx) = 0x24,

    // Table instructions.
    #[wasmbin(text = "table.get")]
    TableGet(TableIdx) = 0x25,
    #[wasmbin(text = "table.set")]
    TableSet(TableIdx) = 0x26,

    // Memory instructions.
    #[wasmbin(text = "i32.load")]
    I32Load(MemArg) = 0x28,
    #[wasmbin(text = "i64.load")]
    I64Load(MemArg) = 0x29,
    #[wasmbin(text = "f32.load")]
    F32Load(MemArg) = 0x2A,
    #[wasmbin(text = "f64.load")]
    F64Load(MemArg) = 0x2B,
    #[wasmbin(text = "i32.load8_s")]
    I32Load8S(MemArg) = 0x2C,
    #[wasmbin(text = "i32.load8_u")]
    I32Load8U(MemArg) = 0x2D,
    #[wasmbin(text = "i32.load16_s")]
    I32Load16S(MemArg) = 0x2E,
    #[wasmbin(text = "i32.load16_u")]
    I32Load16U(MemArg) = 0x2F,
    #[wasmbin(text = "i64.load8_s")]
    I64Load8S(MemArg) = 0x30,
    #[wasmbin(text = "i64.load8_u")]
    I64Load8U(MemArg) = 0x31,
    #[wasmbin(text = "i64.load16_s")]
    I64Load16S(MemArg) = 0x32,
    #[wasmbin(text = "i64.load16_u")]
    I64Load16U(MemArg) = 0x33,
    #[wasmbin(text = "i64.load32_s")]
    I64Load32S(MemArg) = 0x34,
    #[wasmbin(text = "i64.load32_u")]
    I64Load32U(MemArg) = 0x35,
    #[wasmbin(text = "i32.store")]
    I32Store(MemArg) = 0x36,
    #[wasmbin(text = "i64.store")]
    I64Store(MemArg) = 0x37,
    #[wasmbin(text = "f32.store")]
    F32Store(MemArg) = 0x38,
    #[wasmbin(text = "f64.store")]
    F64Store(MemArg) = 0x39,
    #[wasmbin(text = "i32.store8")]
    I32Store8(MemArg) = 0x3A,
    #[wasmbin(text = "i32.store16")]
    I32Store16(MemArg) = 0x3B,
    #[wasmbin(text = "i64.store8")]
    I64Store8(MemArg) = 0x3C,
    #[wasmbin(text = "i64.store16")]
    I64Store16(MemArg) = 0x3D,
    #[wasmbin(text = "i64.store32")]
    I64Store32(MemArg) = 0x3E,
    /// Immediates: `mem`.
    #[wasmbin(text = "memory.size")]
    MemorySize(MemIdx) = 0x3F,
    /// Immediates: `mem`.
    #[wasmbin(text = "memory.grow")]
    MemoryGrow(MemIdx) = 0x40,

    // Numeric instructions: constants.
    #[wasmbin(text = "i32.const")]
    I32Const(i32) = 0x41,
    #[wasmbin(text = "i64.const")]
    I64Const(i64) = 0x42,
    #[wasmbin(text = "f32.const")]
    F32Const(F32) = 0x43,
    #[wasmbin(text = "f64.const")]
    F64Const(F64) = 0x44,

    // Numeric instructions: comparisons.
    #[wasmbin(text = "i32.eqz")]
    I32Eqz = 0x45,
    #[wasmbin(text = "i32.eq")]
    I32Eq = 0x46,
    #[wasmbin(text = "i32.ne")]
    I32Ne = 0x47,
    #[wasmbin(text = "i32.lt_s")]
    I32LtS = 0x48,
    #[wasmbin(text = "i32.lt_u")]
    I32LtU = 0x49,
    #[wasmbin(text = "i32.gt_s")]
    I32GtS = 0x4A,
    #[wasmbin(text = "i32.gt_u")]
    I32GtU = 0x4B,
    #[wasmbin(text = "i32.le_s")]
    I32LeS = 0x4C,
    #[wasmbin(text = "i32.le_u")]
    I32LeU = 0x4D,
    #[wasmbin(text = "i32.ge_s")]
    I32GeS = 0x4E,
    #[wasmbin(text = "i32.ge_u")]
    I32GeU = 0x4F,
    #[wasmbin(text = "i64.eqz")]
    I64Eqz = 0x50,
    #[wasmbin(text = "i64.eq")]
    I64Eq = 0x51,
    #[wasmbin(text = "i64.ne")]
    I64Ne = 0x52,
    #[wasmbin(text = "i64.lt_s")]
    I64LtS = 0x53,
    #[wasmbin(text = "i64.lt_u")]
    I64LtU = 0x54,
    #[wasmbin(text = "i64.gt_s")]
    I64GtS = 0x55,
    #[wasmbin(text = "i64.gt_u")]
    I64GtU = 0x56,
    #[wasmbin(text = "i64.le_s")]
    I64LeS = 0x57,
    #[wasmbin(text = "i64.le_u")]
    I64LeU = 0x58,
    #[wasmbin(text = "i64.ge_s")]
    I64GeS = 0x59,
    #[wasmbin(text = "i64.ge_u")]
    I64GeU = 0x5A,
    #[wasmbin(text = "f32.eq")]
    F32Eq = 0x5B,
    #[wasmbin(text = "f32.ne")]
    F32Ne = 0x5C,
    #[wasmbin(text = "f32.lt")]
    F32Lt = 0x5D,
    #[wasmbin(text = "f32.gt")]
    F32Gt = 0x5E,
    #[wasmbin(text = "f32.le")]
    F32Le = 0x5F,
    #[wasmbin(text = "f32.ge")]
    F32Ge = 0x60,
    #[wasmbin(text = "f64.eq")]
    F64Eq = 0x61,
    #[wasmbin(text = "f64.ne")]
    F64Ne = 0x62,
    #[wasmbin(text = "f64.lt")]
    F64Lt = 0x63,
    #[wasmbin(text = "f64.gt")]
    F64Gt = 0x64,
    #[wasmbin(text = "f64.le")]
    F64Le = 0x65,
    #[wasmbin(text = "f64.ge")]
    F64Ge = 0x66,

    // Numeric instructions: arithmetic.
    #[wasmbin(text = "i32.clz")]
    I32Clz = 0x67,
    #[wasmbin(text = "i32.ctz")]
    I32Ctz = 0x68,
    #[wasmbin(text = "i32.popcnt")]
    I32Popcnt = 0x69,
    #[wasmbin(text = "i32.add")]
    I32Add = 0x6A,
    #[wasmbin(text = "i32.sub")]
    I32Sub = 0x6B,
    #[wasmbin(text = "i32.mul")]
    I32Mul = 0x6C,
    #[wasmbin(text = "i32.div_s")]
    I32DivS = 0x6D,
    #[wasmbin(text = "i32.div_u")]
    I32DivU = 0x6E,
    #[wasmbin(text = "i32.rem_s")]
    I32RemS = 0x6F,
    #[wasmbin(text = "i32.rem_u")]
    I32RemU = 0x70,
    #[wasmbin(text = "i32.and")]
    I32And = 0x71,
    #[wasmbin(text = "i32.or")]
    I32Or = 0x72,
    #[wasmbin(text = "i32.xor")]
    I32Xor = 0x73,
    #[wasmbin(text = "i32.shl")]
    I32Shl = 0x74,
    #[wasmbin(text = "i32.shr_s")]
    I32ShrS = 0x75,
    #[wasmbin(text = "i32.shr_u")]
    I32ShrU = 0x76,
    #[wasmbin(text = "i32.rotl")]
    I32Rotl = 0x77,
    #[wasmbin(text = "i32.rotr")]
    I32Rotr = 0x78,
    #[wasmbin(text = "i64.clz")]
    I64Clz = 0x79,
    #[wasmbin(text = "i64.ctz")]
    I64Ctz = 0x7A,
    #[wasmbin(text = "i64.popcnt")]
    I64Popcnt = 0x7B,
    #[wasmbin(text = "i64.add")]
    I64Add = 0x7C,
    #[wasmbin(text = "i64.sub")]
    I64Sub = 0x7D,
    #[wasmbin(text = "i64.mul")]
    I64Mul = 0x7E,
    #[wasmbin(text = "i64.div_s")]
    I64DivS = 0x7F,
    #[wasmbin(text = "i64.div_u")]
    I64DivU = 0x80,
    #[wasmbin(text = "i64.rem_s")]
    I64RemS = 0x81,
    #[wasmbin(text = "i64.rem_u")]
    I64RemU = 0x82,
    #[wasmbin(text = "i64.and")]
    I64And = 0x83,
    #[wasmbin(text = "i64.or")]
    I64Or = 0x84,
    #[wasmbin(text = "i64.xor")]
    I64Xor = 0x85,
    #[wasmbin(text = "i64.shl")]
    I64Shl = 0x86,
    #[wasmbin(text = "i64.shr_s")]
    I64ShrS = 0x87,
    #[wasmbin(text = "i64.shr_u")]
    I64ShrU = 0x88,
    #[wasmbin(text = "i64.rotl")]
    I64Rotl = 0x89,
    #[wasmbin(text = "i64.rotr")]
    I64Rotr = 0x8A,
    #[wasmbin(text = "f32.abs")]
    F32Abs = 0x8B,
    #[wasmbin(text = "f32.neg")]
    F32Neg = 0x8C,
    #[wasmbin(text = "f32.ceil")]
    F32Ceil = 0x8D,
    #[wasmbin(text = "f32.floor")]
    F32Floor = 0x8E,
    #[wasmbin(text = "f32.trunc")]
    F32Trunc = 0x8F,
    #[wasmbin(text = "f32.nearest")]
    F32Nearest = 0x90,
    #[wasmbin(text = "f32.sqrt")]
    F32Sqrt = 0x91,
    #[wasmbin(text = "f32.add")]
    F32Add = 0x92,
    #[wasmbin(text = "f32.sub")]
    F32Sub = 0x93,
    #[wasmbin(text = "f32.mul")]
    F32Mul = 0x94,
    #[wasmbin(text = "f32.div")]
    F32Div = 0x95,
    #[wasmbin(text = "f32.min")]
    F32Min = 0x96,
    #[wasmbin(text = "f32.max")]
    F32Max = 0x97,
    #[wasmbin(text = "f32.copysign")]
    F32Copysign = 0x98,
    #[wasmbin(text = "f64.abs")]
    F64Abs = 0x99,
    #[wasmbin(text = "f64.neg")]
    F64Neg = 0x9A,
    #[wasmbin(text = "f64.ceil")]
    F64Ceil = 0x9B,
    #[wasmbin(text = "f64.floor")]
    F64Floor = 0x9C,
    #[wasmbin(text = "f64.trunc")]
    F64Trunc = 0x9D,
    #[wasmbin(text = "f64.nearest")]
    F64Nearest = 0x9E,
    #[wasmbin(text = "f64.sqrt")]
    F64Sqrt = 0x9F,
    #[wasmbin(text = "f64.add")]
    F64Add = 0xA0,
    #[wasmbin(text = "f64.sub")]
    F64Sub = 0xA1,
    #[wasmbin(text = "f64.mul")]
    F64Mul = 0xA2,
    #[wasmbin(text = "f64.div")]
    F64Div = 0xA3,
    #[wasmbin(text = "f64.min")]
    F64Min = 0xA4,
    #[wasmbin(text = "f64.max")]
    F64Max = 0xA5,
    #[wasmbin(text = "f64.copysign")]
    F64Copysign = 0xA6,

    // Numeric instructions: conversions.
    #[wasmbin(text = "i32.wrap_i64")]
    I32WrapI64 = 0xA7,
    #[wasmbin(text = "i32.trunc_f32_s")]
    I32TruncF32S = 0xA8,
    #[wasmbin(text = "i32.trunc_f32_u")]
    I32TruncF32U = 0xA9,
    #[wasmbin(text = "i32.trunc_f64_s")]
    I32TruncF64S = 0xAA,
    #[wasmbin(text = "i32.trunc_f64_u")]
    I32TruncF64U = 0xAB,
    #[wasmbin(text = "i64.extend_i32_s")]
    I64ExtendI32S = 0xAC,
    #[wasmbin(text = "i64.extend_i32_u")]
    I64ExtendI32U = 0xAD,
    #[wasmbin(text = "i64.trunc_f32_s")]
    I64TruncF32S = 0xAE,
    #[wasmbin(text = "i64.trunc_f32_u")]
    I64TruncF32U = 0xAF,
    #[wasmbin(text = "i64.trunc_f64_s")]
    I64TruncF64S = 0xB0,
    #[wasmbin(text = "i64.trunc_f64_u")]
    I64TruncF64U = 0xB1,
    #[wasmbin(text = "f32.convert_i32_s")]
    F32ConvertI32S = 0xB2,
    #[wasmbin(text = "f32.convert_i32_u")]
    F32ConvertI32U = 0xB3,
    #[wasmbin(text = "f32.convert_i64_s")]
    F32ConvertI64S = 0xB4,
    #[wasmbin(text = "f32.convert_i64_u")]
    F32ConvertI64U = 0xB5,
    #[wasmbin(text = "f32.demote_f64")]
    F32DemoteF64 = 0xB6,
    #[wasmbin(text = "f64.convert_i32_s")]
    F64ConvertI32S = 0xB7,
    #[wasmbin(text = "f64.convert_i32_u")]
    F64ConvertI32U = 0xB8,
    #[wasmbin(text = "f64.convert_i64_s")]
    F64ConvertI64S = 0xB9,
    #[wasmbin(text = "f64.convert_i64_u")]
    F64ConvertI64U = 0xBA,
    #[wasmbin(text = "f64.promote_f32")]
    F64PromoteF32 = 0xBB,
    #[wasmbin(text = "i32.reinterpret_f32")]
    I32ReinterpretF32 = 0xBC,
    #[wasmbin(text = "i64.reinterpret_f64")]
    I64ReinterpretF64 = 0xBD,
    #[wasmbin(text = "f32.reinterpret_i32")]
    F32ReinterpretI32 = 0xBE,
    #[wasmbin(text = "f64.reinterpret_i64")]
    F64ReinterpretI64 = 0xBF,

    // Sign-extension operators.
    #[wasmbin(text = "i32.extend8_s")]
    I32Extend8S = 0xC0,
    #[wasmbin(text = "i32.extend16_s")]
    I32Extend16S = 0xC1,
    #[wasmbin(text = "i64.extend8_s")]
    I64Extend8S = 0xC2,
    #[wasmbin(text = "i64.extend16_s")]
    I64Extend16S = 0xC3,
    #[wasmbin(text = "i64.extend32_s")]
    I64Extend32S = 0xC4,

    // Reference instructions.
    /// Immediates: `ht`.
    #[wasmbin(text = "ref.null")]
    RefNull(HeapType) = 0xD0,
    #[wasmbin(text = "ref.is_null")]
    RefIsNull = 0xD1,
    /// Immediates: `func`.
    #[wasmbin(text = "ref.func")]
    RefFunc(FuncIdx) = 0xD2,
    #[wasmbin(text = "ref.eq")]
    RefEq = 0xD3,
    #[wasmbin(text = "ref.as_non_null")]
    RefAsNonNull = 0xD4,
    /// Immediates: `label`.
    #[wasmbin(text = "br_on_null")]
    BrOnNull(LabelIdx) = 0xD5,
    /// Immediates: `label`.
    #[wasmbin(text = "br_on_non_null")]
    BrOnNonNull(LabelIdx) = 0xD6,

    // Stack switching
    // ([stack switching](https://github.com/WebAssembly/stack-switching/blob/main/proposals/stack-switching/Explainer.md#instructions)).
    /// Immediates: `cont`.
    #[wasmbin(text = "cont.new")]
    ContNew(TypeIdx) = 0xE0,
    /// Immediates: `from to`.
    #[wasmbin(text = "cont.bind")]
    ContBind {
        /// The type of the continuation taken.
        from: TypeIdx,
        /// The type of the continuation returned.
        to: TypeIdx,
    } = 0xE1,
    /// Immediates: `tag`.
    #[wasmbin(text = "suspend")]
    Suspend(TagIdx) = 0xE2,
    /// Immediates: `cont tag`.
    #[wasmbin(text = "switch")]
    Switch(TypeIdx, TagIdx) = 0xE6,

    // 0xFC prefix: saturating truncation, bulk memory and table instructions.
    #[wasmbin(text = "i32.trunc_sat_f32_s")]
    I32TruncSatF32S = 0xFC_0000,
    #[wasmbin(text = "i32.trunc_sat_f32_u")]
    I32TruncSatF32U = 0xFC_0001,
    #[wasmbin(text = "i32.trunc_sat_f64_s")]
    I32TruncSatF64S = 0xFC_0002,
    #[wasmbin(text = "i32.trunc_sat_f64_u")]
    I32TruncSatF64U = 0xFC_0003,
    #[wasmbin(text = "i64.trunc_sat_f32_s")]
    I64TruncSatF32S = 0xFC_0004,
    #[wasmbin(text = "i64.trunc_sat_f32_u")]
    I64TruncSatF32U = 0xFC_0005,
    #[wasmbin(text = "i64.trunc_sat_f64_s")]
    I64TruncSatF64S = 0xFC_0006,
    #[wasmbin(text = "i64.trunc_sat_f64_u")]
    I64TruncSatF64U = 0xFC_0007,
    /// Immediates: `data mem`.
    #[wasmbin(text = "memory.init")]
    MemoryInit(DataIdx, MemIdx) = 0xFC_0008,
    /// Immediates: `data`.
    #[wasmbin(text = "data.drop")]
    DataDrop(DataIdx) = 0xFC_0009,
    /// Immediates: `dst src`.
    #[wasmbin(text = "memory.copy")]
    MemoryCopy {
        /// Destination memory.
        dst: MemIdx,
        /// Source memory.
        src: MemIdx,
    } = 0xFC_000A,
    /// Immediates: `mem`.
    #[wasmbin(text = "memory.fill")]
    MemoryFill(MemIdx) = 0xFC_000B,
    /// Immediates: `elem table`.
    #[wasmbin(text = "table.init")]
    TableInit(ElemIdx, TableIdx) = 0xFC_000C,
    /// Immediates: `elem`.
    #[wasmbin(text = "elem.drop")]
    ElemDrop(ElemIdx) = 0xFC_000D,
    /// Immediates: `dst src`.
    #[wasmbin(text = "table.copy")]
    TableCopy {
        /// Destination table.
        dst: TableIdx,
        /// Source table.
        src: TableIdx,
    } = 0xFC_000E,
    /// Immediates: `table`.
    #[wasmbin(text = "table.grow")]
    TableGrow(TableIdx) = 0xFC_000F,
    /// Immediates: `table`.
    #[wasmbin(text = "table.size")]
    TableSize(TableIdx) = 0xFC_0010,
    /// Immediates: `table`.
    #[wasmbin(text = "table.fill")]
    TableFill(TableIdx) = 0xFC_0011,
    /// Immediates: `mem`.
    /// ([memory control](https://github.com/WebAssembly/memory-control/blob/main/proposals/memory-control/Overview.md))
    #[wasmbin(text = "memory.discard")]
    MemoryDiscard(MemIdx) = 0xFC_0012,

    // 0xFC prefix: wide arithmetic.
    /// Wide arithmetic.
    #[wasmbin(text = "i64.add128")]
    I64Add128 = 0xFC_0013,
    /// Wide arithmetic.
    #[wasmbin(text = "i64.sub128")]
    I64Sub128 = 0xFC_0014,
    /// Wide arithmetic.
    #[wasmbin(text = "i64.mul_wide_s")]
    I64MulWideS = 0xFC_0015,
    /// Wide arithmetic.
    #[wasmbin(text = "i64.mul_wide_u")]
    I64MulWideU = 0xFC_0016,

    // 0xFB prefix: aggregate (GC) instructions.
    #[wasmbin(text = "struct.new")]
    StructNew(TypeIdx) = 0xFB_0000,
    #[wasmbin(text = "struct.new_default")]
    StructNewDefault(TypeIdx) = 0xFB_0001,
    #[wasmbin(text = "struct.get")]
    StructGet(TypeIdx, FieldIdx) = 0xFB_0002,
    #[wasmbin(text = "struct.get_s")]
    StructGetS(TypeIdx, FieldIdx) = 0xFB_0003,
    #[wasmbin(text = "struct.get_u")]
    StructGetU(TypeIdx, FieldIdx) = 0xFB_0004,
    #[wasmbin(text = "struct.set")]
    StructSet(TypeIdx, FieldIdx) = 0xFB_0005,
    #[wasmbin(text = "array.new")]
    ArrayNew(TypeIdx) = 0xFB_0006,
    #[wasmbin(text = "array.new_default")]
    ArrayNewDefault(TypeIdx) = 0xFB_0007,
    /// Immediates: `type n`.
    #[wasmbin(text = "array.new_fixed")]
    ArrayNewFixed(TypeIdx, u32) = 0xFB_0008,
    #[wasmbin(text = "array.new_data")]
    ArrayNewData(TypeIdx, DataIdx) = 0xFB_0009,
    #[wasmbin(text = "array.new_elem")]
    ArrayNewElem(TypeIdx, ElemIdx) = 0xFB_000A,
    #[wasmbin(text = "array.get")]
    ArrayGet(TypeIdx) = 0xFB_000B,
    #[wasmbin(text = "array.get_s")]
    ArrayGetS(TypeIdx) = 0xFB_000C,
    #[wasmbin(text = "array.get_u")]
    ArrayGetU(TypeIdx) = 0xFB_000D,
    #[wasmbin(text = "array.set")]
    ArraySet(TypeIdx) = 0xFB_000E,
    #[wasmbin(text = "array.len")]
    ArrayLen = 0xFB_000F,
    #[wasmbin(text = "array.fill")]
    ArrayFill(TypeIdx) = 0xFB_0010,
    /// Immediates: `dst src`.
    #[wasmbin(text = "array.copy")]
    ArrayCopy {
        /// Destination array type.
        dst: TypeIdx,
        /// Source array type.
        src: TypeIdx,
    } = 0xFB_0011,
    #[wasmbin(text = "array.init_data")]
    ArrayInitData(TypeIdx, DataIdx) = 0xFB_0012,
    #[wasmbin(text = "array.init_elem")]
    ArrayInitElem(TypeIdx, ElemIdx) = 0xFB_0013,
    /// Immediates: `(ref ht)`.
    #[wasmbin(text = "ref.test")]
    RefTest(HeapType) = 0xFB_0014,
    /// Immediates: `(ref null ht)`.
    #[wasmbin(text = "ref.test")]
    RefTestNull(HeapType) = 0xFB_0015,
    /// Immediates: `(ref ht)`.
    #[wasmbin(text = "ref.cast")]
    RefCast(HeapType) = 0xFB_0016,
    /// Immediates: `(ref null ht)`.
    #[wasmbin(text = "ref.cast")]
    RefCastNull(HeapType) = 0xFB_0017,
    #[wasmbin(text = "any.convert_extern")]
    AnyConvertExtern = 0xFB_001A,
    #[wasmbin(text = "extern.convert_any")]
    ExternConvertAny = 0xFB_001B,
    #[wasmbin(text = "ref.i31")]
    RefI31 = 0xFB_001C,
    #[wasmbin(text = "i31.get_s")]
    I31GetS = 0xFB_001D,
    #[wasmbin(text = "i31.get_u")]
    I31GetU = 0xFB_001E,

    // 0xFB prefix: custom descriptors.
    /// Custom descriptors.
    #[wasmbin(text = "struct.new_desc")]
    StructNewDesc(TypeIdx) = 0xFB_0020,
    /// Custom descriptors.
    #[wasmbin(text = "struct.new_default_desc")]
    StructNewDefaultDesc(TypeIdx) = 0xFB_0021,
    /// Custom descriptors.
    #[wasmbin(text = "ref.get_desc")]
    RefGetDesc(TypeIdx) = 0xFB_0022,
    /// Immediates: `(ref ht)` (custom descriptors).
    #[wasmbin(text = "ref.cast_desc_eq")]
    RefCastDescEq(HeapType) = 0xFB_0023,
    /// Immediates: `(ref null ht)` (custom descriptors).
    #[wasmbin(text = "ref.cast_desc_eq")]
    RefCastDescEqNull(HeapType) = 0xFB_0024,

    // 0xFD prefix: vector instructions (fixed-width and relaxed SIMD).
    #[wasmbin(text = "v128.load")]
    V128Load(MemArg) = 0xFD_0000,
    #[wasmbin(text = "v128.load8x8_s")]
    V128Load8x8S(MemArg) = 0xFD_0001,
    #[wasmbin(text = "v128.load8x8_u")]
    V128Load8x8U(MemArg) = 0xFD_0002,
    #[wasmbin(text = "v128.load16x4_s")]
    V128Load16x4S(MemArg) = 0xFD_0003,
    #[wasmbin(text = "v128.load16x4_u")]
    V128Load16x4U(MemArg) = 0xFD_0004,
    #[wasmbin(text = "v128.load32x2_s")]
    V128Load32x2S(MemArg) = 0xFD_0005,
    #[wasmbin(text = "v128.load32x2_u")]
    V128Load32x2U(MemArg) = 0xFD_0006,
    #[wasmbin(text = "v128.load8_splat")]
    V128Load8Splat(MemArg) = 0xFD_0007,
    #[wasmbin(text = "v128.load16_splat")]
    V128Load16Splat(MemArg) = 0xFD_0008,
    #[wasmbin(text = "v128.load32_splat")]
    V128Load32Splat(MemArg) = 0xFD_0009,
    #[wasmbin(text = "v128.load64_splat")]
    V128Load64Splat(MemArg) = 0xFD_000A,
    #[wasmbin(text = "v128.store")]
    V128Store(MemArg) = 0xFD_000B,
    #[wasmbin(text = "i8x16.swizzle")]
    I8x16Swizzle = 0xFD_000E,
    #[wasmbin(text = "i8x16.splat")]
    I8x16Splat = 0xFD_000F,
    #[wasmbin(text = "i16x8.splat")]
    I16x8Splat = 0xFD_0010,
    #[wasmbin(text = "i32x4.splat")]
    I32x4Splat = 0xFD_0011,
    #[wasmbin(text = "i64x2.splat")]
    I64x2Splat = 0xFD_0012,
    #[wasmbin(text = "f32x4.splat")]
    F32x4Splat = 0xFD_0013,
    #[wasmbin(text = "f64x2.splat")]
    F64x2Splat = 0xFD_0014,
    /// Immediates: `lane`.
    #[wasmbin(text = "i8x16.extract_lane_s")]
    I8x16ExtractLaneS(u8) = 0xFD_0015,
    /// Immediates: `lane`.
    #[wasmbin(text = "i8x16.extract_lane_u")]
    I8x16ExtractLaneU(u8) = 0xFD_0016,
    /// Immediates: `lane`.
    #[wasmbin(text = "i8x16.replace_lane")]
    I8x16ReplaceLane(u8) = 0xFD_0017,
    /// Immediates: `lane`.
    #[wasmbin(text = "i16x8.extract_lane_s")]
    I16x8ExtractLaneS(u8) = 0xFD_0018,
    /// Immediates: `lane`.
    #[wasmbin(text = "i16x8.extract_lane_u")]
    I16x8ExtractLaneU(u8) = 0xFD_0019,
    /// Immediates: `lane`.
    #[wasmbin(text = "i16x8.replace_lane")]
    I16x8ReplaceLane(u8) = 0xFD_001A,
    /// Immediates: `lane`.
    #[wasmbin(text = "i32x4.extract_lane")]
    I32x4ExtractLane(u8) = 0xFD_001B,
    /// Immediates: `lane`.
    #[wasmbin(text = "i32x4.replace_lane")]
    I32x4ReplaceLane(u8) = 0xFD_001C,
    /// Immediates: `lane`.
    #[wasmbin(text = "i64x2.extract_lane")]
    I64x2ExtractLane(u8) = 0xFD_001D,
    /// Immediates: `lane`.
    #[wasmbin(text = "i64x2.replace_lane")]
    I64x2ReplaceLane(u8) = 0xFD_001E,
    /// Immediates: `lane`.
    #[wasmbin(text = "f32x4.extract_lane")]
    F32x4ExtractLane(u8) = 0xFD_001F,
    /// Immediates: `lane`.
    #[wasmbin(text = "f32x4.replace_lane")]
    F32x4ReplaceLane(u8) = 0xFD_0020,
    /// Immediates: `lane`.
    #[wasmbin(text = "f64x2.extract_lane")]
    F64x2ExtractLane(u8) = 0xFD_0021,
    /// Immediates: `lane`.
    #[wasmbin(text = "f64x2.replace_lane")]
    F64x2ReplaceLane(u8) = 0xFD_0022,
    #[wasmbin(text = "i8x16.eq")]
    I8x16Eq = 0xFD_0023,
    #[wasmbin(text = "i8x16.ne")]
    I8x16Ne = 0xFD_0024,
    #[wasmbin(text = "i8x16.lt_s")]
    I8x16LtS = 0xFD_0025,
    #[wasmbin(text = "i8x16.lt_u")]
    I8x16LtU = 0xFD_0026,
    #[wasmbin(text = "i8x16.gt_s")]
    I8x16GtS = 0xFD_0027,
    #[wasmbin(text = "i8x16.gt_u")]
    I8x16GtU = 0xFD_0028,
    #[wasmbin(text = "i8x16.le_s")]
    I8x16LeS = 0xFD_0029,
    #[wasmbin(text = "i8x16.le_u")]
    I8x16LeU = 0xFD_002A,
    #[wasmbin(text = "i8x16.ge_s")]
    I8x16GeS = 0xFD_002B,
    #[wasmbin(text = "i8x16.ge_u")]
    I8x16GeU = 0xFD_002C,
    #[wasmbin(text = "i16x8.eq")]
    I16x8Eq = 0xFD_002D,
    #[wasmbin(text = "i16x8.ne")]
    I16x8Ne = 0xFD_002E,
    #[wasmbin(text = "i16x8.lt_s")]
    I16x8LtS = 0xFD_002F,
    #[wasmbin(text = "i16x8.lt_u")]
    I16x8LtU = 0xFD_0030,
    #[wasmbin(text = "i16x8.gt_s")]
    I16x8GtS = 0xFD_0031,
    #[wasmbin(text = "i16x8.gt_u")]
    I16x8GtU = 0xFD_0032,
    #[wasmbin(text = "i16x8.le_s")]
    I16x8LeS = 0xFD_0033,
    #[wasmbin(text = "i16x8.le_u")]
    I16x8LeU = 0xFD_0034,
    #[wasmbin(text = "i16x8.ge_s")]
    I16x8GeS = 0xFD_0035,
    #[wasmbin(text = "i16x8.ge_u")]
    I16x8GeU = 0xFD_0036,
    #[wasmbin(text = "i32x4.eq")]
    I32x4Eq = 0xFD_0037,
    #[wasmbin(text = "i32x4.ne")]
    I32x4Ne = 0xFD_0038,
    #[wasmbin(text = "i32x4.lt_s")]
    I32x4LtS = 0xFD_0039,
    #[wasmbin(text = "i32x4.lt_u")]
    I32x4LtU = 0xFD_003A,
    #[wasmbin(text = "i32x4.gt_s")]
    I32x4GtS = 0xFD_003B,
    #[wasmbin(text = "i32x4.gt_u")]
    I32x4GtU = 0xFD_003C,
    #[wasmbin(text = "i32x4.le_s")]
    I32x4LeS = 0xFD_003D,
    #[wasmbin(text = "i32x4.le_u")]
    I32x4LeU = 0xFD_003E,
    #[wasmbin(text = "i32x4.ge_s")]
    I32x4GeS = 0xFD_003F,
    #[wasmbin(text = "i32x4.ge_u")]
    I32x4GeU = 0xFD_0040,
    #[wasmbin(text = "f32x4.eq")]
    F32x4Eq = 0xFD_0041,
    #[wasmbin(text = "f32x4.ne")]
    F32x4Ne = 0xFD_0042,
    #[wasmbin(text = "f32x4.lt")]
    F32x4Lt = 0xFD_0043,
    #[wasmbin(text = "f32x4.gt")]
    F32x4Gt = 0xFD_0044,
    #[wasmbin(text = "f32x4.le")]
    F32x4Le = 0xFD_0045,
    #[wasmbin(text = "f32x4.ge")]
    F32x4Ge = 0xFD_0046,
    #[wasmbin(text = "f64x2.eq")]
    F64x2Eq = 0xFD_0047,
    #[wasmbin(text = "f64x2.ne")]
    F64x2Ne = 0xFD_0048,
    #[wasmbin(text = "f64x2.lt")]
    F64x2Lt = 0xFD_0049,
    #[wasmbin(text = "f64x2.gt")]
    F64x2Gt = 0xFD_004A,
    #[wasmbin(text = "f64x2.le")]
    F64x2Le = 0xFD_004B,
    #[wasmbin(text = "f64x2.ge")]
    F64x2Ge = 0xFD_004C,
    #[wasmbin(text = "v128.not")]
    V128Not = 0xFD_004D,
    #[wasmbin(text = "v128.and")]
    V128And = 0xFD_004E,
    #[wasmbin(text = "v128.andnot")]
    V128Andnot = 0xFD_004F,
    #[wasmbin(text = "v128.or")]
    V128Or = 0xFD_0050,
    #[wasmbin(text = "v128.xor")]
    V128Xor = 0xFD_0051,
    #[wasmbin(text = "v128.bitselect")]
    V128Bitselect = 0xFD_0052,
    #[wasmbin(text = "v128.any_true")]
    V128AnyTrue = 0xFD_0053,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.load8_lane")]
    V128Load8Lane(MemArg, u8) = 0xFD_0054,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.load16_lane")]
    V128Load16Lane(MemArg, u8) = 0xFD_0055,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.load32_lane")]
    V128Load32Lane(MemArg, u8) = 0xFD_0056,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.load64_lane")]
    V128Load64Lane(MemArg, u8) = 0xFD_0057,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.store8_lane")]
    V128Store8Lane(MemArg, u8) = 0xFD_0058,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.store16_lane")]
    V128Store16Lane(MemArg, u8) = 0xFD_0059,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.store32_lane")]
    V128Store32Lane(MemArg, u8) = 0xFD_005A,
    /// Immediates: `memarg lane`.
    #[wasmbin(text = "v128.store64_lane")]
    V128Store64Lane(MemArg, u8) = 0xFD_005B,
    #[wasmbin(text = "v128.load32_zero")]
    V128Load32Zero(MemArg) = 0xFD_005C,
    #[wasmbin(text = "v128.load64_zero")]
    V128Load64Zero(MemArg) = 0xFD_005D,
    #[wasmbin(text = "f32x4.demote_f64x2_zero")]
    F32x4DemoteF64x2Zero = 0xFD_005E,
    #[wasmbin(text = "f64x2.promote_low_f32x4")]
    F64x2PromoteLowF32x4 = 0xFD_005F,
    #[wasmbin(text = "i8x16.abs")]
    I8x16Abs = 0xFD_0060,
    #[wasmbin(text = "i8x16.neg")]
    I8x16Neg = 0xFD_0061,
    #[wasmbin(text = "i8x16.popcnt")]
    I8x16Popcnt = 0xFD_0062,
    #[wasmbin(text = "i8x16.all_true")]
    I8x16AllTrue = 0xFD_0063,
    #[wasmbin(text = "i8x16.bitmask")]
    I8x16Bitmask = 0xFD_0064,
    #[wasmbin(text = "i8x16.narrow_i16x8_s")]
    I8x16NarrowI16x8S = 0xFD_0065,
    #[wasmbin(text = "i8x16.narrow_i16x8_u")]
    I8x16NarrowI16x8U = 0xFD_0066,
    #[wasmbin(text = "f32x4.ceil")]
    F32x4Ceil = 0xFD_0067,
    #[wasmbin(text = "f32x4.floor")]
    F32x4Floor = 0xFD_0068,
    #[wasmbin(text = "f32x4.trunc")]
    F32x4Trunc = 0xFD_0069,
    #[wasmbin(text = "f32x4.nearest")]
    F32x4Nearest = 0xFD_006A,
    #[wasmbin(text = "i8x16.shl")]
    I8x16Shl = 0xFD_006B,
    #[wasmbin(text = "i8x16.shr_s")]
    I8x16ShrS = 0xFD_006C,
    #[wasmbin(text = "i8x16.shr_u")]
    I8x16ShrU = 0xFD_006D,
    #[wasmbin(text = "i8x16.add")]
    I8x16Add = 0xFD_006E,
    #[wasmbin(text = "i8x16.add_sat_s")]
    I8x16AddSatS = 0xFD_006F,
    #[wasmbin(text = "i8x16.add_sat_u")]
    I8x16AddSatU = 0xFD_0070,
    #[wasmbin(text = "i8x16.sub")]
    I8x16Sub = 0xFD_0071,
    #[wasmbin(text = "i8x16.sub_sat_s")]
    I8x16SubSatS = 0xFD_0072,
    #[wasmbin(text = "i8x16.sub_sat_u")]
    I8x16SubSatU = 0xFD_0073,
    #[wasmbin(text = "f64x2.ceil")]
    F64x2Ceil = 0xFD_0074,
    #[wasmbin(text = "f64x2.floor")]
    F64x2Floor = 0xFD_0075,
    #[wasmbin(text = "i8x16.min_s")]
    I8x16MinS = 0xFD_0076,
    #[wasmbin(text = "i8x16.min_u")]
    I8x16MinU = 0xFD_0077,
    #[wasmbin(text = "i8x16.max_s")]
    I8x16MaxS = 0xFD_0078,
    #[wasmbin(text = "i8x16.max_u")]
    I8x16MaxU = 0xFD_0079,
    #[wasmbin(text = "f64x2.trunc")]
    F64x2Trunc = 0xFD_007A,
    #[wasmbin(text = "i8x16.avgr_u")]
    I8x16AvgrU = 0xFD_007B,
    #[wasmbin(text = "i16x8.extadd_pairwise_i8x16_s")]
    I16x8ExtaddPairwiseI8x16S = 0xFD_007C,
    #[wasmbin(text = "i16x8.extadd_pairwise_i8x16_u")]
    I16x8ExtaddPairwiseI8x16U = 0xFD_007D,
    #[wasmbin(text = "i32x4.extadd_pairwise_i16x8_s")]
    I32x4ExtaddPairwiseI16x8S = 0xFD_007E,
    #[wasmbin(text = "i32x4.extadd_pairwise_i16x8_u")]
    I32x4ExtaddPairwiseI16x8U = 0xFD_007F,
    #[wasmbin(text = "i16x8.abs")]
    I16x8Abs = 0xFD_0080,
    #[wasmbin(text = "i16x8.neg")]
    I16x8Neg = 0xFD_0081,
    #[wasmbin(text = "i16x8.q15mulr_sat_s")]
    I16x8Q15mulrSatS = 0xFD_0082,
    #[wasmbin(text = "i16x8.all_true")]
    I16x8AllTrue = 0xFD_0083,
    #[wasmbin(text = "i16x8.bitmask")]
    I16x8Bitmask = 0xFD_0084,
    #[wasmbin(text = "i16x8.narrow_i32x4_s")]
    I16x8NarrowI32x4S = 0xFD_0085,
    #[wasmbin(text = "i16x8.narrow_i32x4_u")]
    I16x8NarrowI32x4U = 0xFD_0086,
    #[wasmbin(text = "i16x8.extend_low_i8x16_s")]
    I16x8ExtendLowI8x16S = 0xFD_0087,
    #[wasmbin(text = "i16x8.extend_high_i8x16_s")]
    I16x8ExtendHighI8x16S = 0xFD_0088,
    #[wasmbin(text = "i16x8.extend_low_i8x16_u")]
    I16x8ExtendLowI8x16U = 0xFD_0089,
    #[wasmbin(text = "i16x8.extend_high_i8x16_u")]
    I16x8ExtendHighI8x16U = 0xFD_008A,
    #[wasmbin(text = "i16x8.shl")]
    I16x8Shl = 0xFD_008B,
    #[wasmbin(text = "i16x8.shr_s")]
    I16x8ShrS = 0xFD_008C,
    #[wasmbin(text = "i16x8.shr_u")]
    I16x8ShrU = 0xFD_008D,
    #[wasmbin(text = "i16x8.add")]
    I16x8Add = 0xFD_008E,
    #[wasmbin(text = "i16x8.add_sat_s")]
    I16x8AddSatS = 0xFD_008F,
    #[wasmbin(text = "i16x8.add_sat_u")]
    I16x8AddSatU = 0xFD_0090,
    #[wasmbin(text = "i16x8.sub")]
    I16x8Sub = 0xFD_0091,
    #[wasmbin(text = "i16x8.sub_sat_s")]
    I16x8SubSatS = 0xFD_0092,
    #[wasmbin(text = "i16x8.sub_sat_u")]
    I16x8SubSatU = 0xFD_0093,
    #[wasmbin(text = "f64x2.nearest")]
    F64x2Nearest = 0xFD_0094,
    #[wasmbin(text = "i16x8.mul")]
    I16x8Mul = 0xFD_0095,
    #[wasmbin(text = "i16x8.min_s")]
    I16x8MinS = 0xFD_0096,
    #[wasmbin(text = "i16x8.min_u")]
    I16x8MinU = 0xFD_0097,
    #[wasmbin(text = "i16x8.max_s")]
    I16x8MaxS = 0xFD_0098,
    #[wasmbin(text = "i16x8.max_u")]
    I16x8MaxU = 0xFD_0099,
    #[wasmbin(text = "i16x8.avgr_u")]
    I16x8AvgrU = 0xFD_009B,
    #[wasmbin(text = "i16x8.extmul_low_i8x16_s")]
    I16x8ExtmulLowI8x16S = 0xFD_009C,
    #[wasmbin(text = "i16x8.extmul_high_i8x16_s")]
    I16x8ExtmulHighI8x16S = 0xFD_009D,
    #[wasmbin(text = "i16x8.extmul_low_i8x16_u")]
    I16x8ExtmulLowI8x16U = 0xFD_009E,
    #[wasmbin(text = "i16x8.extmul_high_i8x16_u")]
    I16x8ExtmulHighI8x16U = 0xFD_009F,
    #[wasmbin(text = "i32x4.abs")]
    I32x4Abs = 0xFD_00A0,
    #[wasmbin(text = "i32x4.neg")]
    I32x4Neg = 0xFD_00A1,
    #[wasmbin(text = "i32x4.all_true")]
    I32x4AllTrue = 0xFD_00A3,
    #[wasmbin(text = "i32x4.bitmask")]
    I32x4Bitmask = 0xFD_00A4,
    #[wasmbin(text = "i32x4.extend_low_i16x8_s")]
    I32x4ExtendLowI16x8S = 0xFD_00A7,
    #[wasmbin(text = "i32x4.extend_high_i16x8_s")]
    I32x4ExtendHighI16x8S = 0xFD_00A8,
    #[wasmbin(text = "i32x4.extend_low_i16x8_u")]
    I32x4ExtendLowI16x8U = 0xFD_00A9,
    #[wasmbin(text = "i32x4.extend_high_i16x8_u")]
    I32x4ExtendHighI16x8U = 0xFD_00AA,
    #[wasmbin(text = "i32x4.shl")]
    I32x4Shl = 0xFD_00AB,
    #[wasmbin(text = "i32x4.shr_s")]
    I32x4ShrS = 0xFD_00AC,
    #[wasmbin(text = "i32x4.shr_u")]
    I32x4ShrU = 0xFD_00AD,
    #[wasmbin(text = "i32x4.add")]
    I32x4Add = 0xFD_00AE,
    #[wasmbin(text = "i32x4.sub")]
    I32x4Sub = 0xFD_00B1,
    #[wasmbin(text = "i32x4.mul")]
    I32x4Mul = 0xFD_00B5,
    #[wasmbin(text = "i32x4.min_s")]
    I32x4MinS = 0xFD_00B6,
    #[wasmbin(text = "i32x4.min_u")]
    I32x4MinU = 0xFD_00B7,
    #[wasmbin(text = "i32x4.max_s")]
    I32x4MaxS = 0xFD_00B8,
    #[wasmbin(text = "i32x4.max_u")]
    I32x4MaxU = 0xFD_00B9,
    #[wasmbin(text = "i32x4.dot_i16x8_s")]
    I32x4DotI16x8S = 0xFD_00BA,
    #[wasmbin(text = "i32x4.extmul_low_i16x8_s")]
    I32x4ExtmulLowI16x8S = 0xFD_00BC,
    #[wasmbin(text = "i32x4.extmul_high_i16x8_s")]
    I32x4ExtmulHighI16x8S = 0xFD_00BD,
    #[wasmbin(text = "i32x4.extmul_low_i16x8_u")]
    I32x4ExtmulLowI16x8U = 0xFD_00BE,
    #[wasmbin(text = "i32x4.extmul_high_i16x8_u")]
    I32x4ExtmulHighI16x8U = 0xFD_00BF,
    #[wasmbin(text = "i64x2.abs")]
    I64x2Abs = 0xFD_00C0,
    #[wasmbin(text = "i64x2.neg")]
    I64x2Neg = 0xFD_00C1,
    #[wasmbin(text = "i64x2.all_true")]
    I64x2AllTrue = 0xFD_00C3,
    #[wasmbin(text = "i64x2.bitmask")]
    I64x2Bitmask = 0xFD_00C4,
    #[wasmbin(text = "i64x2.extend_low_i32x4_s")]
    I64x2ExtendLowI32x4S = 0xFD_00C7,
    #[wasmbin(text = "i64x2.extend_high_i32x4_s")]
    I64x2ExtendHighI32x4S = 0xFD_00C8,
    #[wasmbin(text = "i64x2.extend_low_i32x4_u")]
    I64x2ExtendLowI32x4U = 0xFD_00C9,
    #[wasmbin(text = "i64x2.extend_high_i32x4_u")]
    I64x2ExtendHighI32x4U = 0xFD_00CA,
    #[wasmbin(text = "i64x2.shl")]
    I64x2Shl = 0xFD_00CB,
    #[wasmbin(text = "i64x2.shr_s")]
    I64x2ShrS = 0xFD_00CC,
    #[wasmbin(text = "i64x2.shr_u")]
    I64x2ShrU = 0xFD_00CD,
    #[wasmbin(text = "i64x2.add")]
    I64x2Add = 0xFD_00CE,
    #[wasmbin(text = "i64x2.sub")]
    I64x2Sub = 0xFD_00D1,
    #[wasmbin(text = "i64x2.mul")]
    I64x2Mul = 0xFD_00D5,
    #[wasmbin(text = "i64x2.eq")]
    I64x2Eq = 0xFD_00D6,
    #[wasmbin(text = "i64x2.ne")]
    I64x2Ne = 0xFD_00D7,
    #[wasmbin(text = "i64x2.lt_s")]
    I64x2LtS = 0xFD_00D8,
    #[wasmbin(text = "i64x2.gt_s")]
    I64x2GtS = 0xFD_00D9,
    #[wasmbin(text = "i64x2.le_s")]
    I64x2LeS = 0xFD_00DA,
    #[wasmbin(text = "i64x2.ge_s")]
    I64x2GeS = 0xFD_00DB,
    #[wasmbin(text = "i64x2.extmul_low_i32x4_s")]
    I64x2ExtmulLowI32x4S = 0xFD_00DC,
    #[wasmbin(text = "i64x2.extmul_high_i32x4_s")]
    I64x2ExtmulHighI32x4S = 0xFD_00DD,
    #[wasmbin(text = "i64x2.extmul_low_i32x4_u")]
    I64x2ExtmulLowI32x4U = 0xFD_00DE,
    #[wasmbin(text = "i64x2.extmul_high_i32x4_u")]
    I64x2ExtmulHighI32x4U = 0xFD_00DF,
    #[wasmbin(text = "f32x4.abs")]
    F32x4Abs = 0xFD_00E0,
    #[wasmbin(text = "f32x4.neg")]
    F32x4Neg = 0xFD_00E1,
    #[wasmbin(text = "f32x4.sqrt")]
    F32x4Sqrt = 0xFD_00E3,
    #[wasmbin(text = "f32x4.add")]
    F32x4Add = 0xFD_00E4,
    #[wasmbin(text = "f32x4.sub")]
    F32x4Sub = 0xFD_00E5,
    #[wasmbin(text = "f32x4.mul")]
    F32x4Mul = 0xFD_00E6,
    #[wasmbin(text = "f32x4.div")]
    F32x4Div = 0xFD_00E7,
    #[wasmbin(text = "f32x4.min")]
    F32x4Min = 0xFD_00E8,
    #[wasmbin(text = "f32x4.max")]
    F32x4Max = 0xFD_00E9,
    #[wasmbin(text = "f32x4.pmin")]
    F32x4Pmin = 0xFD_00EA,
    #[wasmbin(text = "f32x4.pmax")]
    F32x4Pmax = 0xFD_00EB,
    #[wasmbin(text = "f64x2.abs")]
    F64x2Abs = 0xFD_00EC,
    #[wasmbin(text = "f64x2.neg")]
    F64x2Neg = 0xFD_00ED,
    #[wasmbin(text = "f64x2.sqrt")]
    F64x2Sqrt = 0xFD_00EF,
    #[wasmbin(text = "f64x2.add")]
    F64x2Add = 0xFD_00F0,
    #[wasmbin(text = "f64x2.sub")]
    F64x2Sub = 0xFD_00F1,
    #[wasmbin(text = "f64x2.mul")]
    F64x2Mul = 0xFD_00F2,
    #[wasmbin(text = "f64x2.div")]
    F64x2Div = 0xFD_00F3,
    #[wasmbin(text = "f64x2.min")]
    F64x2Min = 0xFD_00F4,
    #[wasmbin(text = "f64x2.max")]
    F64x2Max = 0xFD_00F5,
    #[wasmbin(text = "f64x2.pmin")]
    F64x2Pmin = 0xFD_00F6,
    #[wasmbin(text = "f64x2.pmax")]
    F64x2Pmax = 0xFD_00F7,
    #[wasmbin(text = "i32x4.trunc_sat_f32x4_s")]
    I32x4TruncSatF32x4S = 0xFD_00F8,
    #[wasmbin(text = "i32x4.trunc_sat_f32x4_u")]
    I32x4TruncSatF32x4U = 0xFD_00F9,
    #[wasmbin(text = "f32x4.convert_i32x4_s")]
    F32x4ConvertI32x4S = 0xFD_00FA,
    #[wasmbin(text = "f32x4.convert_i32x4_u")]
    F32x4ConvertI32x4U = 0xFD_00FB,
    #[wasmbin(text = "i32x4.trunc_sat_f64x2_s_zero")]
    I32x4TruncSatF64x2SZero = 0xFD_00FC,
    #[wasmbin(text = "i32x4.trunc_sat_f64x2_u_zero")]
    I32x4TruncSatF64x2UZero = 0xFD_00FD,
    #[wasmbin(text = "f64x2.convert_low_i32x4_s")]
    F64x2ConvertLowI32x4S = 0xFD_00FE,
    #[wasmbin(text = "f64x2.convert_low_i32x4_u")]
    F64x2ConvertLowI32x4U = 0xFD_00FF,
    /// Relaxed SIMD.
    #[wasmbin(text = "i8x16.relaxed_swizzle")]
    I8x16RelaxedSwizzle = 0xFD_0100,
    /// Relaxed SIMD.
    #[wasmbin(text = "i32x4.relaxed_trunc_f32x4_s")]
    I32x4RelaxedTruncF32x4S = 0xFD_0101,
    /// Relaxed SIMD.
    #[wasmbin(text = "i32x4.relaxed_trunc_f32x4_u")]
    I32x4RelaxedTruncF32x4U = 0xFD_0102,
    /// Relaxed SIMD.
    #[wasmbin(text = "i32x4.relaxed_trunc_f64x2_s_zero")]
    I32x4RelaxedTruncF64x2SZero = 0xFD_0103,
    /// Relaxed SIMD.
    #[wasmbin(text = "i32x4.relaxed_trunc_f64x2_u_zero")]
    I32x4RelaxedTruncF64x2UZero = 0xFD_0104,
    /// Relaxed SIMD.
    #[wasmbin(text = "f32x4.relaxed_madd")]
    F32x4RelaxedMadd = 0xFD_0105,
    /// Relaxed SIMD.
    #[wasmbin(text = "f32x4.relaxed_nmadd")]
    F32x4RelaxedNmadd = 0xFD_0106,
    /// Relaxed SIMD.
    #[wasmbin(text = "f64x2.relaxed_madd")]
    F64x2RelaxedMadd = 0xFD_0107,
    /// Relaxed SIMD.
    #[wasmbin(text = "f64x2.relaxed_nmadd")]
    F64x2RelaxedNmadd = 0xFD_0108,
    /// Relaxed SIMD.
    #[wasmbin(text = "i8x16.relaxed_laneselect")]
    I8x16RelaxedLaneselect = 0xFD_0109,
    /// Relaxed SIMD.
    #[wasmbin(text = "i16x8.relaxed_laneselect")]
    I16x8RelaxedLaneselect = 0xFD_010A,
    /// Relaxed SIMD.
    #[wasmbin(text = "i32x4.relaxed_laneselect")]
    I32x4RelaxedLaneselect = 0xFD_010B,
    /// Relaxed SIMD.
    #[wasmbin(text = "i64x2.relaxed_laneselect")]
    I64x2RelaxedLaneselect = 0xFD_010C,
    /// Relaxed SIMD.
    #[wasmbin(text = "f32x4.relaxed_min")]
    F32x4RelaxedMin = 0xFD_010D,
    /// Relaxed SIMD.
    #[wasmbin(text = "f32x4.relaxed_max")]
    F32x4RelaxedMax = 0xFD_010E,
    /// Relaxed SIMD.
    #[wasmbin(text = "f64x2.relaxed_min")]
    F64x2RelaxedMin = 0xFD_010F,
    /// Relaxed SIMD.
    #[wasmbin(text = "f64x2.relaxed_max")]
    F64x2RelaxedMax = 0xFD_0110,
    /// Relaxed SIMD.
    #[wasmbin(text = "i16x8.relaxed_q15mulr_s")]
    I16x8RelaxedQ15mulrS = 0xFD_0111,
    /// Relaxed SIMD.
    #[wasmbin(text = "i16x8.relaxed_dot_i8x16_i7x16_s")]
    I16x8RelaxedDotI8x16I7x16S = 0xFD_0112,
    /// Relaxed SIMD.
    #[wasmbin(text = "i32x4.relaxed_dot_i8x16_i7x16_add_s")]
    I32x4RelaxedDotI8x16I7x16AddS = 0xFD_0113,

    // 0xFE prefix: atomic memory instructions (threads).
    #[wasmbin(text = "memory.atomic.notify")]
    MemoryAtomicNotify(MemArg) = 0xFE_0000,
    #[wasmbin(text = "memory.atomic.wait32")]
    MemoryAtomicWait32(MemArg) = 0xFE_0001,
    #[wasmbin(text = "memory.atomic.wait64")]
    MemoryAtomicWait64(MemArg) = 0xFE_0002,
    /// Immediates: `ordering` (a reserved zero byte before acquire-release atomics).
    #[wasmbin(text = "atomic.fence")]
    AtomicFence(AtomicOrdering) = 0xFE_0003,
    /// A spin-loop hint
    /// ([acquire-release atomics](https://github.com/WebAssembly/acquire-release-atomics/blob/main/proposals/acquire-release-atomics/Overview.md#spinlock-relaxation-pause))
    #[wasmbin(text = "pause")]
    Pause = 0xFE_0004,
    #[wasmbin(text = "i32.atomic.load")]
    I32AtomicLoad(MemArg) = 0xFE_0010,
    #[wasmbin(text = "i64.atomic.load")]
    I64AtomicLoad(MemArg) = 0xFE_0011,
    #[wasmbin(text = "i32.atomic.load8_u")]
    I32AtomicLoad8U(MemArg) = 0xFE_0012,
    #[wasmbin(text = "i32.atomic.load16_u")]
    I32AtomicLoad16U(MemArg) = 0xFE_0013,
    #[wasmbin(text = "i64.atomic.load8_u")]
    I64AtomicLoad8U(MemArg) = 0xFE_0014,
    #[wasmbin(text = "i64.atomic.load16_u")]
    I64AtomicLoad16U(MemArg) = 0xFE_0015,
    #[wasmbin(text = "i64.atomic.load32_u")]
    I64AtomicLoad32U(MemArg) = 0xFE_0016,
    #[wasmbin(text = "i32.atomic.store")]
    I32AtomicStore(MemArg) = 0xFE_0017,
    #[wasmbin(text = "i64.atomic.store")]
    I64AtomicStore(MemArg) = 0xFE_0018,
    #[wasmbin(text = "i32.atomic.store8")]
    I32AtomicStore8(MemArg) = 0xFE_0019,
    #[wasmbin(text = "i32.atomic.store16")]
    I32AtomicStore16(MemArg) = 0xFE_001A,
    #[wasmbin(text = "i64.atomic.store8")]
    I64AtomicStore8(MemArg) = 0xFE_001B,
    #[wasmbin(text = "i64.atomic.store16")]
    I64AtomicStore16(MemArg) = 0xFE_001C,
    #[wasmbin(text = "i64.atomic.store32")]
    I64AtomicStore32(MemArg) = 0xFE_001D,
    #[wasmbin(text = "i32.atomic.rmw.add")]
    I32AtomicRmwAdd(MemArg) = 0xFE_001E,
    #[wasmbin(text = "i64.atomic.rmw.add")]
    I64AtomicRmwAdd(MemArg) = 0xFE_001F,
    #[wasmbin(text = "i32.atomic.rmw8.add_u")]
    I32AtomicRmw8AddU(MemArg) = 0xFE_0020,
    #[wasmbin(text = "i32.atomic.rmw16.add_u")]
    I32AtomicRmw16AddU(MemArg) = 0xFE_0021,
    #[wasmbin(text = "i64.atomic.rmw8.add_u")]
    I64AtomicRmw8AddU(MemArg) = 0xFE_0022,
    #[wasmbin(text = "i64.atomic.rmw16.add_u")]
    I64AtomicRmw16AddU(MemArg) = 0xFE_0023,
    #[wasmbin(text = "i64.atomic.rmw32.add_u")]
    I64AtomicRmw32AddU(MemArg) = 0xFE_0024,
    #[wasmbin(text = "i32.atomic.rmw.sub")]
    I32AtomicRmwSub(MemArg) = 0xFE_0025,
    #[wasmbin(text = "i64.atomic.rmw.sub")]
    I64AtomicRmwSub(MemArg) = 0xFE_0026,
    #[wasmbin(text = "i32.atomic.rmw8.sub_u")]
    I32AtomicRmw8SubU(MemArg) = 0xFE_0027,
    #[wasmbin(text = "i32.atomic.rmw16.sub_u")]
    I32AtomicRmw16SubU(MemArg) = 0xFE_0028,
    #[wasmbin(text = "i64.atomic.rmw8.sub_u")]
    I64AtomicRmw8SubU(MemArg) = 0xFE_0029,
    #[wasmbin(text = "i64.atomic.rmw16.sub_u")]
    I64AtomicRmw16SubU(MemArg) = 0xFE_002A,
    #[wasmbin(text = "i64.atomic.rmw32.sub_u")]
    I64AtomicRmw32SubU(MemArg) = 0xFE_002B,
    #[wasmbin(text = "i32.atomic.rmw.and")]
    I32AtomicRmwAnd(MemArg) = 0xFE_002C,
    #[wasmbin(text = "i64.atomic.rmw.and")]
    I64AtomicRmwAnd(MemArg) = 0xFE_002D,
    #[wasmbin(text = "i32.atomic.rmw8.and_u")]
    I32AtomicRmw8AndU(MemArg) = 0xFE_002E,
    #[wasmbin(text = "i32.atomic.rmw16.and_u")]
    I32AtomicRmw16AndU(MemArg) = 0xFE_002F,
    #[wasmbin(text = "i64.atomic.rmw8.and_u")]
    I64AtomicRmw8AndU(MemArg) = 0xFE_0030,
    #[wasmbin(text = "i64.atomic.rmw16.and_u")]
    I64AtomicRmw16AndU(MemArg) = 0xFE_0031,
    #[wasmbin(text = "i64.atomic.rmw32.and_u")]
    I64AtomicRmw32AndU(MemArg) = 0xFE_0032,
    #[wasmbin(text = "i32.atomic.rmw.or")]
    I32AtomicRmwOr(MemArg) = 0xFE_0033,
    #[wasmbin(text = "i64.atomic.rmw.or")]
    I64AtomicRmwOr(MemArg) = 0xFE_0034,
    #[wasmbin(text = "i32.atomic.rmw8.or_u")]
    I32AtomicRmw8OrU(MemArg) = 0xFE_0035,
    #[wasmbin(text = "i32.atomic.rmw16.or_u")]
    I32AtomicRmw16OrU(MemArg) = 0xFE_0036,
    #[wasmbin(text = "i64.atomic.rmw8.or_u")]
    I64AtomicRmw8OrU(MemArg) = 0xFE_0037,
    #[wasmbin(text = "i64.atomic.rmw16.or_u")]
    I64AtomicRmw16OrU(MemArg) = 0xFE_0038,
    #[wasmbin(text = "i64.atomic.rmw32.or_u")]
    I64AtomicRmw32OrU(MemArg) = 0xFE_0039,
    #[wasmbin(text = "i32.atomic.rmw.xor")]
    I32AtomicRmwXor(MemArg) = 0xFE_003A,
    #[wasmbin(text = "i64.atomic.rmw.xor")]
    I64AtomicRmwXor(MemArg) = 0xFE_003B,
    #[wasmbin(text = "i32.atomic.rmw8.xor_u")]
    I32AtomicRmw8XorU(MemArg) = 0xFE_003C,
    #[wasmbin(text = "i32.atomic.rmw16.xor_u")]
    I32AtomicRmw16XorU(MemArg) = 0xFE_003D,
    #[wasmbin(text = "i64.atomic.rmw8.xor_u")]
    I64AtomicRmw8XorU(MemArg) = 0xFE_003E,
    #[wasmbin(text = "i64.atomic.rmw16.xor_u")]
    I64AtomicRmw16XorU(MemArg) = 0xFE_003F,
    #[wasmbin(text = "i64.atomic.rmw32.xor_u")]
    I64AtomicRmw32XorU(MemArg) = 0xFE_0040,
    #[wasmbin(text = "i32.atomic.rmw.xchg")]
    I32AtomicRmwXchg(MemArg) = 0xFE_0041,
    #[wasmbin(text = "i64.atomic.rmw.xchg")]
    I64AtomicRmwXchg(MemArg) = 0xFE_0042,
    #[wasmbin(text = "i32.atomic.rmw8.xchg_u")]
    I32AtomicRmw8XchgU(MemArg) = 0xFE_0043,
    #[wasmbin(text = "i32.atomic.rmw16.xchg_u")]
    I32AtomicRmw16XchgU(MemArg) = 0xFE_0044,
    #[wasmbin(text = "i64.atomic.rmw8.xchg_u")]
    I64AtomicRmw8XchgU(MemArg) = 0xFE_0045,
    #[wasmbin(text = "i64.atomic.rmw16.xchg_u")]
    I64AtomicRmw16XchgU(MemArg) = 0xFE_0046,
    #[wasmbin(text = "i64.atomic.rmw32.xchg_u")]
    I64AtomicRmw32XchgU(MemArg) = 0xFE_0047,
    #[wasmbin(text = "i32.atomic.rmw.cmpxchg")]
    I32AtomicRmwCmpxchg(MemArg) = 0xFE_0048,
    #[wasmbin(text = "i64.atomic.rmw.cmpxchg")]
    I64AtomicRmwCmpxchg(MemArg) = 0xFE_0049,
    #[wasmbin(text = "i32.atomic.rmw8.cmpxchg_u")]
    I32AtomicRmw8CmpxchgU(MemArg) = 0xFE_004A,
    #[wasmbin(text = "i32.atomic.rmw16.cmpxchg_u")]
    I32AtomicRmw16CmpxchgU(MemArg) = 0xFE_004B,
    #[wasmbin(text = "i64.atomic.rmw8.cmpxchg_u")]
    I64AtomicRmw8CmpxchgU(MemArg) = 0xFE_004C,
    #[wasmbin(text = "i64.atomic.rmw16.cmpxchg_u")]
    I64AtomicRmw16CmpxchgU(MemArg) = 0xFE_004D,
    #[wasmbin(text = "i64.atomic.rmw32.cmpxchg_u")]
    I64AtomicRmw32CmpxchgU(MemArg) = 0xFE_004E,

    // 0xFE prefix: atomic accesses to globals, tables, structs and arrays
    // ([shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#instructions)).
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.get")]
    GlobalAtomicGet(AtomicOrdering, GlobalIdx) = 0xFE_004F,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.set")]
    GlobalAtomicSet(AtomicOrdering, GlobalIdx) = 0xFE_0050,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.rmw.add")]
    GlobalAtomicRmwAdd(AtomicOrdering, GlobalIdx) = 0xFE_0051,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.rmw.sub")]
    GlobalAtomicRmwSub(AtomicOrdering, GlobalIdx) = 0xFE_0052,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.rmw.and")]
    GlobalAtomicRmwAnd(AtomicOrdering, GlobalIdx) = 0xFE_0053,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.rmw.or")]
    GlobalAtomicRmwOr(AtomicOrdering, GlobalIdx) = 0xFE_0054,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.rmw.xor")]
    GlobalAtomicRmwXor(AtomicOrdering, GlobalIdx) = 0xFE_0055,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.rmw.xchg")]
    GlobalAtomicRmwXchg(AtomicOrdering, GlobalIdx) = 0xFE_0056,
    /// Immediates: `ordering global`.
    #[wasmbin(text = "global.atomic.rmw.cmpxchg")]
    GlobalAtomicRmwCmpxchg(AtomicOrdering, GlobalIdx) = 0xFE_0057,
    /// Immediates: `ordering table`.
    #[wasmbin(text = "table.atomic.get")]
    TableAtomicGet(AtomicOrdering, TableIdx) = 0xFE_0058,
    /// Immediates: `ordering table`.
    #[wasmbin(text = "table.atomic.set")]
    TableAtomicSet(AtomicOrdering, TableIdx) = 0xFE_0059,
    /// Immediates: `ordering table`.
    #[wasmbin(text = "table.atomic.rmw.xchg")]
    TableAtomicRmwXchg(AtomicOrdering, TableIdx) = 0xFE_005A,
    /// Immediates: `ordering table`.
    #[wasmbin(text = "table.atomic.rmw.cmpxchg")]
    TableAtomicRmwCmpxchg(AtomicOrdering, TableIdx) = 0xFE_005B,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.get")]
    StructAtomicGet(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005C,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.get_s")]
    StructAtomicGetS(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005D,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.get_u")]
    StructAtomicGetU(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005E,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.set")]
    StructAtomicSet(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_005F,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.rmw.add")]
    StructAtomicRmwAdd(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0060,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.rmw.sub")]
    StructAtomicRmwSub(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0061,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.rmw.and")]
    StructAtomicRmwAnd(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0062,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.rmw.or")]
    StructAtomicRmwOr(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0063,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.rmw.xor")]
    StructAtomicRmwXor(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0064,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.rmw.xchg")]
    StructAtomicRmwXchg(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0065,
    /// Immediates: `ordering type field`.
    #[wasmbin(text = "struct.atomic.rmw.cmpxchg")]
    StructAtomicRmwCmpxchg(AtomicOrdering, TypeIdx, FieldIdx) = 0xFE_0066,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.get")]
    ArrayAtomicGet(AtomicOrdering, TypeIdx) = 0xFE_0067,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.get_s")]
    ArrayAtomicGetS(AtomicOrdering, TypeIdx) = 0xFE_0068,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.get_u")]
    ArrayAtomicGetU(AtomicOrdering, TypeIdx) = 0xFE_0069,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.set")]
    ArrayAtomicSet(AtomicOrdering, TypeIdx) = 0xFE_006A,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.rmw.add")]
    ArrayAtomicRmwAdd(AtomicOrdering, TypeIdx) = 0xFE_006B,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.rmw.sub")]
    ArrayAtomicRmwSub(AtomicOrdering, TypeIdx) = 0xFE_006C,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.rmw.and")]
    ArrayAtomicRmwAnd(AtomicOrdering, TypeIdx) = 0xFE_006D,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.rmw.or")]
    ArrayAtomicRmwOr(AtomicOrdering, TypeIdx) = 0xFE_006E,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.rmw.xor")]
    ArrayAtomicRmwXor(AtomicOrdering, TypeIdx) = 0xFE_006F,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.rmw.xchg")]
    ArrayAtomicRmwXchg(AtomicOrdering, TypeIdx) = 0xFE_0070,
    /// Immediates: `ordering type`.
    #[wasmbin(text = "array.atomic.rmw.cmpxchg")]
    ArrayAtomicRmwCmpxchg(AtomicOrdering, TypeIdx) = 0xFE_0071,
    #[wasmbin(text = "ref.i31_shared")]
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

    /// The error for the instruction at absolute offset `start` (instruction `index` of
    /// the expression) that [`Frames::step`] refused with `message`, as decoding an
    /// expression reports it (also for the code that reads bodies on their bytes).
    #[cold]
    pub(crate) fn misplaced(
        reader: &Reader<'_>,
        start: usize,
        index: u32,
        message: &'static str,
    ) -> DecodeError {
        reader
            .error_at(start, ErrorKind::Malformed(message.into()))
            .within(PathSegment::Item {
                kind: "instruction",
                index,
            })
    }

    #[inline(always)]
    fn top(&self) -> u8 {
        (self.inline & 0xF) as u8
    }

    #[inline(always)]
    fn replace(&mut self, kind: u8) -> Result<bool, &'static str> {
        self.inline = (self.inline & !0xF) | u64::from(kind);
        Ok(false)
    }

    #[inline(always)]
    fn push(&mut self, kind: u8) -> Result<bool, &'static str> {
        // `depth + 1` frames are open, the expression's own included.
        if self.depth + 1 >= Self::INLINE {
            self.spilled.push((self.inline >> (u64::BITS - 4)) as u8);
        }
        self.inline = (self.inline << 4) | u64::from(kind);
        self.depth += 1;
        Ok(false)
    }

    #[inline(always)]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
                Err(message) => return Err(Frames::misplaced(reader, start, index, message)),
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
