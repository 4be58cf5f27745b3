//! [Custom sections](https://webassembly.github.io/spec/core/binary/modules.html#custom-section),
//! decoded by name; payloads stay raw until someone asks for them.
//!
//! Besides the spec's [`name` section](crate::name), wasmbin knows the custom sections of the
//! [tool conventions](https://github.com/WebAssembly/tool-conventions): each has a typed,
//! lazy variant of [`CustomSection`] whose payload type lives in a module of its own
//! ([`producers`](crate::producers), [`target_features`](crate::target_features),
//! [`build_id`](crate::build_id), [`source_mapping_url`](crate::source_mapping_url),
//! [`external_debug_info`](crate::external_debug_info), [`branch_hint`](crate::branch_hint),
//! [`dylink0`](crate::dylink0), [`dylink`](crate::dylink)).

use crate::blob::Blob;
use crate::branch_hint::BranchHintSection;
use crate::build_id::BuildId;
use crate::dylink::DylinkSection;
use crate::dylink0::Dylink0Section;
use crate::error::{encode_error, DecodeError};
use crate::external_debug_info::ExternalDebugInfo;
use crate::io::{decode_exact, write_items, Decode, Encode, Reader};
use crate::name::NameSection;
use crate::producers::ProducersSection;
use crate::source_mapping_url::SourceMappingUrl;
use crate::target_features::TargetFeaturesSection;
use crate::visit::VisitError;
use crate::{Visit, Wasmbin};
use bytes::Bytes;
use std::io::Write;

/// A custom section whose name wasmbin does not interpret: its name and raw payload.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawCustomSection {
    /// Section name.
    pub name: String,
    /// Payload bytes (shared with the input when possible).
    pub data: Bytes,
}

/// Declares [`CustomSection`] from one table of typed variants, so that the name of each
/// variant is written once for decoding, encoding, [`CustomSection::name`] and visiting.
macro_rules! custom_sections {
    ($($(#[$doc:meta])* $variant:ident($payload:ty) = $name:literal,)*) => {
        /// A custom section. Known names get a lazy, typed payload (decoded on first access);
        /// a payload that fails to decode is an error only for whoever asks for it, and the
        /// section still encodes back to its original bytes.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum CustomSection {
            $($(#[$doc])* $variant(Blob<$payload>),)*
            /// Any other custom section.
            Other(RawCustomSection),
        }

        impl CustomSection {
            /// The names of the custom sections that have a typed variant; a
            /// [`CustomSection::Other`] cannot have any of them.
            pub const TYPED_NAMES: &'static [&'static str] = &[$($name),*];

            /// The section name.
            pub fn name(&self) -> &str {
                match self {
                    $(CustomSection::$variant(_) => $name,)*
                    CustomSection::Other(raw) => &raw.name,
                }
            }

            /// The typed variant for a section called `name`, its payload the rest of
            /// `reader`, if the name has one.
            fn decode_typed(name: &str, reader: &mut Reader<'_>) -> Option<Self> {
                Some(match name {
                    $($name => CustomSection::$variant(payload_blob(reader, $name)),)*
                    _ => return None,
                })
            }

            /// Writes the payload (without the name).
            fn encode_payload(&self, writer: &mut impl Write) -> std::io::Result<()> {
                match self {
                    $(CustomSection::$variant(blob) => blob.encode_unframed(writer),)*
                    CustomSection::Other(raw) => {
                        if CustomSection::has_typed_variant(&raw.name) {
                            // It would be read back as the typed variant, not as this value.
                            return Err(encode_error(format!(
                                "a raw custom section cannot be called {:?}: it has a typed variant",
                                raw.name
                            )));
                        }
                        writer.write_all(&raw.data)
                    }
                }
            }
        }

        impl Visit for CustomSection {
            fn visit_children<VisitT: 'static, E, F: FnMut(&VisitT) -> Result<(), E>>(
                &self,
                f: &mut F,
            ) -> Result<(), VisitError<E>> {
                match self {
                    $(CustomSection::$variant(blob) => blob.visit_child(f),)*
                    CustomSection::Other(_) => Ok(()),
                }
            }

            fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
                &mut self,
                f: &mut F,
            ) -> Result<(), VisitError<E>> {
                match self {
                    $(CustomSection::$variant(blob) => blob.visit_child_mut(f),)*
                    CustomSection::Other(_) => Ok(()),
                }
            }
        }
    };
}

