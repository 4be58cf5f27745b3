//! [Sections](https://webassembly.github.io/spec/core/binary/modules.html#sections) and their
//! contents.

use crate::blob::Blob;
use crate::custom::CustomSection;
use crate::error::{DecodeError, ErrorKind};
use crate::indices::*;
use crate::instructions::Expression;
use crate::io::{Decode, Encode, Reader};
use crate::types::{GlobalType, MemType, RecGroup, RefType, TableType, TagType, ValueType, Zero};
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use bytes::Bytes;
use std::io::Write;

/// [External type](https://webassembly.github.io/spec/core/binary/types.html#external-types)
/// (`externtype`; `importdesc` before Wasm 3.0): what one import declares.
///
/// ```
/// use wasmbin::indices::TypeIdx;
/// use wasmbin::sections::{ExternType, ImportDesc};
/// use wasmbin::{payload, Module};
/// let wasm = wat::parse_str(r#"(module (type (func)) (import "env" "f" (func (type 0))))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// let imports = module.find_std_section::<payload::Import>().ok_or("no imports")?;
/// assert_eq!(imports.try_contents()?[0].desc, ImportDesc::Extern(ExternType::Func(TypeIdx(0))));
/// // The kind byte 0x00, then the type index.
/// assert_eq!(wasmbin::io::encode_to_vec(&ExternType::Func(TypeIdx(0)))?, [0x00, 0x00]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "import kind")]
#[non_exhaustive]
pub enum ExternType {
    /// A function of this type.
    Func(TypeIdx) = 0x00,
    /// A table.
    Table(TableType) = 0x01,
    /// A memory.
    Mem(MemType) = 0x02,
    /// A global.
    Global(GlobalType) = 0x03,
    /// A tag.
    Tag(TagType) = 0x04,
    /// A function of exactly this type, not a subtype (custom descriptors).
    FuncExact(TypeIdx) = 0x20,
}

/// What an [`Import`] entry declares: one [`ExternType`] (`importdesc`), or, after an empty
/// item name, one of the groups of the
/// [compact import section](https://github.com/WebAssembly/compact-import-section/blob/main/proposals/compact-import-section/Overview.md#binary).
/// A group's members are `externtype`s, so groups cannot nest.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "import kind")]
#[non_exhaustive]
pub enum ImportDesc {
    /// A single import (any kind byte but the compact markers).
    Extern(ExternType),
    /// After an empty item name: a group of imports from the [`Import`]'s module, each with
    /// its name and type (`0x7F`, "compact encoding 1").
    Compact(Vec<CompactImport>) = 0x7F,
    /// After an empty item name: a group of imports from the [`Import`]'s module that share
    /// one type (`0x7E`, "compact encoding 2").
    CompactOfType(Box<CompactImportsOfType>) = 0x7E,
}

impl ImportDesc {
    /// Whether this is one of the grouped forms of the compact import section.
    pub fn is_compact(&self) -> bool {
        !matches!(self, ImportDesc::Extern(_))
    }
}

impl From<ExternType> for ImportDesc {
    fn from(ty: ExternType) -> Self {
        ImportDesc::Extern(ty)
    }
}

/// An entry of the [import section](https://webassembly.github.io/spec/core/binary/modules.html#import-section)
/// (`import`): one import, or (with an empty `name` and a compact `desc`) a group of imports
/// from `module` ([compact import section](https://github.com/WebAssembly/compact-import-section/blob/main/proposals/compact-import-section/Overview.md#binary)).
/// [`Import::entries`] lists the imports either way.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(item = "import", check = Import::check)]
pub struct Import {
    /// Module name.
    pub module: String,
    /// Item name (empty for a compact group).
    pub name: String,
    /// What is imported.
    pub desc: ImportDesc,
}

impl Import {
    /// The grammar's side condition: the compact forms follow an empty item name.
    fn check(&self) -> Result<(), String> {
        if self.desc.is_compact() && !self.name.is_empty() {
            return Err(format!(
                "compact imports from {:?} follow the item name {:?} instead of an empty name",
                self.module, self.name
            ));
        }
        Ok(())
    }

    /// The imports this entry declares, in index-space order, as `(module, name, type)`:
    /// itself, or each member of a compact group.
    pub fn entries(&self) -> Vec<(&str, &str, &ExternType)> {
        let module = self.module.as_str();
        match &self.desc {
            ImportDesc::Extern(ty) => vec![(module, self.name.as_str(), ty)],
            ImportDesc::Compact(items) => items
                .iter()
                .map(|item| (module, item.name.as_str(), &item.ty))
                .collect(),
            ImportDesc::CompactOfType(group) => group
                .names
                .iter()
                .map(|name| (module, name.as_str(), &group.ty))
                .collect(),
        }
    }
}

