//! Names of functions, locals, globals … in the [`name` section](crate::name): get and set
//! them by their typed index (and the module's own name with [`Module::module_name`] and
//! [`Module::set_module_name`]), with every other byte of the module kept as it was.
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
    DataIdx, ElemIdx, FieldIdx, FuncIdx, FuncLabelIdx, GlobalIdx, LocalIdx, MemIdx, TableIdx,
    TagIdx, TypeIdx,
};
use crate::name::{
    IndirectNameAssoc, IndirectNameMap, NameAssoc, NameMap, NameSection, NameSubsection,
};
use crate::{Module, Section};

/// Something the name section can name: an index type, or a pair of an outer and an inner
/// index for the indirect maps of locals, labels and fields.
///
/// Implemented for the index types the name section knows (`FuncIdx`, `GlobalIdx`, …) and
/// for the pairs `(FuncIdx, LocalIdx)`, `(FuncIdx, FuncLabelIdx)` and `(TypeIdx, FieldIdx)`;
/// sealed.
///
/// ```
/// use wasmbin::indices::{FuncIdx, GlobalIdx, LocalIdx};
/// use wasmbin::names::NameKey;
/// use wasmbin::Module;
/// /// Whether `key` has a name.
/// fn is_named<K: NameKey>(module: &Module, key: K) -> bool {
///     matches!(module.name(key), Ok(Some(_)))
/// }
/// let wasm = wat::parse_str("(module (func $f (param $x i32)) (global i32 (i32.const 0)))")?;
/// let module = Module::decode_from(&wasm[..])?;
/// assert!(is_named(&module, FuncIdx(0)) && is_named(&module, (FuncIdx(0), LocalIdx(0))));
/// assert!(!is_named(&module, GlobalIdx(0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait NameKey: Copy + sealed::Sealed {
    /// The id of the name subsection that holds the name.
    ///
    /// ```
    /// use wasmbin::indices::{FieldIdx, FuncIdx, LocalIdx, TypeIdx};
    /// use wasmbin::names::NameKey;
    /// assert_eq!(FuncIdx::SUBSECTION, 1);
    /// assert_eq!(<(FuncIdx, LocalIdx)>::SUBSECTION, 2);
    /// assert_eq!(<(TypeIdx, FieldIdx)>::SUBSECTION, 10);
    /// ```
    const SUBSECTION: u8;
}

pub(crate) mod sealed {
    use super::*;

    /// Only the index types of this crate are name keys; how each finds its name.
    pub trait Sealed: Sized {
        /// The name of `self` in `subsection`, a subsection with the key's id.
        fn lookup(self, subsection: &NameSubsection) -> Result<Option<&str>, DecodeError>;
        /// Sets the name of `self` in `subsection`, a subsection with the key's id.
        fn assign(self, subsection: &mut NameSubsection, name: &str) -> Result<(), DecodeError>;
        /// An empty subsection for the key.
        fn empty_subsection() -> NameSubsection;
    }
}

/// The index types of the direct name maps, whose map the index spaces read whole.
pub(crate) trait DirectNameKey:
    NameKey + crate::io::Decode + Eq + std::hash::Hash + 'static
{
    /// The map of `subsection`, if it is this key's subsection.
    fn map(subsection: &NameSubsection) -> Option<&Blob<NameMap<Self>>>;
}

