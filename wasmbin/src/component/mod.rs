//! [WebAssembly components](https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md):
//! the same lazy, lossless tree as for modules.
//!
//! A [`Component`] is a list of [`ComponentSection`]s, each a lazy [`Blob`] that keeps its
//! original bytes. A nested core module is a lazy [`Module`] (whose sections are lazy in
//! turn) and a nested component a lazy [`Component`]: an untouched component encodes back
//! byte for byte, and editing one function of a nested module re-encodes that body and the
//! sizes around it, nothing else.
//!
//! The grammar is Binary.md's, as far as wasmparser 0.263 reads it with every component
//! feature on (async, error contexts, threads, name attributes …); where the two differ,
//! the types follow wasmparser and say so. wasmparser 0.263 has no reader for the value
//! section (id 12, 🪙), so neither has wasmbin: it is an unknown section id.
//!
//! Errors carry the absolute offset and the path through the nesting, e.g. `unknown opcode
//! 0xff at offset 0x3c (component section 2, nested module 0, code section, function 0,
//! instruction 1)`.
//!
//! ```
//! use wasmbin::component::{Component, ComponentSection};
//! use wasmbin::{payload, Binary};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let bytes = wast::parser::parse::<wast::Wat>(&wast::parser::ParseBuffer::new(
//! #     r#"(component
//! #          (import "host" (func))
//! #          (core module (func (export "f")) (func))
//! #          (export "again" (func 0)))"#)?)?.encode()?;
//! let Binary::Component(component) = Binary::decode_from(&bytes[..])? else {
//!     panic!("not a component");
//! };
//! for import in component.imports()? {
//!     println!("import {}: {:?}", import.name, import.ty);
//! }
//! for export in component.exports()? {
//!     println!("export {}: {:?}", export.name, export.item);
//! }
//! for module in component.core_modules() {
//!     let module = module?;
//!     let functions = module
//!         .find_std_section::<payload::Function>()
//!         .map_or(Ok(0), |f| f.try_contents().map(Vec::len))?;
//!     println!("nested module with {functions} functions");
//!     assert_eq!(functions, 2);
//! }
//! assert_eq!(component.encode_into(Vec::new())?, bytes);
//! # Ok(()) }
//! ```

pub mod aliases;
#[cfg(feature = "arbitrary")]
mod arbitrary;
pub mod canon;
pub mod imports;
pub mod indices;
pub mod instances;
pub mod types;

use crate::blob::{read_section, Blob, ForgetOriginal};
use crate::custom::CustomSection;
use crate::error::{
    encode_error, encode_within, Context, DecodeError, EncodeError, ErrorKind, PathSegment,
};
use crate::io::{Decode, Encode, Reader};
use crate::module::Module;
use crate::visit::VisitError;
use crate::{wasmbin_discriminants, Visit, Wasmbin};
use aliases::Alias;
use bytes::Bytes;
use canon::{Canon, Start};
use imports::{Export, Import};
use instances::{CoreInstance, CoreSort, Instance, Sort};
use std::any::Any;
use std::io::{Read, Write};
use types::{ComponentType, CoreType, ExternType, TypeBound};

const MAGIC: &[u8; 4] = b"\0asm";
/// The preamble's `version` (`0x0d 0x00`, pre-standard) and `layer` (`0x01 0x00`) fields.
const VERSION_AND_LAYER: [u8; 4] = [0x0D, 0x00, 0x01, 0x00];

/// How deep components may nest: decoding a component nested deeper fails (lazily, when
/// it is reached), and so do the eager operations ([`Component::decode_all`],
/// [`Component::decode_all_mut`], [`Visit`]) on a tree built deeper by hand. A decoded tree
/// is thus at most this deep, which bounds the recursion of `Clone`, `Debug`, `PartialEq`
/// and encoding (wasmparser 0.263 has no such limit).
pub const MAX_COMPONENT_NESTING: usize = 100;