/// A member of a compact import group ([`ImportDesc::Compact`]): its name and type
/// ([compact import section](https://github.com/WebAssembly/compact-import-section/blob/main/proposals/compact-import-section/Overview.md#binary)).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CompactImport {
    /// Item name.
    pub name: String,
    /// What is imported.
    pub ty: ExternType,
}

/// A compact import group that shares one type ([`ImportDesc::CompactOfType`])
/// ([compact import section](https://github.com/WebAssembly/compact-import-section/blob/main/proposals/compact-import-section/Overview.md#binary)).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CompactImportsOfType {
    /// What each member imports.
    pub ty: ExternType,
    /// Item names of the members.
    pub names: Vec<String>,
}

/// [Export description](https://webassembly.github.io/spec/core/binary/modules.html#export-section) (`exportdesc`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "export kind")]
#[non_exhaustive]
pub enum ExportDesc {
    /// A function.
    Func(FuncIdx) = 0x00,
    /// A table.
    Table(TableIdx) = 0x01,
    /// A memory.
    Mem(MemIdx) = 0x02,
    /// A global.
    Global(GlobalIdx) = 0x03,
    /// A tag.
    Tag(TagIdx) = 0x04,
}

/// [Export](https://webassembly.github.io/spec/core/binary/modules.html#export-section) (`export`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(item = "export")]
pub struct Export {
    /// Export name.
    pub name: String,
    /// What is exported.
    pub desc: ExportDesc,
}

/// [Table](https://webassembly.github.io/spec/core/binary/modules.html#table-section) (`table`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "table", item = "table")]
#[non_exhaustive]
pub enum Table {
    /// A table whose elements start as null.
    Plain(TableType),
    /// A table with an initializer expression for its elements (`0x40 0x00`).
    WithInit {
        /// Reserved byte.
        reserved: Zero,
        /// The table type.
        ty: TableType,
        /// Initial value of every element.
        init: Expression,
    } = 0x40,
}

/// [Global](https://webassembly.github.io/spec/core/binary/modules.html#global-section) (`global`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(item = "global")]
pub struct Global {
    /// Type and mutability.
    pub ty: GlobalType,
    /// Initializer (a constant expression).
    pub init: Expression,
}

/// Element kind of the function-index forms of element segments (`elemkind`).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "element kind")]
pub enum ElemKind {
    /// `funcref`
    #[default]
    FuncRef = 0x00,
}

/// [Element segment](https://webassembly.github.io/spec/core/binary/modules.html#element-section) (`elem`)
/// in one of its eight binary forms (the flags value is the discriminant).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(
    leb_discriminant,
    what = "element segment kind",
    item = "element segment"
)]
pub enum Element {
    /// Form 0: active in table 0, function indices.
    ActiveFuncs {
        /// Offset in the table.
        offset: Expression,
        /// The functions.
        funcs: Vec<FuncIdx>,
    } = 0,
    /// Form 1: passive, function indices.
    PassiveFuncs {
        /// Element kind.
        kind: ElemKind,
        /// The functions.
        funcs: Vec<FuncIdx>,
    } = 1,
    /// Form 2: active in a given table, function indices.
    ActiveTableFuncs {
        /// The table.
        table: TableIdx,
        /// Offset in the table.
        offset: Expression,
        /// Element kind.
        kind: ElemKind,
        /// The functions.
        funcs: Vec<FuncIdx>,
    } = 2,
    /// Form 3: declarative, function indices.
    DeclarativeFuncs {
        /// Element kind.
        kind: ElemKind,
        /// The functions.
        funcs: Vec<FuncIdx>,
    } = 3,
    /// Form 4: active in table 0, expressions.
    ActiveExprs {
        /// Offset in the table.
        offset: Expression,
        /// The element values.
        init: Vec<Expression>,
    } = 4,
    /// Form 5: passive, expressions.
    PassiveExprs {
        /// Element type.
        ty: RefType,
        /// The element values.
        init: Vec<Expression>,
    } = 5,
    /// Form 6: active in a given table, expressions.
    ActiveTableExprs {
        /// The table.
        table: TableIdx,
        /// Offset in the table.
        offset: Expression,
        /// Element type.
        ty: RefType,
        /// The element values.
        init: Vec<Expression>,
    } = 6,
    /// Form 7: declarative, expressions.
    DeclarativeExprs {
        /// Element type.
        ty: RefType,
        /// The element values.
        init: Vec<Expression>,
    } = 7,
}

