//! The [text format](https://webassembly.github.io/spec/core/text/types.html) of types:
//! `Display` for value, reference, heap, function, table, memory, global and external types.
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

use crate::index_space::ExternType;
use crate::types::{
    AbsHeapType, AddressType, FuncType, GlobalType, HeapType, Limits, MemType, Mut, RefType,
    TableType, ValueType,
};
use std::fmt::{self, Display, Formatter};

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
impl Display for MemType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "(memory {})", self.limits)
    }
}

/// `(table 1 10 funcref)`.
impl Display for TableType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "(table {} {})", self.limits, self.element)
    }
}

/// `(global i32)`, `(global (mut i32))`, `(global (shared (mut i32)))`.
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