/// Defines [`ComponentSection`], its ids by name, [`section_name`] and its lazy reader from
/// one table: what an id is called in errors, and each section's variant, contents, id and
/// name are written once.
macro_rules! component_sections {
    (what = $what:tt; $(
        $(#[$doc:meta])*
        $name:ident($contents:ty) = $id:literal as $const:ident, $spec_name:literal;
    )*) => {
        /// `section`: a section of a component, its id and its lazy contents.
        #[wasmbin_discriminants]
        #[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[wasmbin(what = $what, hot)]
        #[non_exhaustive]
        // The custom section, twice the size of the others, is boxed; the rest are blobs of
        // the same size, kept inline (no allocation per section).
        pub enum ComponentSection {
            $($(#[$doc])* $name($contents) = $id,)*
        }

        impl ComponentSection {
            $(
                #[doc = concat!("The id of the ", $spec_name, " section.")]
                // Only some ids are needed by name.
                #[allow(dead_code)]
                pub(crate) const $const: u8 = $id;
            )*

            /// The section id.
            pub fn id(&self) -> u8 {
                match self {
                    $(ComponentSection::$name(_) => $id,)*
                }
            }

            /// The section's original bytes (size prefix and contents), unless modified.
            fn raw_bytes(&self) -> Option<&[u8]> {
                match self {
                    $(ComponentSection::$name(blob) => blob.raw_bytes(),)*
                }
            }

            /// Absolute offset of the section's id byte in the input and the section's total
            /// size there (id, size prefix and contents); `None` once it was modified.
            pub fn extent(&self) -> Option<(usize, usize)> {
                let offset = match self {
                    $(ComponentSection::$name(blob) => blob.offset(),)*
                };
                Some((offset?.checked_sub(1)?, self.raw_bytes()?.len() + 1))
            }

            /// The path of what lies at the absolute `offset` in this section as read (the
            /// section itself, or an item of it), not looking into nested modules and
            /// components.
            #[cfg(feature = "validate")]
            pub(crate) fn path_at(&self, offset: usize) -> Vec<PathSegment> {
                match self {
                    $(ComponentSection::$name(blob) => blob.path_at(offset),)*
                }
            }
        }

        crate::blob::lazy_section!(ComponentSection, $what, $($name = $id),*);

        /// The name of a component section id (`"core module"` for 1 …; `"unknown"` for an
        /// id without a section).
        pub fn section_name(id: u8) -> &'static str {
            match id {
                $($id => $spec_name,)*
                _ => "unknown",
            }
        }
    };
}

component_sections! {
    what = "component section id";
    /// `section_0(core:custom)`: a custom section (boxed: its typed payloads make it twice
    /// the size of the other variants, and components have few custom sections).
    Custom(Box<Blob<CustomSection>>) = 0 as CUSTOM, "custom";
    /// `section_1(core:module)`: a nested core module.
    CoreModule(Blob<Module>) = 1 as CORE_MODULE, "core module";
    /// `section_2(vec(core:instance))`: core instances.
    CoreInstance(Blob<Vec<CoreInstance>>) = 2 as CORE_INSTANCE, "core instance";
    /// `section_3(vec(core:type))`: core types.
    CoreType(Blob<Vec<CoreType>>) = 3 as CORE_TYPE, "core type";
    /// `section_4(component)`: a nested component.
    Component(Blob<Component>) = 4 as COMPONENT, "component";
    /// `section_5(vec(instance))`: component instances.
    Instance(Blob<Vec<Instance>>) = 5 as INSTANCE, "instance";
    /// `section_6(vec(alias))`: aliases.
    Alias(Blob<Vec<Alias>>) = 6 as ALIAS, "alias";
    /// `section_7(vec(type))`: component types.
    Type(Blob<Vec<ComponentType>>) = 7 as TYPE, "type";
    /// `section_8(vec(canon))`: canonical functions.
    Canon(Blob<Vec<Canon>>) = 8 as CANON, "canon";
    /// `section_9(start)`: the start function (at most one).
    Start(Blob<Start>) = 9 as START, "start";
    /// `section_10(vec(import))`: imports.
    Import(Blob<Vec<Import>>) = 10 as IMPORT, "import";
    /// `section_11(vec(export))`: exports.
    Export(Blob<Vec<Export>>) = 11 as EXPORT, "export";
}

/// `component`: a WebAssembly component, its sections in order, each a lazy [`Blob`] that
/// keeps its original bytes until modified.
///
/// Build one with [`Component::new`] (or `Component::default()` and push sections). Two
/// components are equal when their sections are.
#[derive(Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Component {
    /// The sections, in their order in the binary.
    pub sections: Vec<ComponentSection>,
    /// The bytes the component was read from, preamble included (`None` if it was built):
    /// while `sections` are still exactly the sections read from them, encoding writes them
    /// in one piece instead of section by section.
    /// (Boxed: a nested component is a blob's contents, and blobs are kept small.)
    #[cfg_attr(feature = "serde", serde(skip))]
    source: Option<Box<Bytes>>,
}

impl PartialEq for Component {
    fn eq(&self, other: &Self) -> bool {
        self.sections == other.sections
    }
}

impl std::fmt::Debug for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Component")
            .field("sections", &self.sections)
            .finish_non_exhaustive()
    }
}