/// [Data segment](https://webassembly.github.io/spec/core/binary/modules.html#data-section) (`data`)
/// in one of its three binary forms. The bytes share the input buffer.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(leb_discriminant, what = "data segment kind", item = "data segment")]
pub enum Data {
    /// Form 0: active in memory 0.
    Active {
        /// Offset in memory.
        offset: Expression,
        /// The bytes.
        #[wasmbin(arbitrary_from = Vec<u8>)]
        init: Bytes,
    } = 0,
    /// Form 1: passive.
    Passive {
        /// The bytes.
        #[wasmbin(arbitrary_from = Vec<u8>)]
        init: Bytes,
    } = 1,
    /// Form 2: active in a given memory.
    ActiveMemory {
        /// The memory.
        memory: MemIdx,
        /// Offset in memory.
        offset: Expression,
        /// The bytes.
        #[wasmbin(arbitrary_from = Vec<u8>)]
        init: Bytes,
    } = 2,
}

/// A run of locals of one type in a function body (`locals`).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Locals {
    /// How many.
    pub count: u32,
    /// Their type.
    pub ty: ValueType,
}

/// A [function body](https://webassembly.github.io/spec/core/binary/modules.html#code-section) (`func`):
/// locals and code. In the code section each body is its own lazy [`Blob`] (a `code`: the
/// body with its size).
#[derive(Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Func {
    /// Declared locals (after the parameters).
    pub locals: Vec<Locals>,
    /// The code.
    pub expr: Expression,
}

/// The total number of locals, which the format limits to `u32::MAX`.
fn total_locals(locals: &[Locals]) -> u64 {
    locals.iter().map(|l| u64::from(l.count)).sum()
}

impl Func {
    /// The locals at the start of a body, counted against the format's limit (also for the
    /// code that reads bodies on their bytes).
    pub(crate) fn decode_locals(reader: &mut Reader<'_>) -> Result<Vec<Locals>, DecodeError> {
        let offset = reader.offset();
        let locals: Vec<Locals> = Decode::decode(reader)?;
        let total = total_locals(&locals);
        if total > u64::from(u32::MAX) {
            return Err(reader.error_at(
                offset,
                ErrorKind::Malformed(format!("too many locals: {total}")),
            ));
        }
        Ok(locals)
    }
}

// Hand-written: the locals are checked against the format's limit before the body is read (a
// derived `check` runs only after it) and the instruction vector is sized from the bytes left.
impl Encode for Func {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        let total = total_locals(&self.locals);
        if total > u64::from(u32::MAX) {
            return Err(crate::error::encode_error(format!(
                "too many locals: {total}"
            )));
        }
        self.locals.encode(writer)?;
        self.expr.encode(writer)
    }

    fn encoded_len(&self) -> usize {
        self.locals.encoded_len() + self.expr.encoded_len()
    }
}

impl Decode for Func {
    const ITEM_KIND: Option<&'static str> = Some("function");

    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Func {
            locals: Func::decode_locals(reader)?,
            // Real code averages well over two bytes per instruction: this rarely regrows,
            // and when it does (one-byte instructions only) the peak stays near 36 bytes of
            // heap per byte of input. Bounded so that a body read from a longer input (not
            // from its blob) does not reserve for all of it.
            expr: Expression::decode_with_capacity(
                reader,
                (reader.remaining() / 2 + 1).min(1 << 20),
            )?,
        })
    }
}

