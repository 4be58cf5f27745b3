//! The [`name` custom section](https://webassembly.github.io/spec/core/appendix/custom.html#name-section)
//! and the subsections of the extended name section proposal.

use super::subsections::{impl_subsection, Subsections};
use crate::blob::Blob;
use crate::indices::{
    DataIdx, ElemIdx, FieldIdx, FuncIdx, FuncLabelIdx, GlobalIdx, LocalIdx, MemIdx, TableIdx,
    TagIdx, TypeIdx,
};
use crate::{wasmbin_discriminants, Visit, Wasmbin};

pub use super::subsections::UnknownSubsection;

/// An index and its name (`nameassoc`), the index typed by the space it is in
/// ([`FuncIdx`] in the function names …), so that a `visit_mut` over that index type
/// renumbers the name section with the rest of the module.
///
/// ```
/// use wasmbin::indices::FuncIdx;
/// use wasmbin::{Module, Visit};
/// let wasm = wat::parse_str("(module (func $a) (func $b))")?;
/// let mut module = Module::decode_from(&wasm[..])?;
/// module.visit_mut(|func: &mut FuncIdx| func.0 = 1 - func.0)?; // swap the two functions
/// assert_eq!(module.name(FuncIdx(0))?, Some("b")); // their names followed
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NameAssoc<I> {
    /// The index.
    pub index: I,
    /// Its name.
    pub name: String,
}

/// [Name map](https://webassembly.github.io/spec/core/appendix/custom.html#name-maps) (`namemap`):
/// names by index.
///
/// ```
/// use wasmbin::indices::FuncIdx;
/// use wasmbin::name::{NameAssoc, NameMap, NameSubsection};
/// use wasmbin::Module;
/// let module = Module::decode_from(&wat::parse_str("(module (func $main))")?[..])?;
/// let names = module.name_section()?.ok_or("no name section")?;
/// let NameSubsection::Function(map) = &names.subsections[0] else { panic!("not function names") };
/// let map: &NameMap<FuncIdx> = map.try_contents()?;
/// assert_eq!(map, &[NameAssoc { index: FuncIdx(0), name: "main".to_owned() }]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type NameMap<I> = Vec<NameAssoc<I>>;

/// An outer index and a name map of things inside it (`indirectnameassoc`; the locals of a
/// function by [`FuncIdx`] and [`LocalIdx`] …).
///
/// ```
/// use wasmbin::indices::{FuncIdx, LocalIdx};
/// use wasmbin::name::{IndirectNameAssoc, NameAssoc};
/// let local = NameAssoc { index: LocalIdx(0), name: "x".to_owned() };
/// let assoc = IndirectNameAssoc { index: FuncIdx(2), names: vec![local] };
/// // Function 2, one name: local 0, "x".
/// assert_eq!(wasmbin::io::encode_to_vec(&assoc)?, [2, 1, 0, 1, b'x']);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct IndirectNameAssoc<O, I> {
    /// The outer index.
    pub index: O,
    /// Names of the inner things.
    pub names: NameMap<I>,
}

/// Indirect name map (`indirectnamemap`): name maps by outer index.
///
/// ```
/// use wasmbin::indices::{FuncIdx, LocalIdx};
/// use wasmbin::name::{IndirectNameMap, NameSubsection};
/// use wasmbin::Module;
/// let module = Module::decode_from(&wat::parse_str("(module (func (param $x i32) (local $y i64)))")?[..])?;
/// let names = module.name_section()?.ok_or("no name section")?;
/// let map = names.subsections.iter().find_map(|s| match s {
///     NameSubsection::Local(map) => Some(map),
///     _ => None,
/// });
/// let locals: &IndirectNameMap<FuncIdx, LocalIdx> = map.ok_or("no local names")?.try_contents()?;
/// assert_eq!(locals[0].index, FuncIdx(0));
/// let named: Vec<_> = locals[0].names.iter().map(|n| (n.index, n.name.as_str())).collect();
/// assert_eq!(named, [(LocalIdx(0), "x"), (LocalIdx(1), "y")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type IndirectNameMap<O, I> = Vec<IndirectNameAssoc<O, I>>;

/// A subsection of the name section (`namesubsection`); each is lazy, so a broken one does not hide the others.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "name subsection")]
#[non_exhaustive]
pub enum NameSubsection {
    /// Module name.
    Module(Blob<String>) = 0,
    /// Function names.
    Function(Blob<NameMap<FuncIdx>>) = 1,
    /// Local names by function.
    Local(Blob<IndirectNameMap<FuncIdx, LocalIdx>>) = 2,
    /// Label names by function: the labels are numbered in the order of the `block`,
    /// `loop`, `if` … that introduce them in the function ([`FuncLabelIdx`], not the branch
    /// depth of a [`LabelIdx`](crate::indices::LabelIdx)).
    Label(Blob<IndirectNameMap<FuncIdx, FuncLabelIdx>>) = 3,
    /// Type names.
    Type(Blob<NameMap<TypeIdx>>) = 4,
    /// Table names.
    Table(Blob<NameMap<TableIdx>>) = 5,
    /// Memory names.
    Memory(Blob<NameMap<MemIdx>>) = 6,
    /// Global names.
    Global(Blob<NameMap<GlobalIdx>>) = 7,
    /// Element segment names.
    Elem(Blob<NameMap<ElemIdx>>) = 8,
    /// Data segment names.
    Data(Blob<NameMap<DataIdx>>) = 9,
    /// Field names by type.
    Field(Blob<IndirectNameMap<TypeIdx, FieldIdx>>) = 10,
    /// Tag names.
    Tag(Blob<NameMap<TagIdx>>) = 11,
    /// Any other id.
    Unknown(UnknownSubsection),
}

impl NameSubsection {
    /// The subsection id.
    ///
    /// ```
    /// use wasmbin::name::NameSubsection;
    /// use wasmbin::Blob;
    /// assert_eq!(NameSubsection::Local(Blob::new(Vec::new())).id(), 2);
    /// ```
    pub fn id(&self) -> u8 {
        match self {
            NameSubsection::Module(_) => 0,
            NameSubsection::Function(_) => 1,
            NameSubsection::Local(_) => 2,
            NameSubsection::Label(_) => 3,
            NameSubsection::Type(_) => 4,
            NameSubsection::Table(_) => 5,
            NameSubsection::Memory(_) => 6,
            NameSubsection::Global(_) => 7,
            NameSubsection::Elem(_) => 8,
            NameSubsection::Data(_) => 9,
            NameSubsection::Field(_) => 10,
            NameSubsection::Tag(_) => 11,
            NameSubsection::Unknown(unknown) => unknown.id,
        }
    }
}

impl_subsection!(NameSubsection, "name subsection");

/// The name section (`namedata`, the payload of `namesec`): its subsections in order, up to
/// the end of the section.
pub type NameSection = Subsections<NameSubsection>;