macro_rules! name_keys {
    ($($id:literal: $idx:ty => $variant:ident;)* indirect: $($indirect:literal: ($outer:ty, $inner:ty) => $ivariant:ident;)*) => {
        $(impl sealed::Sealed for $idx {
            fn lookup(self, subsection: &NameSubsection) -> Result<Option<&str>, DecodeError> {
                match Self::map(subsection) {
                    Some(map) => Ok(find_name(map.try_contents()?, self)),
                    None => Ok(None),
                }
            }

            fn assign(self, subsection: &mut NameSubsection, name: &str) -> Result<(), DecodeError> {
                if let NameSubsection::$variant(map) = subsection {
                    set_in_map(map.try_contents_mut()?, self, name);
                }
                Ok(())
            }

            fn empty_subsection() -> NameSubsection {
                NameSubsection::$variant(Blob::new(Vec::new()))
            }
        }

        impl NameKey for $idx {
            const SUBSECTION: u8 = $id;
        }

        impl DirectNameKey for $idx {
            fn map(subsection: &NameSubsection) -> Option<&Blob<NameMap<Self>>> {
                match subsection {
                    NameSubsection::$variant(map) => Some(map),
                    _ => None,
                }
            }
        })*
        $(impl sealed::Sealed for ($outer, $inner) {
            fn lookup(self, subsection: &NameSubsection) -> Result<Option<&str>, DecodeError> {
                match subsection {
                    NameSubsection::$ivariant(map) => Ok(find_indirect(map.try_contents()?, self.0, self.1)),
                    _ => Ok(None),
                }
            }

            fn assign(self, subsection: &mut NameSubsection, name: &str) -> Result<(), DecodeError> {
                if let NameSubsection::$ivariant(map) = subsection {
                    set_indirect(map.try_contents_mut()?, self.0, self.1, name);
                }
                Ok(())
            }

            fn empty_subsection() -> NameSubsection {
                NameSubsection::$ivariant(Blob::new(Vec::new()))
            }
        }

        impl NameKey for ($outer, $inner) {
            const SUBSECTION: u8 = $indirect;
        })*
    };
}

name_keys! {
    1: FuncIdx => Function;
    4: TypeIdx => Type;
    5: TableIdx => Table;
    6: MemIdx => Memory;
    7: GlobalIdx => Global;
    8: ElemIdx => Elem;
    9: DataIdx => Data;
    11: TagIdx => Tag;
    indirect:
    2: (FuncIdx, LocalIdx) => Local;
    3: (FuncIdx, FuncLabelIdx) => Label;
    10: (TypeIdx, FieldIdx) => Field;
}

/// The name of `index` in a sorted-or-not name map (the first, if it has several).
fn find_name<I: PartialEq>(map: &NameMap<I>, index: I) -> Option<&str> {
    map.iter()
        .find(|assoc| assoc.index == index)
        .map(|assoc| assoc.name.as_str())
}

/// The name of `inner` in the name map of `outer`.
fn find_indirect<O: PartialEq, I: PartialEq>(
    map: &IndirectNameMap<O, I>,
    outer: O,
    inner: I,
) -> Option<&str> {
    let outer = map.iter().find(|assoc| assoc.index == outer)?;
    find_name(&outer.names, inner)
}

