//! Types ([spec §5.3](https://webassembly.github.io/spec/core/binary/types.html)).

use crate::error::encode_error;
use crate::error::{DecodeError, ErrorKind};
use crate::indices::TypeIdx;
use crate::io::{Decode, Encode, Reader, S33};
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use std::io::Write;

/// [Value type](https://webassembly.github.io/spec/core/binary/types.html#value-types) (`valtype`, covering `numtype`, `vectype` and `reftype`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "value type")]
#[non_exhaustive]
pub enum ValueType {
    /// `i32`
    I32 = 0x7F,
    /// `i64`
    I64 = 0x7E,
    /// `f32`
    F32 = 0x7D,
    /// `f64`
    F64 = 0x7C,
    /// `v128`
    V128 = 0x7B,
    /// A reference type.
    Ref(RefType),
}

/// [Abstract heap type](https://webassembly.github.io/spec/core/binary/types.html#heap-types) (`absheaptype`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "heap type")]
#[non_exhaustive]
pub enum AbsHeapType {
    /// `exn` — the common supertype of exception references.
    Exn = 0x69,
    /// `array`
    Array = 0x6A,
    /// `struct`
    Struct = 0x6B,
    /// `i31`
    I31 = 0x6C,
    /// `eq`
    Eq = 0x6D,
    /// `any`
    Any = 0x6E,
    /// `extern`
    Extern = 0x6F,
    /// `func`
    Func = 0x70,
    /// `none` — the bottom of `any`.
    None = 0x71,
    /// `noextern` — the bottom of `extern`.
    NoExtern = 0x72,
    /// `nofunc` — the bottom of `func`.
    NoFunc = 0x73,
    /// `noexn` — the bottom of `exn`.
    NoExn = 0x74,
    /// `cont` — the common supertype of continuation references
    /// ([stack switching](https://github.com/WebAssembly/stack-switching/blob/main/proposals/stack-switching/Explainer.md#binary-format)).
    Cont = 0x68,
    /// `nocont` — the bottom of `cont` (stack switching).
    NoCont = 0x75,
}

/// [Heap type](https://webassembly.github.io/spec/core/binary/types.html#heap-types)
/// (`heaptype`): abstract, or a type index (encoded as a non-negative `s33`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "heap type")]
#[non_exhaustive]
pub enum HeapType {
    /// An abstract heap type.
    Abstract(AbsHeapType),
    /// A defined type.
    Concrete(S33),
    /// `(exact typeidx)`: exactly this defined type, not its subtypes (`0x62` then a `u32`;
    /// custom descriptors).
    Exact(TypeIdx) = 0x62,
    /// `(shared absheaptype)`: the shared version of an abstract heap type (`0x65` then the
    /// type;
    /// [shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#binary-format)).
    Shared(AbsHeapType) = 0x65,
}

/// [Reference type](https://webassembly.github.io/spec/core/binary/types.html#reference-types) (`reftype`),
/// in the form it was written: a one-byte abbreviation or `ref`/`ref null` with a heap type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "reference type")]
#[non_exhaustive]
pub enum RefType {
    /// `exnref` = `(ref null exn)`
    ExnRef = 0x69,
    /// `arrayref` = `(ref null array)`
    ArrayRef = 0x6A,
    /// `structref` = `(ref null struct)`
    StructRef = 0x6B,
    /// `i31ref` = `(ref null i31)`
    I31Ref = 0x6C,
    /// `eqref` = `(ref null eq)`
    EqRef = 0x6D,
    /// `anyref` = `(ref null any)`
    AnyRef = 0x6E,
    /// `externref` = `(ref null extern)`
    ExternRef = 0x6F,
    /// `funcref` = `(ref null func)`
    FuncRef = 0x70,
    /// `nullref` = `(ref null none)`
    NullRef = 0x71,
    /// `nullexternref` = `(ref null noextern)`
    NullExternRef = 0x72,
    /// `nullfuncref` = `(ref null nofunc)`
    NullFuncRef = 0x73,
    /// `nullexnref` = `(ref null noexn)`
    NullExnRef = 0x74,
    /// `contref` = `(ref null cont)`
    /// ([stack switching](https://github.com/WebAssembly/stack-switching/blob/main/proposals/stack-switching/Explainer.md#binary-format))
    ContRef = 0x68,
    /// `nullcontref` = `(ref null nocont)` (stack switching)
    NullContRef = 0x75,
    /// `(ref null ht)`
    RefNull(HeapType) = 0x63,
    /// `(ref ht)` — non-nullable.
    Ref(HeapType) = 0x64,
    /// `(ref null (shared absheaptype))`, abbreviated as the shared heap type (`0x65` then the
    /// type;
    /// [shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#binary-format)).
    SharedRef(AbsHeapType) = 0x65,
}

