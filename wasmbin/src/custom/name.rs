//! The [`name` custom section](https://webassembly.github.io/spec/core/appendix/custom.html#name-section)
//! and the subsections of the extended name section proposal.

use crate::blob::Blob;
use crate::custom::{decode_to_end, encode_subsections, Subsection};
use crate::error::DecodeError;
use crate::io::{Decode, Encode, Reader};
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use std::io::Write;

pub use crate::custom::UnknownSubsection;

/// An index and its name.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameAssoc {
    /// The index.
    pub index: u32,
    /// Its name.
    pub name: String,
}

/// [Name map](https://webassembly.github.io/spec/core/appendix/custom.html#name-maps): names by index.
pub type NameMap = Vec<NameAssoc>;

/// An index and a name map of things inside it (locals of a function …).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndirectNameAssoc {
    /// The outer index.
    pub index: u32,
    /// Names of the inner things.
    pub names: NameMap,
}

/// Indirect name map: name maps by outer index.
pub type IndirectNameMap = Vec<IndirectNameAssoc>;

/// A subsection of the name section; each is lazy, so a broken one does not hide the others.
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

/// The name section: its subsections in order.
#[derive(Visit, Debug, Clone, PartialEq, Default)]
pub struct NameSection {
    /// The subsections.
    pub subsections: Vec<NameSubsection>,
}

impl Subsection for NameSubsection {
    const WHAT: &'static str = "name subsection";

    fn as_unknown(&self) -> Option<&UnknownSubsection> {
        match self {
            NameSubsection::Unknown(unknown) => Some(unknown),
            _ => None,
        }
    }
}

impl Encode for NameSection {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        encode_subsections(writer, &self.subsections)
    }
}

impl Decode for NameSection {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(NameSection {
            subsections: decode_to_end(reader)?,
        })
    }
}
