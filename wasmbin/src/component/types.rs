//! [Type definitions](https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md#type-definitions)
//! of a component: core types (module types included) and component types.

use super::aliases::Alias;
use super::imports::{ExternName, Import};
use super::indices::{CoreFuncIdx, CoreTypeIdx, TypeIdx};
use crate::error::{DecodeError, ErrorKind};
use crate::io::{untagged_dwd, Decode, Encode, Reader};
use crate::sections::ImportDesc;
use crate::types::{CompositeType, RecGroup, ValueType};
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use std::io::Write;

/// `core:type` / `core:deftype`: a core type defined in a component.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "core type", item = "core type")]
#[non_exhaustive]
pub enum CoreType {
    /// `0x00 0x50 x* ct`: a non-final sub type, prefixed with `0x00` so that it is not read
    /// as a module type.
    NonFinalSub(NonFinalSub) = 0x00,
    /// `core:moduletype`: `0x50` and the declarations of a module type.
    Module(Vec<ModuleDecl>) = 0x50,
    /// `core:rectype`: a recursive type group, as in a module's type section.
    Rec(RecGroup),
}

/// The `0x50 x* ct` of a non-final sub type after the `0x00` prefix (`core:deftype`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "non-final sub type")]
pub struct NonFinalSub {
    /// The `0x50` of a non-final sub type.
    pub opcode: SubOpcode,
    /// Declared supertypes.
    pub supers: Vec<CoreTypeIdx>,
    /// The type itself.
    pub ty: CompositeType,
}

/// The `0x50` opcode of a non-final `sub` type (in [`NonFinalSub`]).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x50, what = "non-final sub type")]
pub struct SubOpcode;

/// `core:moduledecl`: a declaration of a module type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "module type declaration", item = "declaration")]
#[non_exhaustive]
pub enum ModuleDecl {
    /// `core:importdecl`: an import.
    Import(CoreImportDecl) = 0x00,
    /// A type: a recursive type group (what wasmparser 0.263 reads; Binary.md writes
    /// `core:type`).
    Type(RecGroup) = 0x01,
    /// `core:alias`: an outer alias of a type.
    Alias(CoreAlias) = 0x02,
    /// `core:exportdecl`: an export.
    Export(CoreExportDecl) = 0x03,
}

/// `core:importdecl`: an import of a module type.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(check = CoreImportDecl::check)]
pub struct CoreImportDecl {
    /// The import (not a compact group).
    pub import: crate::sections::Import,
}

impl CoreImportDecl {
    /// Imports of module types take a `core:externtype`: no compact groups.
    pub(crate) fn check(&self) -> Result<(), String> {
        not_compact(&self.import.desc)
    }
}

/// Module types declare imports and exports with a `core:externtype`: no compact groups.
fn not_compact(desc: &ImportDesc) -> Result<(), String> {
    if desc.is_compact() {
        return Err("compact imports are not allowed in a module type".into());
    }
    Ok(())
}

/// `core:alias`: `0x10 0x01 ct idx`, an outer alias of a core type.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoreAlias {
    /// The `0x10` (`type` in `core:sort`).
    pub sort: CoreTypeSort,
    /// The `0x01` that marks an outer alias.
    pub outer: OuterTarget,
    /// How many enclosing scopes out.
    pub count: u32,
    /// The type's index in that scope.
    pub index: u32,
}

/// The `0x10` (`core:sort` `type`) of a [`CoreAlias`].
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x10, what = "outer alias kind")]
pub struct CoreTypeSort;

/// The `0x01` of a [`CoreAlias`] (an outer alias).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x01, what = "outer alias target")]
pub struct OuterTarget;

/// `core:exportdecl`: a name and a `core:externtype`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(check = CoreExportDecl::check)]
pub struct CoreExportDecl {
    /// Export name.
    pub name: String,
    /// What is exported (a `core:externtype`, not a compact form).
    pub desc: ImportDesc,
}

impl CoreExportDecl {
    pub(crate) fn check(&self) -> Result<(), String> {
        not_compact(&self.desc)
    }
}

