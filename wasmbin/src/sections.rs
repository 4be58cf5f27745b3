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

/// [Import description](https://webassembly.github.io/spec/core/binary/modules.html#import-section).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(what = "import kind")]
#[non_exhaustive]
pub enum ImportDesc {
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

/// [Import](https://webassembly.github.io/spec/core/binary/modules.html#import-section).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(item = "import")]
pub struct Import {
    /// Module name.
    pub module: String,
    /// Item name.
    pub name: String,
    /// What is imported.
    pub desc: ImportDesc,
}

/// [Export description](https://webassembly.github.io/spec/core/binary/modules.html#export-section).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// [Export](https://webassembly.github.io/spec/core/binary/modules.html#export-section).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(item = "export")]
pub struct Export {
    /// Export name.
    pub name: String,
    /// What is exported.
    pub desc: ExportDesc,
}

/// [Table](https://webassembly.github.io/spec/core/binary/modules.html#table-section).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
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

/// [Global](https://webassembly.github.io/spec/core/binary/modules.html#global-section).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(item = "global")]
pub struct Global {
    /// Type and mutability.
    pub ty: GlobalType,
    /// Initializer (a constant expression).
    pub init: Expression,
}

/// Element kind of the function-index forms of element segments.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[wasmbin(what = "element kind")]
pub enum ElemKind {
    /// `funcref`
    #[default]
    FuncRef = 0x00,
}

/// [Element segment](https://webassembly.github.io/spec/core/binary/modules.html#element-section)
/// in one of its eight binary forms (the flags value is the discriminant).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
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

/// [Data segment](https://webassembly.github.io/spec/core/binary/modules.html#data-section)
/// in one of its three binary forms. The bytes share the input buffer.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[wasmbin(leb_discriminant, what = "data segment kind", item = "data segment")]
pub enum Data {
    /// Form 0: active in memory 0.
    Active {
        /// Offset in memory.
        offset: Expression,
        /// The bytes.
        init: Bytes,
    } = 0,
    /// Form 1: passive.
    Passive {
        /// The bytes.
        init: Bytes,
    } = 1,
    /// Form 2: active in a given memory.
    ActiveMemory {
        /// The memory.
        memory: MemIdx,
        /// Offset in memory.
        offset: Expression,
        /// The bytes.
        init: Bytes,
    } = 2,
}

/// A run of locals of one type in a function body.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locals {
    /// How many.
    pub count: u32,
    /// Their type.
    pub ty: ValueType,
}

/// A [function body](https://webassembly.github.io/spec/core/binary/modules.html#code-section):
/// locals and code. In the code section each body is its own lazy [`Blob`].
#[derive(Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
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
}

impl Decode for Func {
    const ITEM_KIND: Option<&'static str> = Some("function");

    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = reader.offset();
        let locals: Vec<Locals> = Decode::decode(reader)?;
        let total = total_locals(&locals);
        if total > u64::from(u32::MAX) {
            return Err(reader.error_at(
                offset,
                ErrorKind::Malformed(format!("too many locals: {total}")),
            ));
        }
        Ok(Func {
            locals,
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

/// Defines [`Section`], its spec order and the [`payload`] marker types from one table.
macro_rules! sections {
    ($($(#[$doc:meta])* $name:ident($contents:ty) = $id:literal, order $order:literal;)*) => {
        /// A [section](https://webassembly.github.io/spec/core/binary/modules.html#sections):
        /// its id and its lazy contents (which keep the original bytes).
        #[wasmbin_discriminants]
        #[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
        #[wasmbin(what = "section id")]
        #[non_exhaustive]
        pub enum Section {
            /// A custom section (allowed anywhere).
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

            /// Position of the section in the order the spec requires (`None` for custom
            /// sections, which may appear anywhere).
            pub fn order(&self) -> Option<u8> {
                section_order(self.id())
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
    /// Type section: recursive type groups.
    Type(Vec<RecGroup>) = 1, order 1;
    /// Import section.
    Import(Vec<Import>) = 2, order 2;
    /// Function section: the type of each function defined in the code section.
    Function(Vec<TypeIdx>) = 3, order 3;
    /// Table section.
    Table(Vec<Table>) = 4, order 4;
    /// Memory section.
    Memory(Vec<MemType>) = 5, order 5;
    /// Tag section (exception handling).
    Tag(Vec<TagType>) = 13, order 6;
    /// Global section.
    Global(Vec<Global>) = 6, order 7;
    /// Export section.
    Export(Vec<Export>) = 7, order 8;
    /// Start section.
    Start(FuncIdx) = 8, order 9;
    /// Element section.
    Element(Vec<Element>) = 9, order 10;
    /// Data count section.
    DataCount(u32) = 12, order 11;
    /// Code section: one lazy body per function.
    Code(Vec<Blob<Func>>) = 10, order 12;
    /// Data section.
    Data(Vec<Data>) = 11, order 13;
}