impl From<Vec<ComponentSection>> for Component {
    fn from(sections: Vec<ComponentSection>) -> Self {
        Component::new(sections)
    }
}

/// Reads all of `reader` into a buffer.
pub(crate) fn read_all(mut reader: impl Read) -> Result<Bytes, DecodeError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|err| {
        DecodeError::new(
            ErrorKind::Io(err.to_string()),
            bytes.len(),
            Default::default(),
        )
    })?;
    Ok(bytes.into())
}

/// Decodes all of `bytes` as one `T`.
fn decode_whole<T: Decode>(bytes: Bytes) -> Result<T, DecodeError> {
    let mut reader = Reader::shared(&bytes, 0, Default::default());
    let value = T::decode(&mut reader)?;
    reader.expect_end()?;
    Ok(value)
}

/// Size of the buffer that `encode_into` writes through.
const ENCODE_BUFFER: usize = 64 * 1024;

impl Component {
    /// A component with these sections.
    ///
    /// ```
    /// use wasmbin::component::{Component, ComponentSection};
    /// use wasmbin::Blob;
    /// let component = Component::new(vec![ComponentSection::Import(Blob::new(Vec::new()))]);
    /// let bytes = component.encode_into(Vec::new())?;
    /// assert_eq!(bytes, b"\0asm\x0d\0\x01\0\x0a\x01\x00");
    /// # Ok::<(), wasmbin::EncodeError>(())
    /// ```
    pub fn new(sections: Vec<ComponentSection>) -> Self {
        Component {
            sections,
            source: None,
        }
    }

    /// Reads a component from any reader. Sections are not decoded until asked for.
    pub fn decode_from(reader: impl Read) -> Result<Component, DecodeError> {
        Self::decode_from_bytes(read_all(reader)?)
    }

    /// Reads a component from bytes the caller owns, without copying them.
    pub fn decode_from_bytes(bytes: impl Into<Bytes>) -> Result<Component, DecodeError> {
        decode_whole(bytes.into())
    }

    /// Writes the component; untouched parts are written exactly as they were read.
    ///
    /// Fails when a value cannot be expressed in the binary format
    /// ([`EncodeErrorKind::Unrepresentable`](crate::error::EncodeErrorKind), with the path
    /// to it: the component section, then the path inside a nested module or component),
    /// when the component has more than one start section, or when the writer fails.
    pub fn encode_into<W: Write>(&self, writer: W) -> Result<W, EncodeError> {
        let mut buffered = crate::io::EncodeBuffer::new(ENCODE_BUFFER, writer);
        self.encode(&mut buffered)?;
        Ok(buffered.finish()?)
    }

    /// The imports of the component (decoding the import sections).
    pub fn imports(&self) -> Result<Vec<&Import>, DecodeError> {
        let mut out = Vec::new();
        for section in &self.sections {
            if let ComponentSection::Import(blob) = section {
                out.extend(blob.try_contents()?);
            }
        }
        Ok(out)
    }

    /// The exports of the component (decoding the export sections).
    pub fn exports(&self) -> Result<Vec<&Export>, DecodeError> {
        let mut out = Vec::new();
        for section in &self.sections {
            if let ComponentSection::Export(blob) = section {
                out.extend(blob.try_contents()?);
            }
        }
        Ok(out)
    }

