//! The [text format](https://webassembly.github.io/spec/core/text/types.html) of types and
//! instructions: `Display` for value, reference, heap, function, table, memory, global and
//! external types, and for [`Instruction`]s with their immediates; [`Mnemonic`], each
//! instruction's text-format name and opcode.
//!
//! ```
//! use wasmbin::indices::TypeIdx;
//! use wasmbin::io::S33;
//! use wasmbin::types::{FuncType, HeapType, RefType, ValueType};
//! let ty = FuncType {
//!     params: vec![ValueType::I32, ValueType::Ref(RefType::RefNull(HeapType::Concrete(S33(TypeIdx(57)))))],
//!     results: vec![ValueType::I64],
//! };
//! assert_eq!(ty.to_string(), "(func (param i32 (ref null 57)) (result i64))");
//! assert_eq!(ValueType::Ref(RefType::FuncRef).to_string(), "funcref");
//! ```
//!
//! Instructions print as one line of the flat text format, with numeric indices
//! (the name section is not consulted) and without the label comments of disassemblers:
//!
//! ```
//! use wasmbin::indices::{LabelIdx, MemIdx};
//! use wasmbin::instructions::{BrTable, Instruction, MemArg};
//! use wasmbin::text::Mnemonic;
//! let load = Instruction::I32Load(MemArg::new(2, MemIdx(0), 8));
//! assert_eq!(load.mnemonic(), "i32.load");
//! // Offset 8; the alignment is 2^2, the natural one of `i32.load`, so it is left out.
//! assert_eq!(load.to_string(), "i32.load offset=8");
//! let table = BrTable { labels: vec![LabelIdx(0), LabelIdx(1)], default: LabelIdx(2) };
//! assert_eq!(Instruction::BrTable(Box::new(table)).to_string(), "br_table 0 1 2");
//! assert_eq!(Instruction::I32Const(-1).to_string(), "i32.const -1");
//! ```

use crate::index_space::ExternType;
use crate::indices::*;
use crate::instructions::{
    AtomicOrdering, BrOnCast, BrTable, Catch, Handler, Instruction, MemArg, Resume, ResumeThrow,
    TryTable,
};
use crate::io::{F32, F64, V128};
use crate::types::{
    AbsHeapType, AddressType, BlockType, FuncType, GlobalType, HeapType, Limits, MemType, Mut,
    RefType, TableType, ValueType,
};
use std::fmt::{self, Display, Formatter};

/// The keyword: `func`, `noextern`.
///
/// ```
/// use wasmbin::types::AbsHeapType;
/// assert_eq!(AbsHeapType::Func.to_string(), "func");
/// assert_eq!(AbsHeapType::NoExtern.to_string(), "noextern");
/// ```
impl Display for AbsHeapType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AbsHeapType::Exn => "exn",
            AbsHeapType::Array => "array",
            AbsHeapType::Struct => "struct",
            AbsHeapType::I31 => "i31",
            AbsHeapType::Eq => "eq",
            AbsHeapType::Any => "any",
            AbsHeapType::Extern => "extern",
            AbsHeapType::Func => "func",
            AbsHeapType::None => "none",
            AbsHeapType::NoExtern => "noextern",
            AbsHeapType::NoFunc => "nofunc",
            AbsHeapType::NoExn => "noexn",
            AbsHeapType::Cont => "cont",
            AbsHeapType::NoCont => "nocont",
        })
    }
}

/// `func`, `57` (a type index), `(exact 57)`, `(shared any)`.
///
/// ```
/// use wasmbin::indices::TypeIdx;
/// use wasmbin::io::S33;
/// use wasmbin::types::{AbsHeapType, HeapType};
/// assert_eq!(HeapType::Abstract(AbsHeapType::Func).to_string(), "func");
/// assert_eq!(HeapType::Concrete(S33(TypeIdx(57))).to_string(), "57");
/// assert_eq!(HeapType::Exact(TypeIdx(57)).to_string(), "(exact 57)");
/// assert_eq!(HeapType::Shared(AbsHeapType::Any).to_string(), "(shared any)");
/// ```
impl Display for HeapType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Abstract(ty) => ty.fmt(f),
            HeapType::Concrete(index) => write!(f, "{}", index.0 .0),
            HeapType::Exact(index) => write!(f, "(exact {})", index.0),
            HeapType::Shared(ty) => write!(f, "(shared {ty})"),
        }
    }
}

