//! Types ([spec §5.3](https://webassembly.github.io/spec/core/binary/types.html)).

use crate::error::encode_error;
use crate::error::{DecodeError, ErrorKind};
use crate::indices::TypeIdx;
use crate::io::{decode_tagged, Decode, DecodeWithDiscriminant, Encode, Reader};
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use std::io::Write;

/// [Value type](https://webassembly.github.io/spec/core/binary/types.html#value-types).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// [Abstract heap type](https://webassembly.github.io/spec/core/binary/types.html#heap-types).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

/// [Heap type](https://webassembly.github.io/spec/core/binary/types.html#heap-types): abstract,
/// or a type index (encoded as a non-negative `s33`).
#[derive(Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeapType {
    /// An abstract heap type.
    Abstract(AbsHeapType),
    /// A defined type.
    Concrete(TypeIdx),
    /// `(exact typeidx)`: exactly this defined type, not its subtypes (`0x62` then a `u32`;
    /// custom descriptors).
    Exact(TypeIdx),
    /// `(shared absheaptype)`: the shared version of an abstract heap type (`0x65` then the
    /// type;
    /// [shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#binary-format)).
    Shared(AbsHeapType),
}

/// Prefix byte of an exact heap type (custom descriptors).
const EXACT: u8 = 0x62;

/// Prefix byte of shared abstract heap types and shared composite types
/// (shared-everything threads).
const SHARED: u8 = 0x65;

/// Reads a type index encoded as a non-negative `s33` whose first byte is `first`; `None`
/// when `first` is a one-byte negative value (the space of type constructors).
pub(crate) fn decode_s33_index(
    first: u8,
    reader: &mut Reader<'_>,
) -> Result<Option<TypeIdx>, DecodeError> {
    if first & 0xC0 == 0x40 {
        return Ok(None);
    }
    let offset = reader.offset().saturating_sub(1);
    reader.unread_byte();
    let value = reader.read_signed(33)?;
    u32::try_from(value).map(|v| Some(TypeIdx(v))).map_err(|_| {
        reader.error_at(
            offset,
            ErrorKind::Malformed(format!("type index {value} out of range")),
        )
    })
}

pub(crate) fn encode_s33_index(index: TypeIdx, writer: &mut impl Write) -> std::io::Result<()> {
    crate::io::write_signed(writer, index.0.into())
}

impl Encode for HeapType {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        match *self {
            HeapType::Abstract(ty) => ty.encode(writer),
            HeapType::Concrete(index) => encode_s33_index(index, writer),
            HeapType::Exact(index) => {
                writer.write_all(&[EXACT])?;
                index.encode(writer)
            }
            HeapType::Shared(ty) => {
                writer.write_all(&[SHARED])?;
                ty.encode(writer)
            }
        }
    }

    fn encoded_len(&self) -> usize {
        match *self {
            HeapType::Abstract(ty) => ty.encoded_len(),
            HeapType::Concrete(index) => crate::io::signed_len(index.0.into()),
            HeapType::Exact(index) => 1 + index.encoded_len(),
            HeapType::Shared(ty) => 1 + ty.encoded_len(),
        }
    }
}

impl DecodeWithDiscriminant for HeapType {
    fn maybe_decode_with_discriminant(
        discriminant: u8,
        reader: &mut Reader<'_>,
    ) -> Result<Option<Self>, DecodeError> {
        if let Some(ty) = AbsHeapType::maybe_decode_with_discriminant(discriminant, reader)? {
            return Ok(Some(HeapType::Abstract(ty)));
        }
        if discriminant == EXACT {
            return TypeIdx::decode(reader).map(|index| Some(HeapType::Exact(index)));
        }
        if discriminant == SHARED {
            return AbsHeapType::decode(reader).map(|ty| Some(HeapType::Shared(ty)));
        }
        Ok(decode_s33_index(discriminant, reader)?.map(HeapType::Concrete))
    }
}

impl Decode for HeapType {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        decode_tagged(reader, "heap type")
    }
}