    /// The core modules defined directly in this component, in order (each decoded into
    /// its lazy sections on the way).
    pub fn core_modules(&self) -> impl Iterator<Item = Result<&Module, DecodeError>> {
        self.sections.iter().filter_map(|s| match s {
            ComponentSection::CoreModule(blob) => Some(blob.try_contents()),
            _ => None,
        })
    }

    /// The components nested directly in this component, in order.
    pub fn nested_components(&self) -> impl Iterator<Item = Result<&Component, DecodeError>> {
        self.sections.iter().filter_map(|s| match s {
            ComponentSection::Component(blob) => Some(blob.try_contents()),
            _ => None,
        })
    }

    /// The custom sections, in order (decoding each one's name).
    pub fn custom_sections(&self) -> impl Iterator<Item = Result<&CustomSection, DecodeError>> {
        self.sections.iter().filter_map(|s| match s {
            ComponentSection::Custom(blob) => Some(blob.try_contents()),
            _ => None,
        })
    }

    /// The sizes of the component's index spaces after all its definitions.
    pub fn index_spaces(&self) -> Result<IndexSpaces, DecodeError> {
        let mut spaces = IndexSpaces::default();
        for section in &self.sections {
            match section {
                ComponentSection::Custom(_) => {}
                ComponentSection::CoreModule(_) => spaces.core_modules += 1,
                ComponentSection::CoreInstance(b) => {
                    spaces.core_instances += b.try_contents()?.len() as u64
                }
                ComponentSection::CoreType(b) => {
                    for ty in b.try_contents()? {
                        spaces.core_types += match ty {
                            // Each type of a recursive group takes an index.
                            CoreType::Rec(group) => group.types().len() as u64,
                            _ => 1,
                        };
                    }
                }
                ComponentSection::Component(_) => spaces.components += 1,
                ComponentSection::Instance(b) => spaces.instances += b.try_contents()?.len() as u64,
                ComponentSection::Alias(b) => {
                    for alias in b.try_contents()? {
                        spaces.add(alias.sort);
                    }
                }
                ComponentSection::Type(b) => spaces.types += b.try_contents()?.len() as u64,
                ComponentSection::Canon(b) => {
                    for canon in b.try_contents()? {
                        match canon {
                            Canon::Lift { .. } => spaces.funcs += 1,
                            _ => spaces.core_funcs += 1,
                        }
                    }
                }
                ComponentSection::Start(b) => spaces.values += u64::from(b.try_contents()?.results),
                ComponentSection::Import(b) => {
                    for import in b.try_contents()? {
                        spaces.add(import.ty.sort());
                    }
                }
                ComponentSection::Export(b) => {
                    for export in b.try_contents()? {
                        spaces.add(export.item.sort);
                    }
                }
            }
        }
        Ok(spaces)
    }

    /// Decodes every lazy part, nested modules and components included, keeping the
    /// original bytes (so encoding still writes the input back exactly).
    ///
    /// Fails on the first malformed part (in binary order). Custom section payloads that
    /// fail to decode are returned as warnings.
    pub fn decode_all(&self) -> Result<Vec<DecodeError>, DecodeError> {
        let mut warnings = Vec::new();
        self.walk(
            &mut |section| {
                match section {
                    ComponentSection::Custom(blob) => {
                        if let Err(err) = blob.try_contents()?.decode_payload() {
                            warnings.push(err);
                        }
                    }
                    ComponentSection::CoreModule(blob) => {
                        let module = blob.try_contents()?;
                        warnings.extend(module.decode_all().map_err(|err| in_module(err, blob))?);
                    }
                    // The walk decodes nested components.
                    ComponentSection::Component(_) => {}
                    other => other.visit(|_: &()| {})?,
                }
                Ok(())
            },
            &mut |_| Ok(()),
        )?;
        Ok(warnings)
    }

