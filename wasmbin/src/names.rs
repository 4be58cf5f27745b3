//! Names of functions, locals, globals … in the [`name` section](crate::name): get and set
//! them by their typed index, with every other byte of the module kept as it was.
//!
//! ```
//! use wasmbin::indices::{FuncIdx, LocalIdx};
//! use wasmbin::Module;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A module with one function of type `[] -> []` and no name section.
//! let wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x0a\x04\x01\x02\0\x0b";
//! let mut module = Module::decode_from(&wasm[..])?;
//! assert_eq!(module.name(FuncIdx(0))?, None);
//! module.set_name(FuncIdx(0), "main")?;
//! module.set_name((FuncIdx(0), LocalIdx(0)), "counter")?;
//! assert_eq!(module.name(FuncIdx(0))?, Some("main"));
//! assert_eq!(module.name((FuncIdx(0), LocalIdx(0)))?, Some("counter"));
//! let out = module.encode_into(Vec::new())?;
//! // Everything before the new name section is the input, byte for byte.
//! assert_eq!(&out[..wasm.len()], &wasm[..]);
//! # Ok(()) }
//! ```

use crate::blob::Blob;
use crate::custom::CustomSection;
use crate::error::DecodeError;
use crate::indices::{
    DataIdx, ElemIdx, FieldIdx, FuncIdx, GlobalIdx, LabelIdx, LocalIdx, MemIdx, TableIdx, TagIdx,
    TypeIdx,
};
use crate::name::{IndirectNameAssoc, NameAssoc, NameMap, NameSection, NameSubsection};
use crate::{Module, Section};

/// Something the name section can name, and where its name is kept: the subsection id and
/// the index (with the inner index for the indirect maps of locals, labels and fields).
///
/// Implemented for the index types the name section knows (`FuncIdx`, `GlobalIdx`, …) and
/// for the pairs `(FuncIdx, LocalIdx)`, `(FuncIdx, LabelIdx)` and `(TypeIdx, FieldIdx)`;
/// sealed.
pub trait NameKey: Copy + sealed::Sealed {
    /// The id of the name subsection that holds the name.
    const SUBSECTION: u8;
    /// The index in that subsection's map, and the inner index for an indirect map.
    fn key(self) -> (u32, Option<u32>);
}

mod sealed {
    /// Only the index types of this crate are name keys.
    pub trait Sealed {}
}

macro_rules! name_keys {
    ($($id:literal: $idx:ty;)* $(($outer:ty, $inner:ty) = $indirect:literal;)*) => {
        $(impl sealed::Sealed for $idx {}
        impl NameKey for $idx {
            const SUBSECTION: u8 = $id;
            fn key(self) -> (u32, Option<u32>) {
                (self.0, None)
            }
        })*
        $(impl sealed::Sealed for ($outer, $inner) {}
        impl NameKey for ($outer, $inner) {
            const SUBSECTION: u8 = $indirect;
            fn key(self) -> (u32, Option<u32>) {
                (self.0 .0, Some(self.1 .0))
            }
        })*
    };
}

name_keys! {
    1: FuncIdx;
    4: TypeIdx;
    5: TableIdx;
    6: MemIdx;
    7: GlobalIdx;
    8: ElemIdx;
    9: DataIdx;
    11: TagIdx;
    (FuncIdx, LocalIdx) = 2;
    (FuncIdx, LabelIdx) = 3;
    (TypeIdx, FieldIdx) = 10;
}