/// The abbreviations (`funcref`) where the binary format used them, `(ref null ht)` and
/// `(ref ht)` otherwise.
///
/// ```
/// use wasmbin::indices::TypeIdx;
/// use wasmbin::types::{AbsHeapType, HeapType, RefType};
/// assert_eq!(RefType::FuncRef.to_string(), "funcref");
/// assert_eq!(RefType::Ref(HeapType::Abstract(AbsHeapType::Func)).to_string(), "(ref func)");
/// assert_eq!(RefType::RefNull(HeapType::Exact(TypeIdx(3))).to_string(), "(ref null (exact 3))");
/// ```
impl Display for RefType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let short = match self {
            RefType::ExnRef => "exnref",
            RefType::ArrayRef => "arrayref",
            RefType::StructRef => "structref",
            RefType::I31Ref => "i31ref",
            RefType::EqRef => "eqref",
            RefType::AnyRef => "anyref",
            RefType::ExternRef => "externref",
            RefType::FuncRef => "funcref",
            RefType::NullRef => "nullref",
            RefType::NullExternRef => "nullexternref",
            RefType::NullFuncRef => "nullfuncref",
            RefType::NullExnRef => "nullexnref",
            RefType::ContRef => "contref",
            RefType::NullContRef => "nullcontref",
            RefType::RefNull(ht) => return write!(f, "(ref null {ht})"),
            RefType::Ref(ht) => return write!(f, "(ref {ht})"),
            RefType::SharedRef(ty) => return write!(f, "(ref null (shared {ty}))"),
        };
        f.write_str(short)
    }
}

/// `i32`, `v128` …, a reference type as [`RefType`] writes it.
///
/// ```
/// use wasmbin::types::{RefType, ValueType};
/// assert_eq!(ValueType::V128.to_string(), "v128");
/// assert_eq!(ValueType::Ref(RefType::ExternRef).to_string(), "externref");
/// ```
impl Display for ValueType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueType::I32 => "i32",
            ValueType::I64 => "i64",
            ValueType::F32 => "f32",
            ValueType::F64 => "f64",
            ValueType::V128 => "v128",
            ValueType::Ref(ty) => return ty.fmt(f),
        })
    }
}

/// Writes ` (keyword t1 t2 …)`, nothing for no types.
fn write_types(f: &mut Formatter<'_>, keyword: &str, types: &[ValueType]) -> fmt::Result {
    if types.is_empty() {
        return Ok(());
    }
    write!(f, " ({keyword}")?;
    for ty in types {
        write!(f, " {ty}")?;
    }
    f.write_str(")")
}

/// `(func (param i32 i32) (result i64))`.
///
/// ```
/// use wasmbin::types::{FuncType, ValueType};
/// let ty = FuncType { params: vec![ValueType::I32, ValueType::I32], results: vec![ValueType::I64] };
/// assert_eq!(ty.to_string(), "(func (param i32 i32) (result i64))");
/// assert_eq!(FuncType { params: vec![], results: vec![] }.to_string(), "(func)");
/// ```
impl Display for FuncType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        write_types(f, "param", &self.params)?;
        write_types(f, "result", &self.results)?;
        f.write_str(")")
    }
}

/// `i64 1 10 shared (pagesize 1)`: the address type when 64-bit, the minimum, the maximum
/// if any, `shared`, and a custom page size.
///
/// ```
/// use wasmbin::types::{AddressType, Limits};
/// let limits = Limits { min: 1, max: Some(10), ..Limits::default() };
/// assert_eq!(limits.to_string(), "1 10");
/// let wide = Limits { address_type: AddressType::I64, shared: true, page_size_log2: Some(0), ..limits };
/// assert_eq!(wide.to_string(), "i64 1 10 shared (pagesize 1)");
/// ```
impl Display for Limits {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.address_type {
            AddressType::I32 => {}
            AddressType::I64 => f.write_str("i64 ")?,
        }
        write!(f, "{}", self.min)?;
        if let Some(max) = self.max {
            write!(f, " {max}")?;
        }
        if self.shared {
            f.write_str(" shared")?;
        }
        if let Some(log2) = self.page_size_log2 {
            let size = 1u64.checked_shl(log2).unwrap_or(0);
            write!(f, " (pagesize {size})")?;
        }
        Ok(())
    }
}