    /// Decodes every lazy part like [`Component::decode_all`] and forgets the original
    /// bytes, so the next encode writes every part from its decoded value (size prefixes
    /// included: an eager encode has no over-long LEB).
    pub fn decode_all_mut(&mut self) -> Result<Vec<DecodeError>, DecodeError> {
        self.decode_all()?;
        let mut warnings = Vec::new();
        self.walk_mut(
            &mut |section| {
                match section {
                    ComponentSection::Custom(blob) => {
                        warnings.extend(crate::module::forget_custom_original(blob)?)
                    }
                    ComponentSection::CoreModule(blob) => {
                        warnings.extend(blob.try_contents_mut()?.decode_all_mut()?);
                        blob.forget_original();
                    }
                    // The walk goes on into its sections.
                    ComponentSection::Component(blob) => {
                        blob.try_contents_mut()?;
                        blob.forget_original();
                    }
                    other => other.visit_mut(|_: &mut ForgetOriginal| {})?,
                }
                Ok(())
            },
            &mut |_| Ok(()),
        )?;
        Ok(warnings)
    }

    /// Calls `on_section` on every section in binary order, depth first into nested
    /// components (after their section, before the sections that follow it), and
    /// `on_component` on each nested component when entering it. Iterative: nesting costs
    /// no stack.
    fn walk<'a, E: From<DecodeError>>(
        &'a self,
        on_section: &mut dyn FnMut(&'a ComponentSection) -> Result<(), E>,
        on_component: &mut dyn FnMut(&'a Component) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stack = vec![self.sections.iter()];
        while let Some(iter) = stack.last_mut() {
            let Some(section) = iter.next() else {
                stack.pop();
                continue;
            };
            on_section(section)?;
            if let ComponentSection::Component(blob) = section {
                check_nesting(stack.len(), blob)?;
                let nested = blob.try_contents()?;
                on_component(nested)?;
                stack.push(nested.sections.iter());
            }
        }
        Ok(())
    }

    /// [`Component::walk`] with mutable access (nested components are decoded for
    /// modification on the way).
    fn walk_mut<E: From<DecodeError>>(
        &mut self,
        on_section: &mut dyn FnMut(&mut ComponentSection) -> Result<(), E>,
        on_component: &mut dyn FnMut(&mut Component) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stack = vec![self.sections.iter_mut()];
        while let Some(iter) = stack.last_mut() {
            let Some(section) = iter.next() else {
                stack.pop();
                continue;
            };
            on_section(section)?;
            if let ComponentSection::Component(blob) = section {
                check_nesting(stack.len(), blob)?;
                let nested = blob.try_contents_mut()?;
                on_component(nested)?;
                stack.push(nested.sections.iter_mut());
            }
        }
        Ok(())
    }
}

/// Fails when a component nested `depth` levels deep would be entered beyond the limit.
fn check_nesting(depth: usize, blob: &Blob<Component>) -> Result<(), DecodeError> {
    if depth > MAX_COMPONENT_NESTING {
        return Err(too_deep(blob.offset().unwrap_or(0), blob.context()));
    }
    Ok(())
}

/// The error for a component nested beyond [`MAX_COMPONENT_NESTING`].
#[cold]
fn too_deep(offset: usize, context: Context) -> DecodeError {
    DecodeError::new(
        ErrorKind::Malformed(format!(
            "components nested more than {MAX_COMPONENT_NESTING} levels deep"
        )),
        offset,
        context,
    )
}

/// Errors of a nested module's cross-section checks carry no path of their own: they get
/// the module's.
fn in_module(mut err: DecodeError, blob: &Blob<Module>) -> DecodeError {
    if matches!(
        err.path().first(),
        None | Some(PathSegment::Section { .. } | PathSegment::Item { .. })
    ) {
        let segments: Vec<_> = blob.context().segments().collect();
        for segment in segments.into_iter().rev() {
            err = err.within(segment);
        }
    }
    err
}

/// The sizes of a component's index spaces ([`Component::index_spaces`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexSpaces {
    /// Core functions.
    pub core_funcs: u64,
    /// Core tables.
    pub core_tables: u64,
    /// Core memories.
    pub core_memories: u64,
    /// Core globals.
    pub core_globals: u64,
    /// Core tags.
    pub core_tags: u64,
    /// Core types.
    pub core_types: u64,
    /// Core modules.
    pub core_modules: u64,
    /// Core instances.
    pub core_instances: u64,
    /// Component functions.
    pub funcs: u64,
    /// Values.
    pub values: u64,
    /// Component types.
    pub types: u64,
    /// Components.
    pub components: u64,
    /// Component instances.
    pub instances: u64,
}