impl RefType {
    /// Whether the type includes `null`.
    pub fn is_nullable(&self) -> bool {
        !matches!(self, RefType::Ref(_))
    }
}

/// The one-byte reference types, each `(ref null absheaptype)` written as the abstract heap
/// type's own byte: both directions of the mapping from one list (each `match` is
/// exhaustive, so a new variant of either enum must be added here).
macro_rules! ref_abbreviations {
    ($($abbreviation:ident = $abs:ident,)*) => {
        impl RefType {
            /// The heap type, with abbreviations expanded.
            pub fn heap_type(&self) -> HeapType {
                let abs = match *self {
                    RefType::Ref(ht) | RefType::RefNull(ht) => return ht,
                    RefType::SharedRef(ty) => return HeapType::Shared(ty),
                    $(RefType::$abbreviation => AbsHeapType::$abs,)*
                };
                HeapType::Abstract(abs)
            }

            /// `(ref null abs)` in its one-byte abbreviation (`func` → `funcref`).
            pub(crate) fn abbreviation(abs: AbsHeapType) -> RefType {
                match abs {
                    $(AbsHeapType::$abs => RefType::$abbreviation,)*
                }
            }
        }
    };
}

ref_abbreviations! {
    ExnRef = Exn,
    ArrayRef = Array,
    StructRef = Struct,
    I31Ref = I31,
    EqRef = Eq,
    AnyRef = Any,
    ExternRef = Extern,
    FuncRef = Func,
    NullRef = None,
    NullExternRef = NoExtern,
    NullFuncRef = NoFunc,
    NullExnRef = NoExn,
    ContRef = Cont,
    NullContRef = NoCont,
}

/// [Block type](https://webassembly.github.io/spec/core/binary/instructions.html#control-instructions)
/// (`blocktype`): empty, one value type, or a type index (encoded as a non-negative `s33`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "block type")]
pub enum BlockType {
    /// No parameters, no results.
    Empty = 0x40,
    /// No parameters, one result.
    Value(ValueType),
    /// The function type at this index.
    FuncType(S33),
}

/// [Function type](https://webassembly.github.io/spec/core/binary/types.html#function-types) (`functype`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x60, what = "function type")]
pub struct FuncType {
    /// Parameter types.
    pub params: Vec<ValueType>,
    /// Result types.
    pub results: Vec<ValueType>,
}

/// [Storage type](https://webassembly.github.io/spec/core/binary/types.html#aggregate-types) (`storagetype`)
/// of a struct field or array element.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "storage type")]
pub enum StorageType {
    /// Packed `i8`.
    I8 = 0x78,
    /// Packed `i16`.
    I16 = 0x77,
    /// A value type.
    Value(ValueType),
}

/// Mutability of a global or field: the
/// [`mut`](https://webassembly.github.io/spec/core/binary/types.html#global-types) byte, which
/// for globals is a flags byte (bit 0 mutable, bit 1
/// [shared](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#types)).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "mutability")]
#[non_exhaustive]
pub enum Mut {
    /// Immutable.
    Const = 0x00,
    /// Mutable.
    Var = 0x01,
    /// Immutable and shared between threads (globals only; shared-everything threads).
    SharedConst = 0x02,
    /// Mutable and shared between threads (globals only; shared-everything threads).
    SharedVar = 0x03,
}