/// [Reference type](https://webassembly.github.io/spec/core/binary/types.html#reference-types),
/// in the form it was written: a one-byte abbreviation or `ref`/`ref null` with a heap type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    /// The heap type, with abbreviations expanded.
    pub fn heap_type(&self) -> HeapType {
        let abs = match *self {
            RefType::Ref(ht) | RefType::RefNull(ht) => return ht,
            RefType::SharedRef(ty) => return HeapType::Shared(ty),
            RefType::ExnRef => AbsHeapType::Exn,
            RefType::ArrayRef => AbsHeapType::Array,
            RefType::StructRef => AbsHeapType::Struct,
            RefType::I31Ref => AbsHeapType::I31,
            RefType::EqRef => AbsHeapType::Eq,
            RefType::AnyRef => AbsHeapType::Any,
            RefType::ExternRef => AbsHeapType::Extern,
            RefType::FuncRef => AbsHeapType::Func,
            RefType::NullRef => AbsHeapType::None,
            RefType::NullExternRef => AbsHeapType::NoExtern,
            RefType::NullFuncRef => AbsHeapType::NoFunc,
            RefType::NullExnRef => AbsHeapType::NoExn,
        };
        HeapType::Abstract(abs)
    }
}

/// [Block type](https://webassembly.github.io/spec/core/binary/instructions.html#control-instructions):
/// empty, one value type, or a type index (encoded as a non-negative `s33`).
#[derive(Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockType {
    /// No parameters, no results (`0x40`).
    Empty,
    /// No parameters, one result.
    Value(ValueType),
    /// The function type at this index.
    FuncType(TypeIdx),
}

impl Encode for BlockType {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        match *self {
            BlockType::Empty => writer.write_all(&[0x40]),
            BlockType::Value(ty) => ty.encode(writer),
            BlockType::FuncType(index) => encode_s33_index(index, writer),
        }
    }

    fn encoded_len(&self) -> usize {
        match *self {
            BlockType::Empty => 1,
            BlockType::Value(ty) => ty.encoded_len(),
            BlockType::FuncType(index) => crate::io::signed_len(index.0.into()),
        }
    }
}

impl DecodeWithDiscriminant for BlockType {
    fn maybe_decode_with_discriminant(
        discriminant: u8,
        reader: &mut Reader<'_>,
    ) -> Result<Option<Self>, DecodeError> {
        if discriminant == 0x40 {
            return Ok(Some(BlockType::Empty));
        }
        if let Some(ty) = ValueType::maybe_decode_with_discriminant(discriminant, reader)? {
            return Ok(Some(BlockType::Value(ty)));
        }
        Ok(decode_s33_index(discriminant, reader)?.map(BlockType::FuncType))
    }
}

impl Decode for BlockType {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        decode_tagged(reader, "block type")
    }
}

/// [Function type](https://webassembly.github.io/spec/core/binary/types.html#function-types).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[wasmbin(discriminant = 0x60, what = "function type")]
pub struct FuncType {
    /// Parameter types.
    pub params: Vec<ValueType>,
    /// Result types.
    pub results: Vec<ValueType>,
}

/// [Storage type](https://webassembly.github.io/spec/core/binary/types.html#aggregate-types)
/// of a struct field or array element.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// [Field type](https://webassembly.github.io/spec/core/binary/types.html#aggregate-types).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[wasmbin(check = FieldType::check)]
pub struct FieldType {
    /// What the field stores.
    pub storage: StorageType,
    /// Whether it can be written.
    pub mutability: Mut,
}

impl FieldType {
    /// Fields are not shared on their own: only `0x00` and `0x01` are field mutabilities.
    fn check(&self) -> Result<(), String> {
        if self.mutability.is_shared() {
            return Err("malformed mutability byte for field type".into());
        }
        Ok(())
    }
}

/// [Composite type](https://webassembly.github.io/spec/core/binary/types.html#composite-types),
/// with the descriptor clauses of the
/// [custom descriptors](https://github.com/WebAssembly/custom-descriptors/blob/main/proposals/custom-descriptors/Overview.md)
/// proposal.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(what = "composite type")]
#[non_exhaustive]
pub enum CompositeType {
    /// `func` (tag `0x60`, part of [`FuncType`]).
    Func(FuncType),
    /// `struct` with its fields.
    Struct(Vec<FieldType>) = 0x5F,
    /// `array` with its element.
    Array(FieldType) = 0x5E,
    /// `describes x`, an optional `descriptor y`, then the type (custom descriptors).
    Describes(Describes) = 0x4C,
    /// `descriptor y` then the type (custom descriptors).
    Descriptor(Descriptor) = 0x4D,
    /// `shared` then the type, with its descriptor clauses (`0x65`;
    /// [shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#binary-format)).
    Shared(SharedCompositeType) = 0x65,
}