impl IndexSpaces {
    /// Counts one more item of `sort`.
    pub fn add(&mut self, sort: Sort) {
        let space = match sort {
            Sort::Core(core) => match core {
                CoreSort::Func | CoreSort::FuncExact => &mut self.core_funcs,
                CoreSort::Table => &mut self.core_tables,
                CoreSort::Memory => &mut self.core_memories,
                CoreSort::Global => &mut self.core_globals,
                CoreSort::Tag => &mut self.core_tags,
                CoreSort::Type => &mut self.core_types,
                CoreSort::Module => &mut self.core_modules,
                CoreSort::Instance => &mut self.core_instances,
            },
            Sort::Func => &mut self.funcs,
            Sort::Value => &mut self.values,
            Sort::Type => &mut self.types,
            Sort::Component => &mut self.components,
            Sort::Instance => &mut self.instances,
        };
        *space += 1;
    }
}

impl ExternType {
    /// The sort of the items of this type.
    pub fn sort(&self) -> Sort {
        match self {
            ExternType::CoreModule { .. } => Sort::Core(CoreSort::Module),
            ExternType::Func(_) => Sort::Func,
            ExternType::Value(_) => Sort::Value,
            ExternType::Type(TypeBound::Eq(_) | TypeBound::SubResource) => Sort::Type,
            ExternType::Component(_) => Sort::Component,
            ExternType::Instance(_) => Sort::Instance,
        }
    }
}

/// Hand-written codec: nested components make encoding recursive, and generic writers would
/// nest without end (each level wraps the writer in a counter); through `dyn Write` every
/// level has the same writer type.
impl Encode for Component {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.encode_dyn(writer)
    }

    /// The sum of the sections' lengths, each known without encoding it (a nested component
    /// needs its size before it is written).
    fn encoded_len(&self) -> usize {
        if let Some(source) = self.unchanged_source() {
            return source.len();
        }
        MAGIC.len()
            + VERSION_AND_LAYER.len()
            + self.sections.iter().map(Encode::encoded_len).sum::<usize>()
    }
}

impl Component {
    /// The bytes the component was read from, if its sections still are what was read from
    /// them: each section unmodified, holding the bytes that follow the previous one there
    /// (checked by address, or by value for short sections held as copies), none added
    /// or removed.
    fn unchanged_source(&self) -> Option<&Bytes> {
        let source = self.source.as_ref()?;
        let mut position = MAGIC.len() + VERSION_AND_LAYER.len();
        for section in &self.sections {
            let raw = section.raw_bytes()?;
            let expected = source.get(position + 1..position + 1 + raw.len())?;
            // The same slice of the input, or a copy of short bytes (see `Blob`).
            if source[position] != section.id() || !(std::ptr::eq(raw, expected) || raw == expected)
            {
                return None;
            }
            position += 1 + raw.len();
        }
        (position == source.len()).then_some(source)
    }

    fn encode_dyn(&self, mut writer: &mut dyn Write) -> std::io::Result<()> {
        if let Some(source) = self.unchanged_source() {
            return writer.write_all(source);
        }
        let starts = self
            .sections
            .iter()
            .filter(|s| matches!(s, ComponentSection::Start(_)))
            .count();
        if starts > 1 {
            return Err(encode_error(
                "a component cannot have more than one start section",
            ));
        }
        writer.write_all(MAGIC)?;
        writer.write_all(&VERSION_AND_LAYER)?;
        let mut nesting = NestedCounts::default();
        for (index, section) in self.sections.iter().enumerate() {
            let id = section.id();
            let segment = PathSegment::ComponentSection {
                index: index as u32,
                id,
                nested: nesting.next(id),
            };
            let result = match section {
                // A re-encoded module writes a byte or a few at a time: buffered, those
                // writes are inlined instead of virtual calls.
                ComponentSection::CoreModule(blob) if blob.is_modified() => {
                    encode_module_section(&mut writer, blob)
                }
                _ => section.encode(&mut writer),
            };
            result.map_err(|err| encode_within(err, segment))?;
        }
        Ok(())
    }
}