/// `(memory 1 10)`.
///
/// ```
/// use wasmbin::types::{Limits, MemType};
/// let memory = MemType { limits: Limits { min: 1, max: Some(10), ..Limits::default() } };
/// assert_eq!(memory.to_string(), "(memory 1 10)");
/// ```
impl Display for MemType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "(memory {})", self.limits)
    }
}

/// `(table 1 10 funcref)`.
///
/// ```
/// use wasmbin::types::{Limits, RefType, TableType};
/// let table = TableType { element: RefType::FuncRef, limits: Limits { min: 1, ..Limits::default() } };
/// assert_eq!(table.to_string(), "(table 1 funcref)");
/// ```
impl Display for TableType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "(table {} {})", self.limits, self.element)
    }
}

/// `(global i32)`, `(global (mut i32))`, `(global (shared (mut i32)))`.
///
/// ```
/// use wasmbin::types::{GlobalType, Mut, ValueType};
/// let counter = GlobalType { ty: ValueType::I32, mutability: Mut::Var };
/// assert_eq!(counter.to_string(), "(global (mut i32))");
/// let shared = GlobalType { ty: ValueType::I64, mutability: Mut::SharedConst };
/// assert_eq!(shared.to_string(), "(global (shared i64))");
/// ```
impl Display for GlobalType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.mutability {
            Mut::Const => write!(f, "(global {})", self.ty),
            Mut::Var => write!(f, "(global (mut {}))", self.ty),
            Mut::SharedConst => write!(f, "(global (shared {}))", self.ty),
            Mut::SharedVar => write!(f, "(global (shared (mut {})))", self.ty),
        }
    }
}

/// The type's own form; a tag as `(tag (param i32))`.
///
/// ```
/// use wasmbin::Module;
/// let wasm = wat::parse_str(r#"(module (import "env" "e" (tag (param i32))) (import "env" "g" (global f32)))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// let types: Vec<String> = module.imports()?.iter().map(|(_, _, ty)| ty.to_string()).collect();
/// assert_eq!(types, ["(tag (param i32))", "(global f32)"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Display for ExternType<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(ty) => ty.fmt(f),
            ExternType::Table(ty) => ty.fmt(f),
            ExternType::Memory(ty) => ty.fmt(f),
            ExternType::Global(ty) => ty.fmt(f),
            ExternType::Tag(ty) => {
                f.write_str("(tag")?;
                write_types(f, "param", &ty.params)?;
                write_types(f, "result", &ty.results)?;
                f.write_str(")")
            }
        }
    }
}

/// An opcode: the byte that starts an instruction, or a prefix byte and the `u32` sub-opcode
/// that follows it.
///
/// ```
/// use wasmbin::instructions::Instruction;
/// use wasmbin::text::{Mnemonic, Opcode};
/// assert_eq!(Instruction::I32Add.opcode(), Opcode { prefix: None, code: 0x6A });
/// assert_eq!(Instruction::I32TruncSatF32S.opcode().to_string(), "0xFC 0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Opcode {
    /// The prefix byte (`0xFB` … `0xFE`) of a prefixed opcode.
    pub prefix: Option<u8>,
    /// The opcode byte, or the sub-opcode after the prefix.
    pub code: u32,
}

/// `0x6A`, or `0xFC 0` for a prefixed opcode (as the spec's tables write them).
impl Display for Opcode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.prefix {
            None => write!(f, "{:#04X}", self.code),
            Some(prefix) => write!(f, "{prefix:#04X} {}", self.code),
        }
    }
}