/// `type` / `deftype`: a component type definition.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component type", item = "type")]
#[non_exhaustive]
pub enum ComponentType {
    /// `resourcetype`.
    Resource(ResourceType) = 0x3F,
    /// `componenttype`: `0x41` and the declarations of a component type.
    Component(Nested<ComponentDecl>) = 0x41,
    /// `instancetype`: `0x42` and the declarations of an instance type.
    Instance(Nested<InstanceDecl>) = 0x42,
    /// `functype`.
    Func(FuncType),
    /// `defvaltype`.
    Defined(DefValType),
}

/// `primvaltype`: a primitive value type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "primitive value type")]
#[non_exhaustive]
pub enum PrimValType {
    /// `bool`
    Bool = 0x7F,
    /// `s8`
    S8 = 0x7E,
    /// `u8`
    U8 = 0x7D,
    /// `s16`
    S16 = 0x7C,
    /// `u16`
    U16 = 0x7B,
    /// `s32`
    S32 = 0x7A,
    /// `u32`
    U32 = 0x79,
    /// `s64`
    S64 = 0x78,
    /// `u64`
    U64 = 0x77,
    /// `f32`
    F32 = 0x76,
    /// `f64`
    F64 = 0x75,
    /// `char`
    Char = 0x74,
    /// `string`
    String = 0x73,
    /// `error-context`
    ErrorContext = 0x64,
}

/// `defvaltype`: a defined value type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component defined type")]
#[non_exhaustive]
pub enum DefValType {
    /// `record`: labelled fields.
    Record(Vec<LabelValType>) = 0x72,
    /// `variant`: cases.
    Variant(Vec<Case>) = 0x71,
    /// `list`.
    List(ValType) = 0x70,
    /// `tuple`.
    Tuple(Vec<ValType>) = 0x6F,
    /// `flags`: labels.
    Flags(Vec<String>) = 0x6E,
    /// `enum`: labels.
    Enum(Vec<String>) = 0x6D,
    /// `option`.
    Option(ValType) = 0x6B,
    /// `result` with optional ok and error types.
    Result {
        /// The ok type.
        ok: Option<ValType>,
        /// The error type.
        err: Option<ValType>,
    } = 0x6A,
    /// `own`: an owned handle of a resource type.
    Own(TypeIdx) = 0x69,
    /// `borrow`: a borrowed handle of a resource type.
    Borrow(TypeIdx) = 0x68,
    /// A fixed-length `list`.
    FixedList {
        /// Element type.
        ty: ValType,
        /// Length.
        len: u32,
    } = 0x67,
    /// `stream` of an optional element type.
    Stream(Option<ValType>) = 0x66,
    /// `future` of an optional value type.
    Future(Option<ValType>) = 0x65,
    /// `map`.
    Map {
        /// Key type.
        key: ValType,
        /// Value type.
        value: ValType,
    } = 0x63,
    /// A primitive value type.
    Prim(PrimValType),
}

/// `labelvaltype`: a label and a value type (record fields, parameters).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LabelValType {
    /// `labellit`.
    pub label: String,
    /// The type.
    pub ty: ValType,
}

/// `case`: a variant case, its label, its optional type and a `0x00`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Case {
    /// `labellit`.
    pub label: String,
    /// The payload type.
    pub ty: Option<ValType>,
    /// The `0x00` that ends a case.
    pub end: crate::types::Zero,
}

/// `valtype`: a primitive value type or a type index.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component value type")]
#[non_exhaustive]
pub enum ValType {
    /// `primvaltype`.
    Prim(PrimValType),
    /// A type index (a non-negative `s33`).
    Type(S33TypeIdx),
}

/// A component type index encoded as a non-negative `s33` (in `valtype`, where the negative
/// one-byte values are primitive types).
pub type S33TypeIdx = crate::io::S33<TypeIdx>;

/// `resourcetype`: a resource's representation and optional destructor.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ResourceType {
    /// The core representation type.
    pub rep: ValueType,
    /// The destructor.
    pub dtor: Option<CoreFuncIdx>,
}

/// `functype`: a component function type, synchronous or async.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "function type")]
#[non_exhaustive]
pub enum FuncType {
    /// `0x40`: `func`.
    Sync(FuncSignature) = 0x40,
    /// `0x43`: `func async`.
    Async(FuncSignature) = 0x43,
}

/// The `paramlist` and `resultlist` of a [`FuncType`].
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FuncSignature {
    /// `paramlist`: labelled parameters.
    pub params: Vec<LabelValType>,
    /// `resultlist`.
    pub result: ResultList,
}