/// Sets `index`'s name in `map`: replaced where it is, else inserted before the first
/// greater index (name maps are sorted by index).
fn set_in_map<I: Ord>(map: &mut NameMap<I>, index: I, name: &str) {
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

/// Sets the name of `inner` in the name map of `outer`, inserting that map (in order of
/// outer index) if there is none.
fn set_indirect<O: Ord, I: Ord>(map: &mut IndirectNameMap<O, I>, outer: O, inner: I, name: &str) {
    let at = match map.iter().position(|assoc| assoc.index == outer) {
        Some(at) => at,
        None => {
            let at = map.partition_point(|assoc| assoc.index < outer);
            map.insert(
                at,
                IndirectNameAssoc {
                    index: outer,
                    names: Vec::new(),
                },
            );
            at
        }
    };
    set_in_map(&mut map[at].names, inner, name);
}

impl Module {
    /// Position in [`Module::sections`] of the `name` custom section, if any (decoding the
    /// name of each custom section on the way).
    ///
    /// ```
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (func $f))")?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// // Type, function and code sections, then the names.
    /// assert_eq!(module.name_section_index()?, Some(3));
    /// let unnamed = Module::decode_from(&wat::parse_str("(module (func))")?[..])?;
    /// assert_eq!(unnamed.name_section_index()?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module $demo (func $f (local $x i32)))")?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let names = module.name_section()?.ok_or("no name section")?;
    /// let ids: Vec<u8> = names.subsections.iter().map(|s| s.id()).collect();
    /// assert_eq!(ids, [0, 1, 2]); // the module's name, function names, local names
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// use wasmbin::name::NameSubsection;
    /// use wasmbin::{Blob, Module};
    /// let wasm = wat::parse_str("(module (func) (@custom \"other\" \"\"))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let names = module.name_section_mut()?; // none yet: inserted after the code section
    /// names.subsections.push(NameSubsection::Module(Blob::new("demo".to_owned())));
    /// assert_eq!(module.name_section_index()?, Some(3));
    /// assert_eq!(module.module_name()?, Some("demo"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// use wasmbin::indices::{FuncIdx, GlobalIdx, LocalIdx};
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (func $main (local $i i32)) (global $g i32 (i32.const 0)))")?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// assert_eq!(module.name(FuncIdx(0))?, Some("main"));
    /// assert_eq!(module.name((FuncIdx(0), LocalIdx(0)))?, Some("i"));
    /// assert_eq!(module.name(GlobalIdx(0))?, Some("g"));
    /// assert_eq!(module.name(FuncIdx(1))?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name<K: NameKey>(&self, key: K) -> Result<Option<&str>, DecodeError> {
        let Some(names) = self.name_section()? else {
            return Ok(None);
        };
        match names.subsections.iter().find(|s| s.id() == K::SUBSECTION) {
            Some(subsection) => key.lookup(subsection),
            None => Ok(None),
        }
    }

    /// Sets the name of a function, local, global … (see [`NameKey`]), inserting the name
    /// section and the subsection where the spec orders them if they are missing. Only the
    /// subsection that holds the name is re-encoded (and only if the name changed); the
    /// rest of the module keeps its bytes.
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (func $old) (func))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// module.set_name(FuncIdx(0), "old")?; // the same name: no byte changes
    /// assert_eq!(module.encode_into(Vec::new())?, wasm);
    /// module.set_name(FuncIdx(1), "new")?;
    /// let out = Module::decode_from(&module.encode_into(Vec::new())?[..])?;
    /// assert_eq!((out.name(FuncIdx(0))?, out.name(FuncIdx(1))?), (Some("old"), Some("new")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_name<K: NameKey>(&mut self, key: K, name: &str) -> Result<(), DecodeError> {
        if self.name(key)? == Some(name) {
            return Ok(());
        }
        let names = self.name_section_mut()?;
        let position = names
            .subsections
            .iter()
            .position(|s| s.id() == K::SUBSECTION);
        let position = match position {
            Some(position) => position,
            None => {
                // Subsections are in order of increasing id.
                let at = names
                    .subsections
                    .iter()
                    .position(|s| s.id() > K::SUBSECTION)
                    .unwrap_or(names.subsections.len());
                names.subsections.insert(at, K::empty_subsection());
                at
            }
        };
        key.assign(&mut names.subsections[position], name)?;
        Ok(())
    }

    /// The module's own name (the name section's subsection 0), if it has one. Decodes
    /// only the name section and that subsection.
    ///
    /// ```
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module $demo (func $f))")?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// assert_eq!(module.module_name()?, Some("demo"));
    /// let unnamed = Module::decode_from(&wat::parse_str("(module (func $f))")?[..])?;
    /// assert_eq!(unnamed.module_name()?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn module_name(&self) -> Result<Option<&str>, DecodeError> {
        let Some(names) = self.name_section()? else {
            return Ok(None);
        };
        // The first one wins, as for the other names.
        match names.subsections.iter().find_map(module_subsection) {
            Some(name) => name.try_contents().map(|name| Some(name.as_str())),
            None => Ok(None),
        }
    }

    /// Sets the module's own name, inserting the name section and its subsection 0 (first,
    /// where the spec orders it) if they are missing. As with [`Module::set_name`], only
    /// that subsection is re-encoded, and only if the name changed.
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (func $f))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// module.set_module_name("demo")?;
    /// let out = Module::decode_from(&module.encode_into(Vec::new())?[..])?;
    /// assert_eq!(out.module_name()?, Some("demo"));
    /// assert_eq!(out.name(FuncIdx(0))?, Some("f")); // the other names are kept
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_module_name(&mut self, name: &str) -> Result<(), DecodeError> {
        if self.module_name()? == Some(name) {
            return Ok(());
        }
        let names = self.name_section_mut()?;
        let existing = names.subsections.iter_mut().find_map(|s| match s {
            NameSubsection::Module(blob) => Some(blob),
            _ => None,
        });
        match existing {
            Some(blob) => blob.set_contents(name.to_owned()),
            // Subsections are in order of increasing id: the module's, id 0, comes first.
            None => names
                .subsections
                .insert(0, NameSubsection::Module(Blob::new(name.to_owned()))),
        }
        Ok(())
    }
}

/// The module name's blob, if `subsection` is the module name subsection.
fn module_subsection(subsection: &NameSubsection) -> Option<&Blob<String>> {
    match subsection {
        NameSubsection::Module(name) => Some(name),
        _ => None,
    }
}