impl Mut {
    /// Whether the value can be written.
    pub fn is_mutable(self) -> bool {
        matches!(self, Mut::Var | Mut::SharedVar)
    }

    /// Whether the global is shared between threads (shared-everything threads).
    pub fn is_shared(self) -> bool {
        matches!(self, Mut::SharedConst | Mut::SharedVar)
    }
}

/// Mutability of a struct field or array element: the
/// [`mut`](https://webassembly.github.io/spec/core/binary/types.html#aggregate-types) byte of a
/// field type. Fields are not shared on their own, so the shared forms of [`Mut`] are not
/// among them.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "field mutability")]
pub enum FieldMut {
    /// Immutable.
    Const = 0x00,
    /// Mutable.
    Var = 0x01,
}

impl FieldMut {
    /// Whether the field can be written.
    pub fn is_mutable(self) -> bool {
        self == FieldMut::Var
    }
}

/// [Field type](https://webassembly.github.io/spec/core/binary/types.html#aggregate-types)
/// (`fieldtype`).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FieldType {
    /// What the field stores.
    pub storage: StorageType,
    /// Whether it can be written.
    pub mutability: FieldMut,
}

/// Defines the composite-type enums. Each starts with the base composite types (`func`,
/// `struct`, `array`, `cont`), written once here; `clauses` adds the descriptor clauses of
/// custom descriptors; the variants in braces come last.
macro_rules! composite_types {
    ($($(#[$meta:meta])* $name:ident $(+ $clauses:ident)? { $($extra:tt)* })*) => {$(
        composite_types!(@enum $(#[$meta])* $name $($clauses)? { $($extra)* });
    )*};
    (@enum $(#[$meta:meta])* $name:ident clauses { $($extra:tt)* }) => {
        composite_types!(@enum $(#[$meta])* $name {
            /// `describes x`, an optional `descriptor y`, then the type (custom descriptors).
            Describes(Describes) = 0x4C,
            /// `descriptor y` then the type (custom descriptors).
            Descriptor(Descriptor) = 0x4D,
            $($extra)*
        });
    };
    (@enum $(#[$meta:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[wasmbin_discriminants]
        #[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[wasmbin(what = "composite type")]
        #[non_exhaustive]
        pub enum $name {
            /// `func` (tag `0x60`, part of [`FuncType`]).
            Func(FuncType),
            /// `struct` with its fields.
            Struct(Vec<FieldType>) = 0x5F,
            /// `array` with its element.
            Array(FieldType) = 0x5E,
            /// `cont x`: continuations of the function type `x`
            /// ([stack switching](https://github.com/WebAssembly/stack-switching/blob/main/proposals/stack-switching/Explainer.md#binary-format)).
            Cont(S33) = 0x5D,
            $($extra)*
        }
    };
}

composite_types! {
    /// [Composite type](https://webassembly.github.io/spec/core/binary/types.html#composite-types)
    /// (`comptype`), with the descriptor clauses of the
    /// [custom descriptors](https://github.com/WebAssembly/custom-descriptors/blob/main/proposals/custom-descriptors/Overview.md)
    /// proposal and the `shared` prefix of shared-everything threads.
    CompositeType + clauses {
        /// `shared` then the type, with its descriptor clauses (`0x65`;
        /// [shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#binary-format)).
        Shared(SharedCompositeType) = 0x65,
    }

    /// What follows `shared` (`0x65`) in a composite type: a composite type that is not itself
    /// marked shared
    /// ([shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#binary-format)).
    SharedCompositeType + clauses {}

    /// A composite type without descriptor clauses: what follows `describes` / `descriptor`
    /// (custom descriptors).
    BaseCompositeType {}
}

/// `descriptor y ct`: a type whose values carry a descriptor of type `y` (custom descriptors).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Descriptor {
    /// The descriptor type.
    pub descriptor: TypeIdx,
    /// The type itself.
    pub ty: BaseCompositeType,
}

/// `describes x ...`: a descriptor type for values of type `x` (custom descriptors).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Describes {
    /// The type described.
    pub describes: TypeIdx,
    /// The type itself, possibly with a descriptor of its own.
    pub ty: DescribedType,
}

/// What follows `describes x`: an optional `descriptor y` clause, then the type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "composite type")]
#[non_exhaustive]
pub enum DescribedType {
    /// `descriptor y ct`
    Descriptor(Descriptor) = 0x4D,
    /// `ct`
    Plain(BaseCompositeType),
}

/// [Sub type](https://webassembly.github.io/spec/core/binary/types.html#recursive-types) (`subtype`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "sub type")]
#[non_exhaustive]
pub enum SubType {
    /// `sub` — open to further subtyping.
    Sub {
        /// Declared supertypes.
        supers: Vec<TypeIdx>,
        /// The type itself.
        ty: CompositeType,
    } = 0x50,
    /// `sub final`.
    SubFinal {
        /// Declared supertypes.
        supers: Vec<TypeIdx>,
        /// The type itself.
        ty: CompositeType,
    } = 0x4F,
    /// A composite type on its own (final, no supertypes).
    Plain(CompositeType),
}

impl SubType {
    /// The composite type.
    pub fn composite(&self) -> &CompositeType {
        match self {
            SubType::Sub { ty, .. } | SubType::SubFinal { ty, .. } | SubType::Plain(ty) => ty,
        }
    }
}

/// [Recursive type group](https://webassembly.github.io/spec/core/binary/types.html#recursive-types) (`rectype`),
/// the item of the type section.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "recursive type")]
#[non_exhaustive]
pub enum RecGroup {
    /// `rec` with its members.
    Rec(Vec<SubType>) = 0x4E,
    /// A single type (a group of one).
    Single(SubType),
}

impl RecGroup {
    /// The types of the group (each takes one type index).
    pub fn types(&self) -> &[SubType] {
        match self {
            RecGroup::Rec(types) => types,
            RecGroup::Single(ty) => std::slice::from_ref(ty),
        }
    }
}

impl From<FuncType> for RecGroup {
    fn from(ty: FuncType) -> Self {
        RecGroup::Single(SubType::Plain(CompositeType::Func(ty)))
    }
}

/// Address type of a memory or table (`addrtype`).
#[derive(Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AddressType {
    /// 32-bit addresses.
    #[default]
    I32,
    /// 64-bit addresses (memory64 / table64).
    I64,
}

/// [Limits](https://webassembly.github.io/spec/core/binary/types.html#limits) (`limits`) with their flags:
/// maximum present, shared, 64-bit, custom page size.
#[derive(Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Limits {
    /// Minimum size.
    pub min: u64,
    /// Maximum size.
    pub max: Option<u64>,
    /// Shared between threads.
    pub shared: bool,
    /// Address type.
    pub address_type: AddressType,
    /// Page size as a power of two, when given explicitly (custom page sizes).
    pub page_size_log2: Option<u32>,
}

const LIMITS_MAX: u8 = 0x01;
const LIMITS_SHARED: u8 = 0x02;
const LIMITS_64: u8 = 0x04;
const LIMITS_PAGE_SIZE: u8 = 0x08;

// Hand-written: the flags byte is a bitfield (maximum present, shared, 64-bit, page size),
// not a discriminant.
impl Encode for Limits {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        let mut flags = 0;
        if self.max.is_some() {
            flags |= LIMITS_MAX;
        }
        if self.shared {
            flags |= LIMITS_SHARED;
        }
        if self.address_type == AddressType::I64 {
            flags |= LIMITS_64;
        }
        if self.page_size_log2.is_some() {
            flags |= LIMITS_PAGE_SIZE;
        }
        writer.write_all(&[flags])?;
        self.min.encode(writer)?;
        if let Some(max) = self.max {
            max.encode(writer)?;
        }
        if let Some(log2) = self.page_size_log2 {
            if log2 >= 64 {
                return Err(encode_error(format!("page size 2^{log2} is out of range")));
            }
            log2.encode(writer)?;
        }
        Ok(())
    }
}