custom_sections! {
    /// The [`name` section](https://webassembly.github.io/spec/core/appendix/custom.html#name-section).
    Name(NameSection) = "name",
    /// The [`producers` section](https://github.com/WebAssembly/tool-conventions/blob/main/ProducersSection.md).
    Producers(ProducersSection) = "producers",
    /// The [`target_features` section](https://github.com/WebAssembly/tool-conventions/blob/main/Linking.md#target-features-section).
    TargetFeatures(TargetFeaturesSection) = "target_features",
    /// The [`build_id` section](https://github.com/WebAssembly/tool-conventions/blob/main/BuildId.md).
    BuildId(BuildId) = "build_id",
    /// The [`sourceMappingURL` section](https://github.com/WebAssembly/tool-conventions/blob/main/Debugging.md#source-maps).
    SourceMappingUrl(SourceMappingUrl) = "sourceMappingURL",
    /// The [`external_debug_info` section](https://github.com/WebAssembly/tool-conventions/blob/main/Debugging.md#external-dwarf).
    ExternalDebugInfo(ExternalDebugInfo) = "external_debug_info",
    /// The [`metadata.code.branch_hint` section](https://github.com/WebAssembly/tool-conventions/blob/main/CodeMetadata.md#branch-hints).
    BranchHints(BranchHintSection) = "metadata.code.branch_hint",
    /// The [`dylink.0` section](https://github.com/WebAssembly/tool-conventions/blob/main/DynamicLinking.md).
    Dylink0(Dylink0Section) = "dylink.0",
    /// The legacy [`dylink` section](https://github.com/WebAssembly/tool-conventions/blob/main/DynamicLinking.md),
    /// which `dylink.0` replaced.
    Dylink(DylinkSection) = "dylink",
}

/// The lazy payload of the custom section `name`: the rest of `reader`, whose errors name
/// the section.
fn payload_blob<T>(reader: &mut Reader<'_>, name: &'static str) -> Blob<T> {
    let saved = reader.context();
    reader.set_context(saved.with(crate::error::PathSegment::Custom { name }));
    let blob = Blob::decode_rest(reader);
    reader.set_context(saved);
    blob
}

impl CustomSection {
    /// Whether a custom section called `name` is decoded as a typed variant (one of
    /// [`CustomSection::TYPED_NAMES`]).
    pub fn has_typed_variant(name: &str) -> bool {
        Self::TYPED_NAMES.contains(&name)
    }

    /// Decodes every lazy part of the typed payload, if this section has one (a no-op for
    /// raw sections).
    pub fn decode_payload(&self) -> Result<(), DecodeError> {
        self.visit(|_: &()| {})
    }

    /// Like [`CustomSection::decode_payload`], and forgets the original bytes of the
    /// payload, so that the next encode writes it from the decoded values.
    pub fn decode_payload_mut(&mut self) -> Result<(), DecodeError> {
        self.visit_mut(|_: &mut ()| {})
    }
}

impl Encode for CustomSection {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.name().encode(writer)?;
        self.encode_payload(writer)
    }
}

impl Decode for CustomSection {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let name = String::decode(reader)?;
        if let Some(section) = CustomSection::decode_typed(&name, reader) {
            return Ok(section);
        }
        let data = reader.read_shared(reader.remaining())?;
        Ok(CustomSection::Other(RawCustomSection { name, data }))
    }
}

/// A subsection whose id wasmbin does not know, kept raw (in the name and `dylink.0`
/// sections).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownSubsection {
    /// Subsection id.
    pub id: u8,
    /// Its bytes.
    pub data: Bytes,
}

/// The subsections of a custom section whose payload is a sequence of subsections up to its
/// end (`id:u8`, then a size-prefixed body), as in the name and `dylink.0` sections: an enum
/// with a typed variant for each id wasmbin knows and [`UnknownSubsection`] for the others.
pub(crate) trait Subsection: Encode + Decode {
    /// The noun used in encode errors.
    const WHAT: &'static str;

    /// The subsection, if it is of the catch-all variant.
    fn as_unknown(&self) -> Option<&UnknownSubsection>;
}

/// Whether subsection `id` has a typed variant in `T`, so that an [`UnknownSubsection`] with
/// that id would be read back as the typed variant.
pub(crate) fn is_typed_subsection_id<T: Subsection>(id: u8) -> bool {
    // An empty body: typed variants keep it as a lazy blob, so it decodes whatever the id.
    match decode_exact::<T>(&[id, 0]) {
        Ok(subsection) => subsection.as_unknown().is_none(),
        Err(_) => true,
    }
}

/// Reads items up to the end of `reader`: the codec of a payload without a count that runs
/// to the end of its section.
pub(crate) fn decode_to_end<T: Decode>(reader: &mut Reader<'_>) -> Result<Vec<T>, DecodeError> {
    let mut items = Vec::new();
    while !reader.is_empty() {
        items.push(T::decode(reader)?);
    }
    Ok(items)
}

/// Writes subsections one after the other (the inverse of [`decode_to_end`]), refusing an
/// [`UnknownSubsection`] whose id has a typed variant: it would be read back differently.
pub(crate) fn encode_subsections<T: Subsection>(
    writer: &mut impl Write,
    subsections: &[T],
) -> std::io::Result<()> {
    for subsection in subsections {
        if let Some(unknown) = subsection.as_unknown() {
            if is_typed_subsection_id::<T>(unknown.id) {
                return Err(encode_error(format!(
                    "{} {} has a typed variant; it cannot be Unknown",
                    T::WHAT,
                    unknown.id
                )));
            }
        }
    }
    write_items(writer, subsections)
}