/// Writes a core module section through a buffer of its own.
fn encode_module_section(writer: &mut dyn Write, blob: &Blob<Module>) -> std::io::Result<()> {
    writer.write_all(&[ComponentSection::CORE_MODULE])?;
    let mut buffered = crate::io::EncodeBuffer::new(ENCODE_BUFFER, writer);
    blob.encode(&mut buffered)?;
    buffered.finish().map(drop)
}

/// Hand-written codec: the preamble is fixed bytes, and the sections run to the end of the
/// input (no count), with the position of nested modules and components in the path.
impl Decode for Component {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let (start, position) = (reader.offset(), reader.position());
        if reader.context().component_depth() > MAX_COMPONENT_NESTING {
            return Err(too_deep(start, reader.context()));
        }
        if reader.read_bytes(4).ok() != Some(&MAGIC[..]) {
            return Err(reader.error_at(start, ErrorKind::BadMagic));
        }
        let version = reader.read_bytes(4)?;
        if version != VERSION_AND_LAYER {
            let mut le = [0; 4];
            le.copy_from_slice(version);
            return Err(reader.error_at(start + 4, ErrorKind::BadVersion(u32::from_le_bytes(le))));
        }
        let mut sections = Vec::with_capacity(reader.count_sections());
        let (mut nesting, mut start_seen) = (NestedCounts::default(), false);
        while let Some(id) = reader.peek_byte() {
            let nested = nesting.next(id);
            if id == ComponentSection::START && std::mem::replace(&mut start_seen, true) {
                return Err(reader.error(ErrorKind::Malformed(
                    "component cannot have more than one start function".into(),
                )));
            }
            let segment = PathSegment::ComponentSection {
                index: sections.len() as u32,
                id,
                nested,
            };
            read_section(reader, &mut sections, id, segment)?;
        }
        Ok(Component {
            sections,
            source: Some(Box::new(reader.shared_range(position, reader.position()))),
        })
    }
}

/// Counts the nested modules and components of a component in order, for the
/// `nested` field of [`PathSegment::ComponentSection`].
#[derive(Default)]
struct NestedCounts {
    modules: u32,
    components: u32,
}

impl NestedCounts {
    /// The position of a section with this id among the component's nested modules or
    /// components (`None` for other sections).
    fn next(&mut self, id: u8) -> Option<u32> {
        let count = match id {
            ComponentSection::CORE_MODULE => &mut self.modules,
            ComponentSection::COMPONENT => &mut self.components,
            _ => return None,
        };
        *count += 1;
        Some(*count - 1)
    }
}

/// Calls `f` on `value` if it is a `VisitT`.
fn visit_self<T: Any, VisitT: 'static, E, F: FnMut(&VisitT) -> Result<(), E>>(
    value: &T,
    f: &mut F,
) -> Result<(), VisitError<E>> {
    match (value as &dyn Any).downcast_ref::<VisitT>() {
        Some(value) => f(value).map_err(VisitError::Custom),
        None => Ok(()),
    }
}

/// Calls `f` on `value` mutably if it is a `VisitT`.
fn visit_self_mut<T: Any, VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
    value: &mut T,
    f: &mut F,
) -> Result<(), VisitError<E>> {
    match (value as &mut dyn Any).downcast_mut::<VisitT>() {
        Some(value) => f(value).map_err(VisitError::Custom),
        None => Ok(()),
    }
}

/// Whether `section` is a custom section whose payload does not decode: visits leave it as
/// it is, as [`Component::decode_all`] does (which reports it as a warning).
fn is_undecodable_custom(section: &ComponentSection) -> Result<bool, DecodeError> {
    match section {
        ComponentSection::Custom(blob) => crate::module::payload_is_undecodable(blob),
        _ => Ok(false),
    }
}