/// Defines [`Section`], its spec order, its lazy reader and the [`payload`] marker types from
/// one table (which also says what a section id is called in errors).
macro_rules! sections {
    (what = $what:tt; $(
        $(#[$doc:meta])*
        $name:ident($contents:ty) = $id:literal, order $order:literal, $spec_name:literal;
    )*) => {
        /// A [section](https://webassembly.github.io/spec/core/binary/modules.html#sections) (`section`):
        /// its id and its lazy contents (which keep the original bytes).
        #[wasmbin_discriminants]
        #[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[wasmbin(what = $what)]
        #[non_exhaustive]
        // A module has a handful of sections: their size matters less than one indirection
        // on every access.
        #[allow(clippy::large_enum_variant)]
        pub enum Section {
            /// A custom section (`customsec`, allowed anywhere).
            Custom(Blob<CustomSection>) = 0,
            $($(#[$doc])* $name(Blob<$contents>) = $id,)*
        }

        impl Section {
            /// The section id.
            pub fn id(&self) -> u8 {
                match self {
                    Section::Custom(_) => 0,
                    $(Section::$name(_) => $id,)*
                }
            }

            /// Absolute offset of the section's id byte in the input and the section's total
            /// size there (id, size prefix and contents); `None` once it was modified.
            pub fn extent(&self) -> Option<(usize, usize)> {
                let (offset, raw) = match self {
                    Section::Custom(blob) => (blob.offset(), blob.raw_bytes()),
                    $(Section::$name(blob) => (blob.offset(), blob.raw_bytes()),)*
                };
                Some((offset?.checked_sub(1)?, raw?.len() + 1))
            }

            /// The path of what lies at the absolute `offset` in this section as read (the
            /// section itself, or an item of it; a function body is a blob of its own).
            #[cfg(feature = "validate")]
            pub(crate) fn path_at(&self, offset: usize) -> Vec<crate::error::PathSegment> {
                match self {
                    Section::Custom(blob) => blob.path_at(offset),
                    $(Section::$name(blob) => blob.path_at(offset),)*
                }
            }

            /// Position of the section in the order the spec requires (`None` for custom
            /// sections, which may appear anywhere).
            pub fn order(&self) -> Option<u8> {
                section_order(self.id())
            }
        }

        crate::blob::lazy_section!(Section, $what, Custom = 0, $($name = $id),*);

        /// The spec's name for a section id (`"code"` for 10 …; `"unknown"` for an id
        /// without a section).
        ///
        /// ```
        /// use wasmbin::sections::section_name;
        /// assert_eq!(section_name(10), "code");
        /// assert_eq!(section_name(0), "custom");
        /// assert_eq!(section_name(200), "unknown");
        /// ```
        pub fn section_name(id: u8) -> &'static str {
            match id {
                0 => "custom",
                $($id => $spec_name,)*
                _ => "unknown",
            }
        }

        /// Spec order of a standard section id.
        pub(crate) fn section_order(id: u8) -> Option<u8> {
            match id {
                $($id => Some($order),)*
                _ => None,
            }
        }

        /// Marker types naming the standard sections, for
        /// [`Module::find_std_section`](crate::Module::find_std_section) and friends.
        pub mod payload {
            use super::{Blob, Decode, Encode, Section};

            /// A standard section: its id and the type of its contents.
            pub trait StdPayload: 'static {
                /// Section id.
                const ID: u8;
                /// Decoded contents.
                type Contents: Decode + Encode;
                /// The contents of `section` if it is this kind of section.
                fn get(section: &Section) -> Option<&Blob<Self::Contents>>;
                /// The contents of `section` if it is this kind of section.
                fn get_mut(section: &mut Section) -> Option<&mut Blob<Self::Contents>>;
                /// A section of this kind with these contents.
                fn wrap(contents: Blob<Self::Contents>) -> Section;
            }

            $(
                $(#[$doc])*
                #[derive(Debug, Clone, Copy)]
                pub enum $name {}
            )*
        }

        $(
            impl payload::StdPayload for payload::$name {
                const ID: u8 = $id;
                type Contents = $contents;
                fn get(section: &Section) -> Option<&Blob<$contents>> {
                    match section {
                        Section::$name(blob) => Some(blob),
                        _ => None,
                    }
                }
                fn get_mut(section: &mut Section) -> Option<&mut Blob<$contents>> {
                    match section {
                        Section::$name(blob) => Some(blob),
                        _ => None,
                    }
                }
                fn wrap(contents: Blob<$contents>) -> Section {
                    Section::$name(contents)
                }
            }
        )*
    };
}

sections! {
    what = "section id";
    /// Type section (`typesec`): recursive type groups.
    Type(Vec<RecGroup>) = 1, order 1, "type";
    /// Import section (`importsec`).
    Import(Vec<Import>) = 2, order 2, "import";
    /// Function section (`funcsec`): the type of each function defined in the code section.
    Function(Vec<TypeIdx>) = 3, order 3, "function";
    /// Table section (`tablesec`).
    Table(Vec<Table>) = 4, order 4, "table";
    /// Memory section (`memsec`).
    Memory(Vec<MemType>) = 5, order 5, "memory";
    /// Tag section (`tagsec`; exception handling).
    Tag(Vec<TagType>) = 13, order 6, "tag";
    /// Global section (`globalsec`).
    Global(Vec<Global>) = 6, order 7, "global";
    /// Export section (`exportsec`).
    Export(Vec<Export>) = 7, order 8, "export";
    /// Start section (`startsec`).
    Start(FuncIdx) = 8, order 9, "start";
    /// Element section (`elemsec`).
    Element(Vec<Element>) = 9, order 10, "element";
    /// Data count section (`datacntsec`; `datacountsec` in Wasm 2.0).
    DataCount(u32) = 12, order 11, "data count";
    /// Code section (`codesec`): one lazy body per function.
    Code(Vec<Blob<Func>>) = 10, order 12, "code";
    /// Data section (`datasec`).
    Data(Vec<Data>) = 11, order 13, "data";
}