/// An enum of instructions whose variants carry their text-format names: what
/// `#[derive(Wasmbin)]` implements when every variant has a `#[wasmbin(text = "…")]`
/// attribute (as each [`Instruction`] variant has, next to its opcode).
///
/// ```
/// use wasmbin::instructions::Instruction;
/// use wasmbin::text::Mnemonic;
/// assert_eq!(Instruction::I32TruncSatF32S.mnemonic(), "i32.trunc_sat_f32_s");
/// assert_eq!(Instruction::I32TruncSatF32S.opcode().prefix, Some(0xFC));
/// ```
pub trait Mnemonic {
    /// Every variant's opcode and name, in the order of the variants.
    ///
    /// ```
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::text::{Mnemonic, Opcode};
    /// let add = Opcode { prefix: None, code: 0x6A };
    /// assert!(Instruction::OPCODES.contains(&(add, "i32.add")));
    /// ```
    const OPCODES: &'static [(Opcode, &'static str)];

    /// The variant's position in [`OPCODES`](Self::OPCODES).
    ///
    /// ```
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::text::Mnemonic;
    /// let add = Instruction::I32Add;
    /// assert_eq!(Instruction::OPCODES[add.position()].1, "i32.add");
    /// ```
    fn position(&self) -> usize;

    /// The name in the text format: `i32.trunc_sat_f32_s`.
    ///
    /// ```
    /// use wasmbin::indices::LocalIdx;
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::text::Mnemonic;
    /// assert_eq!(Instruction::LocalGet(LocalIdx(0)).mnemonic(), "local.get");
    /// assert_eq!(Instruction::I32TruncSatF32S.mnemonic(), "i32.trunc_sat_f32_s");
    /// ```
    #[inline]
    fn mnemonic(&self) -> &'static str {
        Self::OPCODES[self.position()].1
    }

    /// The opcode of the binary format.
    ///
    /// ```
    /// use wasmbin::indices::LocalIdx;
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::text::{Mnemonic, Opcode};
    /// assert_eq!(Instruction::LocalGet(LocalIdx(0)).opcode(), Opcode { prefix: None, code: 0x20 });
    /// assert_eq!(Instruction::I32TruncSatF32S.opcode(), Opcode { prefix: Some(0xFC), code: 0 });
    /// ```
    #[inline]
    fn opcode(&self) -> Opcode {
        Self::OPCODES[self.position()].0
    }

    /// Writes the immediates, each with the space before it, in the order of the fields
    /// (each by its [`Immediate`] impl); nothing for an instruction without immediates.
    ///
    /// ```
    /// use std::fmt;
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::text::Mnemonic;
    /// struct Immediates<'a>(&'a Instruction);
    /// impl fmt::Display for Immediates<'_> {
    ///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    ///         self.0.write_immediates(f)
    ///     }
    /// }
    /// assert_eq!(Immediates(&Instruction::Call(FuncIdx(5))).to_string(), " 5");
    /// ```
    fn write_immediates(&self, f: &mut Formatter<'_>) -> fmt::Result;
}

/// An immediate of an instruction, as the text format writes it after the mnemonic.
///
/// ```
/// use std::fmt;
/// use wasmbin::indices::LabelIdx;
/// use wasmbin::text::Immediate;
/// struct Text<T>(T, &'static str);
/// impl<T: Immediate> fmt::Display for Text<T> {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         self.0.write_immediate(f, self.1)
///     }
/// }
/// assert_eq!(Text(LabelIdx(3), "br").to_string(), " 3");
/// ```
pub trait Immediate {
    /// Writes the immediate with the space before it (or nothing, for a value that the
    /// text format leaves out), for the instruction named `mnemonic` (the default
    /// alignment of a memory argument depends on it).
    ///
    /// ```
    /// use std::fmt;
    /// use wasmbin::indices::MemIdx;
    /// use wasmbin::instructions::MemArg;
    /// use wasmbin::text::Immediate;
    /// struct Text<'a>(&'a MemArg, &'static str);
    /// impl fmt::Display for Text<'_> {
    ///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    ///         self.0.write_immediate(f, self.1)
    ///     }
    /// }
    /// let arg = MemArg::new(2, MemIdx(0), 8); // alignment 2^2, offset 8
    /// assert_eq!(Text(&arg, "i32.load").to_string(), " offset=8"); // the natural alignment
    /// assert_eq!(Text(&arg, "i64.load").to_string(), " offset=8 align=4");
    /// ```
    fn write_immediate(&self, f: &mut Formatter<'_>, mnemonic: &str) -> fmt::Result;
}

impl<T: Immediate> Immediate for Box<T> {
    fn write_immediate(&self, f: &mut Formatter<'_>, mnemonic: &str) -> fmt::Result {
        (**self).write_immediate(f, mnemonic)
    }
}

/// Numbers and indices: ` 5`.
macro_rules! plain_immediates {
    ($($ty:ty => |$value:ident| $shown:expr;)*) => {$(
        impl Immediate for $ty {
            fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
                let $value = self;
                write!(f, " {}", $shown)
            }
        }
    )*};
}