/// `resultlist`: one result or none.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component function results")]
#[non_exhaustive]
pub enum ResultList {
    /// `0x00 t`: one result.
    One(ValType) = 0x00,
    /// `0x01 0x00`: no result.
    None(crate::types::Zero) = 0x01,
}

/// `componentdecl`: a declaration of a component type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component type declaration", item = "declaration")]
#[non_exhaustive]
pub enum ComponentDecl {
    /// `importdecl`.
    Import(Import) = 0x03,
    /// `instancedecl`.
    Instance(InstanceDecl),
}

/// `instancedecl`: a declaration of an instance (or component) type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component or instance type declaration", item = "declaration")]
#[non_exhaustive]
pub enum InstanceDecl {
    /// A core type.
    CoreType(CoreType) = 0x00,
    /// A component type.
    Type(ComponentType) = 0x01,
    /// An alias.
    Alias(Alias) = 0x02,
    /// `exportdecl`.
    Export(ExportDecl) = 0x04,
}

/// `exportdecl`: a name and an extern type.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ExportDecl {
    /// `nameattributes`.
    pub name: ExternName,
    /// The type.
    pub ty: ExternType,
}

/// `externtype`: the type of an import or export.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component external kind")]
#[non_exhaustive]
pub enum ExternType {
    /// `0x00 0x11 i`: a core module of a core module type.
    CoreModule {
        /// The `0x11` (`module` in `core:sort`).
        sort: CoreModuleSort,
        /// The core module type.
        ty: CoreTypeIdx,
    } = 0x00,
    /// A function of a function type.
    Func(TypeIdx) = 0x01,
    /// A value of a value type (what wasmparser 0.263 reads; Binary.md has a
    /// `valuebound`).
    Value(ValType) = 0x02,
    /// A type with a bound.
    Type(TypeBound) = 0x03,
    /// A component of a component type.
    Component(TypeIdx) = 0x04,
    /// An instance of an instance type.
    Instance(TypeIdx) = 0x05,
}

/// The `0x11` (`core:sort` `module`) after a `0x00` in [`ExternType::CoreModule`].
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x11, what = "component external kind")]
pub struct CoreModuleSort;

/// `typebound`: equal to a type, or a fresh resource type.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "type bound")]
#[non_exhaustive]
pub enum TypeBound {
    /// `(eq i)`.
    Eq(TypeIdx) = 0x00,
    /// `(sub resource)`.
    SubResource = 0x01,
}

/// How deep component and instance types may nest (wasmparser 0.263 has the same limit):
/// beyond it decoding fails instead of recursing further.
pub const MAX_TYPE_NESTING: u32 = 100;

/// The declarations of a component or instance type: a vector whose decoding counts the
/// nesting depth of types.
///
/// Hand-written codec: the derive has no state to carry the depth in; it bounds the
/// recursion `componenttype` → `instancedecl` → `type` → `componenttype` on crafted input.
#[derive(Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Nested<T>(pub Vec<T>);

impl<T> std::ops::Deref for Nested<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Nested<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T: Encode> Encode for Nested<T> {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.0.encode(writer)
    }

    fn encoded_len(&self) -> usize {
        self.0.encoded_len()
    }
}

impl<T: Decode> Decode for Nested<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader
            .nested(MAX_TYPE_NESTING, "component type", Vec::decode)
            .map(Nested)
    }
}

untagged_dwd!(impl[T: Decode] Nested<T>);

/// `<T>?`: `0x00` for none, `0x01` and the value for some.
///
/// Hand-written codec: `Option` is a foreign type, which the derive cannot annotate.
impl<T: Encode> Encode for Option<T> {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        match self {
            None => writer.write_all(&[0x00]),
            Some(value) => {
                writer.write_all(&[0x01])?;
                value.encode(writer)
            }
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            None => 1,
            Some(value) => 1 + value.encoded_len(),
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = reader.offset();
        match reader.read_byte()? {
            0x00 => Ok(None),
            0x01 => T::decode(reader).map(Some),
            value => Err(reader.error_at(
                offset,
                ErrorKind::UnknownDiscriminant {
                    what: "optional value",
                    prefix: None,
                    value: value.into(),
                },
            )),
        }
    }
}

untagged_dwd!(impl[T: Decode] Option<T>);