/// What follows `shared` (`0x65`) in a composite type: a composite type that is not itself
/// marked shared
/// ([shared-everything threads](https://github.com/WebAssembly/shared-everything-threads/blob/main/proposals/shared-everything-threads/Overview.md#binary-format)).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(what = "composite type")]
#[non_exhaustive]
pub enum SharedCompositeType {
    /// `func` (tag `0x60`, part of [`FuncType`]).
    Func(FuncType),
    /// `struct` with its fields.
    Struct(Vec<FieldType>) = 0x5F,
    /// `array` with its element.
    Array(FieldType) = 0x5E,
    /// `describes x`, an optional `descriptor y`, then the type (custom descriptors).
    Describes(Describes) = 0x4C,
    /// `descriptor y` then the type (custom descriptors).
    Descriptor(Descriptor) = 0x4D,
}

/// A composite type without descriptor clauses: what follows `describes` / `descriptor`
/// (custom descriptors).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(what = "composite type")]
#[non_exhaustive]
pub enum BaseCompositeType {
    /// `func` (tag `0x60`, part of [`FuncType`]).
    Func(FuncType),
    /// `struct` with its fields.
    Struct(Vec<FieldType>) = 0x5F,
    /// `array` with its element.
    Array(FieldType) = 0x5E,
}

/// `descriptor y ct`: a type whose values carry a descriptor of type `y` (custom descriptors).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Descriptor {
    /// The descriptor type.
    pub descriptor: TypeIdx,
    /// The type itself.
    pub ty: BaseCompositeType,
}

/// `describes x ...`: a descriptor type for values of type `x` (custom descriptors).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Describes {
    /// The type described.
    pub describes: TypeIdx,
    /// The type itself, possibly with a descriptor of its own.
    pub ty: DescribedType,
}

/// What follows `describes x`: an optional `descriptor y` clause, then the type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(what = "composite type")]
#[non_exhaustive]
pub enum DescribedType {
    /// `descriptor y ct`
    Descriptor(Descriptor) = 0x4D,
    /// `ct`
    Plain(BaseCompositeType),
}

/// [Sub type](https://webassembly.github.io/spec/core/binary/types.html#recursive-types).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
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

/// [Recursive type group](https://webassembly.github.io/spec/core/binary/types.html#recursive-types),
/// the item of the type section.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
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

/// Address type of a memory or table.
#[derive(Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AddressType {
    /// 32-bit addresses.
    #[default]
    I32,
    /// 64-bit addresses (memory64 / table64).
    I64,
}

/// [Limits](https://webassembly.github.io/spec/core/binary/types.html#limits) with their flags:
/// maximum present, shared, 64-bit, custom page size.
#[derive(Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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

/// [Memory type](https://webassembly.github.io/spec/core/binary/types.html#memory-types).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MemType {
    /// Size in pages.
    pub limits: Limits,
}

/// [Table type](https://webassembly.github.io/spec/core/binary/types.html#table-types).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableType {
    /// Element type.
    pub element: RefType,
    /// Size in elements.
    pub limits: Limits,
}

/// [Global type](https://webassembly.github.io/spec/core/binary/types.html#global-types).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalType {
    /// Value type.
    pub ty: ValueType,
    /// Mutability.
    pub mutability: Mut,
}

/// Kind of a tag (only exceptions exist).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[wasmbin(what = "tag attribute")]
pub enum TagKind {
    /// An exception tag.
    Exception = 0x00,
}

/// [Tag type](https://webassembly.github.io/spec/core/binary/types.html#tag-types).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagType {
    /// Kind of tag.
    pub kind: TagKind,
    /// The function type giving the tag's parameters.
    pub ty: TypeIdx,
}

/// A `0x00` byte that the binary format reserves (e.g. before a table's initializer).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[wasmbin(discriminant = 0x00, what = "reserved byte")]
pub struct Zero;