plain_immediates! {
    u8 => |lane| lane;
    u32 => |count| count;
    i32 => |value| value;
    i64 => |value| value;
    TypeIdx => |index| index.0;
    FuncIdx => |index| index.0;
    TableIdx => |index| index.0;
    MemIdx => |index| index.0;
    GlobalIdx => |index| index.0;
    ElemIdx => |index| index.0;
    DataIdx => |index| index.0;
    LocalIdx => |index| index.0;
    LabelIdx => |index| index.0;
    TagIdx => |index| index.0;
    FieldIdx => |index| index.0;
    HeapType => |ty| ty;
    F32 => |value| HexFloat::f32(value.0);
    F64 => |value| HexFloat::f64(value.0);
    AtomicOrdering => |ordering| match ordering {
        AtomicOrdering::SeqCst => "seqcst",
        AtomicOrdering::AcqRel => "acqrel",
    };
}

/// Nothing for an empty block type, ` (result t)`, ` (type 5)`.
impl Immediate for BlockType {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        match self {
            BlockType::Empty => Ok(()),
            BlockType::Value(ty) => write!(f, " (result {ty})"),
            BlockType::FuncType(index) => write!(f, " (type {})", index.0 .0),
        }
    }
}

/// The result types of `select`: ` (result i32)`; ` (result)` for none, which is not the
/// untyped `select`.
impl Immediate for Vec<ValueType> {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        f.write_str(" (result")?;
        for ty in self {
            write!(f, " {ty}")?;
        }
        f.write_str(")")
    }
}

/// The memory if not 0, then `offset=` if not 0 and `align=` (in bytes) if not the
/// instruction's natural alignment.
impl Immediate for MemArg {
    fn write_immediate(&self, f: &mut Formatter<'_>, mnemonic: &str) -> fmt::Result {
        if self.memory().0 != 0 {
            write!(f, " {}", self.memory().0)?;
        }
        if self.offset() != 0 {
            write!(f, " offset={}", self.offset())?;
        }
        if self.align() != natural_alignment(mnemonic) {
            match 1u64.checked_shl(self.align().into()) {
                Some(bytes) => write!(f, " align={bytes}")?,
                // Not encodable either (at most 2^63).
                None => write!(f, " align=2^{}", self.align())?,
            }
        }
        Ok(())
    }
}

/// The natural alignment (a power of two) of the memory instruction named `mnemonic`: its
/// access size, which the text format reads from the name. The size in bits follows `load`,
/// `store`, `rmw` or `wait` (`i64.load8_s`, `i64.atomic.rmw16.add_u`; a product for
/// `v128.load8x8_s`), or else is that of the type before the first dot (`i64.store`,
/// `v128.load`), 32 for `memory.atomic.notify`.
fn natural_alignment(mnemonic: &str) -> u8 {
    let mut parts = mnemonic.split('.');
    let ty = parts.next().unwrap_or_default();
    let access = parts.find_map(|part| {
        let (bits, rest) =
            leading_number(part.trim_start_matches(|c: char| c.is_ascii_lowercase()))?;
        match rest.strip_prefix('x').and_then(leading_number) {
            Some((lanes, _)) => Some(bits * lanes),
            None => Some(bits),
        }
    });
    let bits = access
        .or_else(|| {
            leading_number(ty.trim_start_matches(|c: char| c.is_ascii_lowercase()))
                .map(|(bits, _)| bits)
        })
        .unwrap_or(32);
    (bits / 8).max(1).trailing_zeros() as u8
}

/// The decimal number at the start of `text`, and the rest.
fn leading_number(text: &str) -> Option<(u32, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    Some((text[..end].parse().ok()?, &text[end..]))
}

/// ` l1 l2 … default`.
impl Immediate for BrTable {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        for label in self.labels.iter().chain([&self.default]) {
            write!(f, " {}", label.0)?;
        }
        Ok(())
    }
}