/// Hand-written: visits nested components iteratively (see `Component::walk`), so that
/// deep nesting costs no stack. Custom sections whose payload does not decode are skipped
/// (left raw), as [`Component::decode_all`] treats them, here and in nested modules.
impl Visit for Component {
    fn visit_children<VisitT: 'static, E, F: FnMut(&VisitT) -> Result<(), E>>(
        &self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        visit_self(&self.sections, f)?;
        // Both callbacks need `f`: they take turns through this cell.
        let f = std::cell::RefCell::new(f);
        self.walk(
            &mut |section| match section {
                ComponentSection::Component(blob) => {
                    let f = &mut **f.borrow_mut();
                    visit_self(section, f)?;
                    visit_self(blob, f)
                }
                other if is_undecodable_custom(other)? => Ok(()),
                other => other.visit_child(&mut **f.borrow_mut()),
            },
            &mut |nested| {
                let f = &mut **f.borrow_mut();
                visit_self(nested, f)?;
                visit_self(&nested.sections, f)
            },
        )
    }

    fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
        &mut self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        visit_self_mut(&mut self.sections, f)?;
        let f = std::cell::RefCell::new(f);
        self.walk_mut(
            &mut |section| {
                if is_undecodable_custom(section)? {
                    return Ok(());
                }
                if !matches!(section, ComponentSection::Component(_)) {
                    return section.visit_child_mut(&mut **f.borrow_mut());
                }
                let f = &mut **f.borrow_mut();
                visit_self_mut(section, f)?;
                match section {
                    ComponentSection::Component(blob) => visit_self_mut(blob, f),
                    _ => Ok(()),
                }
            },
            &mut |nested| {
                let f = &mut **f.borrow_mut();
                visit_self_mut(nested, f)?;
                visit_self_mut(&mut nested.sections, f)
            },
        )
    }
}

/// Hand-written: drops nested components one by one, so that a nesting deeper than
/// decoding allows (built by hand) costs no stack when dropped.
impl Drop for Component {
    fn drop(&mut self) {
        let mut pending = Vec::new();
        take_nested(&mut self.sections, &mut pending);
        while let Some(mut component) = pending.pop() {
            take_nested(&mut component.sections, &mut pending);
        }
    }
}

/// Moves the decoded nested components out of `sections` (undecoded ones hold bytes only).
fn take_nested(sections: &mut [ComponentSection], out: &mut Vec<Component>) {
    for section in sections {
        if let ComponentSection::Component(blob) = section {
            if blob.get().is_some() {
                if let Ok(nested) = blob.try_contents_mut() {
                    out.push(std::mem::take(nested));
                }
            }
        }
    }
}

/// A WebAssembly binary of either kind: a core module or a component, told apart by the
/// preamble's `layer` field.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[allow(clippy::large_enum_variant)]
pub enum Binary {
    /// A core module (layer 0).
    Module(Module),
    /// A component (layer 1).
    Component(Component),
}

impl Binary {
    /// Reads a module or a component from any reader (lazily, like
    /// [`Module::decode_from`]).
    pub fn decode_from(reader: impl Read) -> Result<Binary, DecodeError> {
        Self::decode_from_bytes(read_all(reader)?)
    }

    /// Reads a module or a component from bytes the caller owns, without copying them.
    pub fn decode_from_bytes(bytes: impl Into<Bytes>) -> Result<Binary, DecodeError> {
        let bytes = bytes.into();
        if bytes.get(6..8) == Some(&VERSION_AND_LAYER[2..]) {
            decode_whole(bytes).map(Binary::Component)
        } else {
            Module::decode_from_bytes(bytes).map(Binary::Module)
        }
    }

    /// Writes the module or component ([`Module::encode_into`],
    /// [`Component::encode_into`]).
    pub fn encode_into<W: Write>(&self, writer: W) -> Result<W, EncodeError> {
        match self {
            Binary::Module(module) => module.encode_into(writer),
            Binary::Component(component) => component.encode_into(writer),
        }
    }

    /// Decodes every lazy part ([`Module::decode_all`], [`Component::decode_all`]).
    pub fn decode_all(&self) -> Result<Vec<DecodeError>, DecodeError> {
        match self {
            Binary::Module(module) => module.decode_all(),
            Binary::Component(component) => component.decode_all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sections sit side by side in `Component::sections`: no variant may be much larger
    /// than a plain blob (the custom section, which holds blobs of its own, is boxed for
    /// this; the start section's contents are 8 bytes larger than a vector).
    #[test]
    fn section_is_a_blob_and_a_tag() {
        let blob = std::mem::size_of::<Blob<Vec<Import>>>();
        let section = std::mem::size_of::<ComponentSection>();
        assert!(
            section <= blob + 16,
            "ComponentSection is {section} bytes, a blob {blob}"
        );
    }
}