impl Decode for Limits {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = reader.offset();
        let flags = reader.read_byte()?;
        if flags & !(LIMITS_MAX | LIMITS_SHARED | LIMITS_64 | LIMITS_PAGE_SIZE) != 0 {
            return Err(reader.error_at(
                offset,
                ErrorKind::UnknownDiscriminant {
                    what: "limits flags",
                    prefix: None,
                    value: flags.into(),
                },
            ));
        }
        let address_type = if flags & LIMITS_64 != 0 {
            AddressType::I64
        } else {
            AddressType::I32
        };
        // Wasm 3.0 reads both bounds as `u64` whatever the address type: a 32-bit memory
        // or table larger than 2^32 is well-formed (and invalid).
        let min = u64::decode(reader)?;
        let max = if flags & LIMITS_MAX != 0 {
            Some(u64::decode(reader)?)
        } else {
            None
        };
        let page_size_log2 = if flags & LIMITS_PAGE_SIZE != 0 {
            let offset = reader.offset();
            let log2 = u32::decode(reader)?;
            // A page size of 2^64 bytes or more cannot be represented.
            if log2 >= 64 {
                return Err(reader.error_at(
                    offset,
                    ErrorKind::Malformed(format!("invalid custom page size 2^{log2}")),
                ));
            }
            Some(log2)
        } else {
            None
        };
        Ok(Limits {
            min,
            max,
            shared: flags & LIMITS_SHARED != 0,
            address_type,
            page_size_log2,
        })
    }
}

