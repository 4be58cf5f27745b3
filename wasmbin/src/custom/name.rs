//! The [`name` custom section](https://webassembly.github.io/spec/core/appendix/custom.html#name-section)
//! and the subsections of the extended name section proposal.

use super::subsections::{impl_subsection, Subsections};
use crate::blob::Blob;
use crate::{wasmbin_discriminants, Visit, Wasmbin};

pub use super::subsections::UnknownSubsection;

/// An index and its name (`nameassoc`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameAssoc {
    /// The index.
    pub index: u32,
    /// Its name.
    pub name: String,
}

/// [Name map](https://webassembly.github.io/spec/core/appendix/custom.html#name-maps) (`namemap`):
/// names by index.
pub type NameMap = Vec<NameAssoc>;

/// An index and a name map of things inside it (`indirectnameassoc`; locals of a function …).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndirectNameAssoc {
    /// The outer index.
    pub index: u32,
    /// Names of the inner things.
    pub names: NameMap,
}

/// Indirect name map (`indirectnamemap`): name maps by outer index.
pub type IndirectNameMap = Vec<IndirectNameAssoc>;

/// A subsection of the name section (`namesubsection`); each is lazy, so a broken one does not hide the others.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
#[wasmbin(what = "name subsection")]
#[non_exhaustive]
pub enum NameSubsection {
    /// Module name.
    Module(Blob<String>) = 0,
    /// Function names.
    Function(Blob<NameMap>) = 1,
    /// Local names by function.
    Local(Blob<IndirectNameMap>) = 2,
    /// Label names by function.
    Label(Blob<IndirectNameMap>) = 3,
    /// Type names.
    Type(Blob<NameMap>) = 4,
    /// Table names.
    Table(Blob<NameMap>) = 5,
    /// Memory names.
    Memory(Blob<NameMap>) = 6,
    /// Global names.
    Global(Blob<NameMap>) = 7,
    /// Element segment names.
    Elem(Blob<NameMap>) = 8,
    /// Data segment names.
    Data(Blob<NameMap>) = 9,
    /// Field names by type.
    Field(Blob<IndirectNameMap>) = 10,
    /// Tag names.
    Tag(Blob<NameMap>) = 11,
    /// Any other id.
    Unknown(UnknownSubsection),
}

impl_subsection!(NameSubsection, "name subsection");

/// The name section (`namedata`, the payload of `namesec`): its subsections in order, up to
/// the end of the section.
pub type NameSection = Subsections<NameSubsection>;