/// The block type, then ` (catch tag label)`, ` (catch_all label)` … for each handler.
impl Immediate for TryTable {
    fn write_immediate(&self, f: &mut Formatter<'_>, mnemonic: &str) -> fmt::Result {
        self.block_type.write_immediate(f, mnemonic)?;
        for catch in &self.catches {
            match catch {
                Catch::Catch(tag, label) => write!(f, " (catch {} {})", tag.0, label.0)?,
                Catch::CatchRef(tag, label) => write!(f, " (catch_ref {} {})", tag.0, label.0)?,
                Catch::CatchAll(label) => write!(f, " (catch_all {})", label.0)?,
                Catch::CatchAllRef(label) => write!(f, " (catch_all_ref {})", label.0)?,
            }
        }
        Ok(())
    }
}

/// ` (on tag label)` or ` (on tag switch)` for each handler.
fn write_handlers(f: &mut Formatter<'_>, handlers: &[Handler]) -> fmt::Result {
    for handler in handlers {
        match handler {
            Handler::OnLabel(tag, label) => write!(f, " (on {} {})", tag.0, label.0)?,
            Handler::OnSwitch(tag) => write!(f, " (on {} switch)", tag.0)?,
        }
    }
    Ok(())
}

/// ` cont (on …)*`.
impl Immediate for Resume {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        write!(f, " {}", self.cont.0)?;
        write_handlers(f, &self.handlers)
    }
}

/// ` cont tag (on …)*`.
impl Immediate for ResumeThrow {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        write!(f, " {} {}", self.cont.0, self.tag.0)?;
        write_handlers(f, &self.handlers)
    }
}

/// ` label rt1 rt2`, the reference types from the flags and heap types.
impl Immediate for BrOnCast {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        write!(f, " {} ", self.label.0)?;
        write_ref_type(f, self.flags.from_nullable(), self.from)?;
        f.write_str(" ")?;
        write_ref_type(f, self.flags.to_nullable(), self.to)
    }
}

/// ` i32x4 0x03020100 …`: four little-endian 32-bit lanes in hexadecimal.
impl Immediate for V128 {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        f.write_str(" i32x4")?;
        for lane in self.0.chunks_exact(4) {
            let lane = u32::from_le_bytes([lane[0], lane[1], lane[2], lane[3]]);
            write!(f, " {lane:#010x}")?;
        }
        Ok(())
    }
}

/// The sixteen lane indices of `i8x16.shuffle`.
impl Immediate for [u8; 16] {
    fn write_immediate(&self, f: &mut Formatter<'_>, _: &str) -> fmt::Result {
        for lane in self {
            write!(f, " {lane}")?;
        }
        Ok(())
    }
}

/// A reference type given by its nullability and heap type (as the immediates of casts
/// give it), abbreviated where the text format has an abbreviation: `funcref`,
/// `(ref null 5)`, `(ref any)`.
fn write_ref_type(f: &mut Formatter<'_>, nullable: bool, heap_type: HeapType) -> fmt::Result {
    let ty = match (nullable, heap_type) {
        (true, HeapType::Abstract(ty)) => RefType::abbreviation(ty),
        (true, ht) => RefType::RefNull(ht),
        (false, ht) => RefType::Ref(ht),
    };
    ty.fmt(f)
}

/// A float in the text format's exact hexadecimal notation: `0x1.8p+1`, `-0x0p+0`, `inf`,
/// `nan`, `nan:0x200001` (a NaN with another payload than the canonical one).
struct HexFloat {
    bits: u64,
    /// Bits of the significand after the leading one.
    fraction_bits: u32,
    exponent_bits: u32,
}

impl HexFloat {
    fn f32(value: f32) -> Self {
        HexFloat {
            bits: value.to_bits().into(),
            fraction_bits: 23,
            exponent_bits: 8,
        }
    }

    fn f64(value: f64) -> Self {
        HexFloat {
            bits: value.to_bits(),
            fraction_bits: 52,
            exponent_bits: 11,
        }
    }
}