crate::io::untagged_dwd!(Limits);

/// [Memory type](https://webassembly.github.io/spec/core/binary/types.html#memory-types) (`memtype`).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MemType {
    /// Size in pages.
    pub limits: Limits,
}

/// [Table type](https://webassembly.github.io/spec/core/binary/types.html#table-types) (`tabletype`).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TableType {
    /// Element type.
    pub element: RefType,
    /// Size in elements.
    pub limits: Limits,
}

/// [Global type](https://webassembly.github.io/spec/core/binary/types.html#global-types) (`globaltype`).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GlobalType {
    /// Value type.
    pub ty: ValueType,
    /// Mutability.
    pub mutability: Mut,
}

/// Kind of a tag (only exceptions exist).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "tag attribute")]
pub enum TagKind {
    /// An exception tag.
    Exception = 0x00,
}

/// [Tag type](https://webassembly.github.io/spec/core/binary/types.html#tag-types) (`tagtype`).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TagType {
    /// Kind of tag.
    pub kind: TagKind,
    /// The function type giving the tag's parameters.
    pub ty: TypeIdx,
}

/// A `0x00` byte that the binary format reserves (e.g. before a table's initializer).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x00, what = "reserved byte")]
pub struct Zero;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{decode_exact, encode_to_vec};

    /// Every abstract heap type's byte, read as a reference type, is the abbreviation
    /// [`RefType::abbreviation`] gives, and expands back to the same heap type; no other
    /// one-byte reference type exists.
    #[test]
    fn abbreviations_are_the_heap_type_bytes() {
        let mut abbreviations = 0;
        for byte in 0..=u8::MAX {
            let abs = decode_exact::<AbsHeapType>(&[byte]).ok();
            let short = decode_exact::<RefType>(&[byte]).ok();
            assert_eq!(abs.is_some(), short.is_some(), "byte {byte:#04x}");
            let (Some(abs), Some(short)) = (abs, short) else {
                continue;
            };
            abbreviations += 1;
            assert_eq!(RefType::abbreviation(abs), short, "byte {byte:#04x}");
            assert_eq!(short.heap_type(), HeapType::Abstract(abs));
            assert!(short.is_nullable());
            assert_eq!(encode_to_vec(&short).unwrap(), [byte]);
        }
        // 0x68..=0x75: `cont`, then `exn` to `nocont`.
        assert_eq!(abbreviations, 14);
    }
}
