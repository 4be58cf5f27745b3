//! [Instructions](https://webassembly.github.io/spec/core/binary/instructions.html) and
//! expressions.
//!
//! [`Instruction`] is one flat enum: `block`, `loop`, `if` … and their `end` are items of
//! the same list, so deeply nested code never recurses. Prefixed opcodes are written
//! `0xPP_SSSS` (prefix byte, then the sub-opcode as a LEB128 `u32`).

use crate::error::{DecodeError, ErrorKind, PathSegment};
use crate::indices::*;
use crate::io::{Decode, Encode, Reader, F32, F64};
use crate::types::{BlockType, HeapType, ValueType};
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use std::io::Write;

/// [Memory argument](https://webassembly.github.io/spec/core/binary/instructions.html#memory-instructions)
/// of loads and stores: alignment, memory index (multi-memory) and offset (64-bit with memory64).
#[derive(Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MemArg {
    /// Alignment as a power of two.
    pub align: u32,
    /// The memory accessed.
    pub memory: MemIdx,
    /// Static offset added to the address.
    pub offset: u64,
}

/// Bit of the alignment field that says a memory index follows.
const MEMARG_HAS_MEMORY: u32 = 1 << 6;

impl Encode for MemArg {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        if self.align >= MEMARG_HAS_MEMORY {
            return Err(crate::error::encode_error(format!(
                "alignment exponent {} is out of range",
                self.align
            )));
        }
        if self.memory.0 == 0 {
            self.align.encode(writer)?;
        } else {
            (self.align | MEMARG_HAS_MEMORY).encode(writer)?;
            self.memory.encode(writer)?;
        }
        self.offset.encode(writer)
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
        Ok(MemArg {
            align: flags & !MEMARG_HAS_MEMORY,
            memory,
            offset: u64::decode(reader)?,
        })
    }
}

/// Targets of `br_table`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BrTable {
    /// Labels selected by index.
    pub labels: Vec<LabelIdx>,
    /// Label taken when the index is out of range.
    pub default: LabelIdx,
}

/// A handler clause of `try_table`.
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

/// An [instruction](https://webassembly.github.io/spec/core/binary/instructions.html).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(what = "opcode")]
#[non_exhaustive]
pub enum Instruction {
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
    /// `br_table labels default`
    BrTable(Box<BrTable>) = 0x0E,
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
    /// `select t*`
    SelectTyped(Box<Vec<ValueType>>) = 0x1C,
    /// `try_table bt catches` (exception handling with exnref)
    TryTable(Box<TryTable>) = 0x1F,

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
}

impl Instruction {
    /// The data segment the instruction names, if any (`memory.init`, `data.drop`,
    /// `array.new_data`, `array.init_data`).
    pub fn data_index(&self) -> Option<DataIdx> {
        match *self {
            Instruction::MemoryInit(data, _) | Instruction::DataDrop(data) => Some(data),
            _ => None,
        }
    }

    /// How the instruction changes the nesting depth of blocks: +1 for instructions that
    /// open a block (`block`, `loop`, `if`, `try`, `try_table`), -1 for those that close
    /// one (`end`, `delegate`), 0 otherwise.
    pub fn depth_change(&self) -> i32 {
        match self {
            Instruction::Block(_)
            | Instruction::Loop(_)
            | Instruction::If(_)
            | Instruction::Try(_)
            | Instruction::TryTable(_) => 1,
            Instruction::End | Instruction::Delegate(_) => -1,
            _ => 0,
        }
    }
}

/// An [expression](https://webassembly.github.io/spec/core/binary/instructions.html#expressions):
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

impl Encode for Expression {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        crate::io::write_items(writer, &self.instructions)?;
        Instruction::End.encode(writer)
    }
}

impl Decode for Expression {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mut instructions = Vec::new();
        let mut depth: u32 = 0;
        loop {
            let index = instructions.len() as u32;
            let instruction = Instruction::decode(reader).map_err(|err| {
                err.within(PathSegment::Item {
                    kind: "instruction",
                    index,
                })
            })?;
            match instruction.depth_change() {
                1 => depth += 1,
                -1 if depth == 0 => {
                    if instruction != Instruction::End {
                        return Err(reader.error(ErrorKind::Malformed(
                            "delegate outside of a try block".into(),
                        )));
                    }
                    return Ok(Expression { instructions });
                }
                -1 => depth -= 1,
                _ => {}
            }
            instructions.push(instruction);
        }
    }
}