impl Display for HexFloat {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let HexFloat {
            bits,
            fraction_bits,
            exponent_bits,
        } = *self;
        if bits >> (fraction_bits + exponent_bits) & 1 == 1 {
            f.write_str("-")?;
        }
        let fraction_mask = (1u64 << fraction_bits) - 1;
        let fraction = bits & fraction_mask;
        let biased = (bits >> fraction_bits) & ((1 << exponent_bits) - 1);
        let bias = (1i64 << (exponent_bits - 1)) - 1;
        if biased == (1 << exponent_bits) - 1 {
            return match fraction {
                0 => f.write_str("inf"),
                canonical if canonical == 1 << (fraction_bits - 1) => f.write_str("nan"),
                payload => write!(f, "nan:{payload:#x}"),
            };
        }
        if biased == 0 && fraction == 0 {
            return f.write_str("0x0p+0");
        }
        let (exponent, fraction) = if biased == 0 {
            // Subnormal: fraction × 2^(1 - bias - fraction_bits); move its highest one bit
            // to the leading position.
            let shift = fraction.leading_zeros() - (63 - fraction_bits);
            (
                1 - bias - i64::from(shift),
                (fraction << shift) & fraction_mask,
            )
        } else {
            (biased as i64 - bias, fraction)
        };
        f.write_str("0x1")?;
        if fraction != 0 {
            // Whole hexadecimal digits, without the trailing zeros.
            let mut digits = fraction_bits.div_ceil(4);
            let mut fraction = fraction << (digits * 4 - fraction_bits);
            while fraction & 0xF == 0 {
                fraction >>= 4;
                digits -= 1;
            }
            write!(f, ".{fraction:0width$x}", width = digits as usize)?;
        }
        write!(f, "p{exponent:+}")
    }
}

/// The instruction in the flat text format: its mnemonic and immediates, indices as
/// numbers. Where the text format lets a default be left out, it is: memory and table 0
/// (`memory.size`, `call_indirect`, `memory.copy` …), the natural alignment and offset 0
/// of a memory argument, the `seqcst` ordering of `atomic.fence`.
///
/// ```
/// use wasmbin::indices::{TableIdx, TypeIdx};
/// use wasmbin::instructions::Instruction;
/// use wasmbin::io::F32;
/// use wasmbin::types::{AbsHeapType, HeapType};
/// assert_eq!(Instruction::CallIndirect(TypeIdx(3), TableIdx(0)).to_string(), "call_indirect (type 3)");
/// assert_eq!(Instruction::F32Const(F32(-1.5)).to_string(), "f32.const -0x1.8p+0");
/// let cast = Instruction::RefCastNull(HeapType::Abstract(AbsHeapType::Func));
/// assert_eq!(cast.to_string(), "ref.cast funcref");
/// ```
impl Display for Instruction {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.mnemonic())?;
        // The forms that leave out defaults or reorder the fields; every other instruction
        // writes its fields in order.
        match *self {
            Instruction::CallIndirect(ty, table) | Instruction::ReturnCallIndirect(ty, table) => {
                if table.0 != 0 {
                    write!(f, " {}", table.0)?;
                }
                write!(f, " (type {})", ty.0)
            }
            Instruction::MemorySize(memory)
            | Instruction::MemoryGrow(memory)
            | Instruction::MemoryFill(memory)
            | Instruction::MemoryDiscard(memory) => {
                if memory.0 != 0 {
                    write!(f, " {}", memory.0)?;
                }
                Ok(())
            }
            Instruction::MemoryInit(data, memory) => {
                if memory.0 != 0 {
                    write!(f, " {}", memory.0)?;
                }
                write!(f, " {}", data.0)
            }
            Instruction::TableInit(elem, table) => {
                if table.0 != 0 {
                    write!(f, " {}", table.0)?;
                }
                write!(f, " {}", elem.0)
            }
            Instruction::MemoryCopy { dst, src } if dst.0 == 0 && src.0 == 0 => Ok(()),
            Instruction::TableCopy { dst, src } if dst.0 == 0 && src.0 == 0 => Ok(()),
            Instruction::AtomicFence(AtomicOrdering::SeqCst) => Ok(()),
            Instruction::RefTest(ty)
            | Instruction::RefCast(ty)
            | Instruction::RefCastDescEq(ty) => {
                f.write_str(" ")?;
                write_ref_type(f, false, ty)
            }
            Instruction::RefTestNull(ty)
            | Instruction::RefCastNull(ty)
            | Instruction::RefCastDescEqNull(ty) => {
                f.write_str(" ")?;
                write_ref_type(f, true, ty)
            }
            _ => self.write_immediates(f),
        }
    }
}