/// A name map of the name section, direct (names by index) or indirect (name maps by
/// outer index).
pub(crate) enum MapRef<'a> {
    /// The module name, which is not a map.
    Module,
    /// Names by index.
    Direct(&'a Blob<NameMap>),
    /// Name maps by outer index.
    Indirect(&'a Blob<Vec<IndirectNameAssoc>>),
    /// A subsection wasmbin does not know.
    Unknown,
}

/// The map of a subsection, mutably (see [`MapRef`]).
pub(crate) enum MapMut<'a> {
    /// The module name, which is not a map.
    Module,
    /// Names by index.
    Direct(&'a mut Blob<NameMap>),
    /// Name maps by outer index.
    Indirect(&'a mut Blob<Vec<IndirectNameAssoc>>),
    /// A subsection wasmbin does not know.
    Unknown,
}

/// The id and map of a subsection (one match, so a new subsection kind must be decided on).
pub(crate) fn subsection_map(subsection: &NameSubsection) -> (u8, MapRef<'_>) {
    match subsection {
        NameSubsection::Module(_) => (0, MapRef::Module),
        NameSubsection::Function(map) => (1, MapRef::Direct(map)),
        NameSubsection::Local(map) => (2, MapRef::Indirect(map)),
        NameSubsection::Label(map) => (3, MapRef::Indirect(map)),
        NameSubsection::Type(map) => (4, MapRef::Direct(map)),
        NameSubsection::Table(map) => (5, MapRef::Direct(map)),
        NameSubsection::Memory(map) => (6, MapRef::Direct(map)),
        NameSubsection::Global(map) => (7, MapRef::Direct(map)),
        NameSubsection::Elem(map) => (8, MapRef::Direct(map)),
        NameSubsection::Data(map) => (9, MapRef::Direct(map)),
        NameSubsection::Field(map) => (10, MapRef::Indirect(map)),
        NameSubsection::Tag(map) => (11, MapRef::Direct(map)),
        NameSubsection::Unknown(unknown) => (unknown.id, MapRef::Unknown),
    }
}

/// [`subsection_map`], mutably.
pub(crate) fn subsection_map_mut(subsection: &mut NameSubsection) -> (u8, MapMut<'_>) {
    match subsection {
        NameSubsection::Module(_) => (0, MapMut::Module),
        NameSubsection::Function(map) => (1, MapMut::Direct(map)),
        NameSubsection::Local(map) => (2, MapMut::Indirect(map)),
        NameSubsection::Label(map) => (3, MapMut::Indirect(map)),
        NameSubsection::Type(map) => (4, MapMut::Direct(map)),
        NameSubsection::Table(map) => (5, MapMut::Direct(map)),
        NameSubsection::Memory(map) => (6, MapMut::Direct(map)),
        NameSubsection::Global(map) => (7, MapMut::Direct(map)),
        NameSubsection::Elem(map) => (8, MapMut::Direct(map)),
        NameSubsection::Data(map) => (9, MapMut::Direct(map)),
        NameSubsection::Field(map) => (10, MapMut::Indirect(map)),
        NameSubsection::Tag(map) => (11, MapMut::Direct(map)),
        NameSubsection::Unknown(unknown) => (unknown.id, MapMut::Unknown),
    }
}

/// An empty subsection with id `id` (one of the ids of [`NameKey::SUBSECTION`]).
fn empty_subsection(id: u8) -> NameSubsection {
    match id {
        1 => NameSubsection::Function(Blob::new(Vec::new())),
        2 => NameSubsection::Local(Blob::new(Vec::new())),
        3 => NameSubsection::Label(Blob::new(Vec::new())),
        4 => NameSubsection::Type(Blob::new(Vec::new())),
        5 => NameSubsection::Table(Blob::new(Vec::new())),
        6 => NameSubsection::Memory(Blob::new(Vec::new())),
        7 => NameSubsection::Global(Blob::new(Vec::new())),
        8 => NameSubsection::Elem(Blob::new(Vec::new())),
        9 => NameSubsection::Data(Blob::new(Vec::new())),
        10 => NameSubsection::Field(Blob::new(Vec::new())),
        _ => NameSubsection::Tag(Blob::new(Vec::new())),
    }
}

/// The name in a sorted-or-not name map.
fn find_name(map: &NameMap, index: u32) -> Option<&str> {
    map.iter()
        .find(|assoc| assoc.index == index)
        .map(|assoc| assoc.name.as_str())
}

/// Sets `index`'s name in `map`: replaced where it is, else inserted before the first
/// greater index (name maps are sorted by index).
fn set_in_map(map: &mut NameMap, index: u32, name: &str) {
    match map.iter_mut().find(|assoc| assoc.index == index) {
        Some(assoc) => {
            if assoc.name != name {
                assoc.name = name.to_owned();
            }
        }
        None => {
            let at = map.partition_point(|assoc| assoc.index < index);
            map.insert(
                at,
                NameAssoc {
                    index,
                    name: name.to_owned(),
                },
            );
        }
    }
}

impl Module {
    /// Position in [`Module::sections`] of the `name` custom section, if any (decoding the
    /// name of each custom section on the way).
    pub fn name_section_index(&self) -> Result<Option<usize>, DecodeError> {
        for (index, section) in self.sections.iter().enumerate() {
            if let Section::Custom(blob) = section {
                if let CustomSection::Name(_) = blob.try_contents()? {
                    return Ok(Some(index));
                }
            }
        }
        Ok(None)
    }

    /// The decoded `name` section, if the module has one.
    pub fn name_section(&self) -> Result<Option<&NameSection>, DecodeError> {
        let Some(index) = self.name_section_index()? else {
            return Ok(None);
        };
        match &self.sections[index] {
            Section::Custom(blob) => match blob.try_contents()? {
                CustomSection::Name(payload) => payload.try_contents().map(Some),
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// The `name` section for modification, inserted (empty) if there is none: after the
    /// last standard section, where the spec places it (after the data section).
    pub fn name_section_mut(&mut self) -> Result<&mut NameSection, DecodeError> {
        let index = match self.name_section_index()? {
            Some(index) => index,
            None => {
                let at = self
                    .sections
                    .iter()
                    .rposition(|s| !matches!(s, Section::Custom(_)))
                    .map_or(0, |last| last + 1);
                let section = CustomSection::Name(Blob::new(NameSection::default()));
                self.sections
                    .insert(at, Section::Custom(Blob::new(section)));
                at
            }
        };
        let Section::Custom(blob) = &mut self.sections[index] else {
            unreachable!("the name section's index was found or made above");
        };
        match blob.try_contents_mut()? {
            CustomSection::Name(payload) => payload.try_contents_mut(),
            _ => unreachable!("the name section's index was found or made above"),
        }
    }

    /// The name of a function, local, global … (see [`NameKey`]), if the name section has
    /// one. Decodes only the name section and the subsection asked for.
    pub fn name<K: NameKey>(&self, key: K) -> Result<Option<&str>, DecodeError> {
        let Some(names) = self.name_section()? else {
            return Ok(None);
        };
        let (index, inner) = key.key();
        for subsection in &names.subsections {
            match (subsection_map(subsection), inner) {
                ((id, MapRef::Direct(map)), None) if id == K::SUBSECTION => {
                    return Ok(find_name(map.try_contents()?, index));
                }
                ((id, MapRef::Indirect(map)), Some(inner)) if id == K::SUBSECTION => {
                    let outer = map.try_contents()?.iter().find(|a| a.index == index);
                    return Ok(outer.and_then(|outer| find_name(&outer.names, inner)));
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// Sets the name of a function, local, global … (see [`NameKey`]), inserting the name
    /// section and the subsection where the spec orders them if they are missing. Only the
    /// subsection that holds the name is re-encoded (and only if the name changed); the
    /// rest of the module keeps its bytes.
    pub fn set_name<K: NameKey>(&mut self, key: K, name: &str) -> Result<(), DecodeError> {
        if self.name(key)? == Some(name) {
            return Ok(());
        }
        let names = self.name_section_mut()?;
        let position = names
            .subsections
            .iter()
            .position(|s| subsection_map(s).0 == K::SUBSECTION);
        let position = match position {
            Some(position) => position,
            None => {
                // Subsections are in order of increasing id.
                let at = names
                    .subsections
                    .iter()
                    .position(|s| subsection_map(s).0 > K::SUBSECTION)
                    .unwrap_or(names.subsections.len());
                names
                    .subsections
                    .insert(at, empty_subsection(K::SUBSECTION));
                at
            }
        };
        let (index, inner) = key.key();
        match (
            subsection_map_mut(&mut names.subsections[position]).1,
            inner,
        ) {
            (MapMut::Direct(map), _) => set_in_map(map.try_contents_mut()?, index, name),
            (MapMut::Indirect(map), Some(inner)) => {
                let map = map.try_contents_mut()?;
                let at = match map.iter().position(|a| a.index == index) {
                    Some(at) => at,
                    None => {
                        let at = map.partition_point(|a| a.index < index);
                        map.insert(
                            at,
                            IndirectNameAssoc {
                                index,
                                names: Vec::new(),
                            },
                        );
                        at
                    }
                };
                set_in_map(&mut map[at].names, inner, name);
            }
            _ => unreachable!("NameKey ids name direct or indirect maps as their keys say"),
        }
        Ok(())
    }
}
