//! [Custom sections](https://webassembly.github.io/spec/core/binary/modules.html#custom-section),
//! decoded by name; payloads stay raw until someone asks for them.
//!
//! Besides the spec's [`name` section](name), wasmbin knows the custom sections of the
//! [tool conventions](https://github.com/WebAssembly/tool-conventions): each has a typed,
//! lazy variant of [`CustomSection`] (one table, `custom_sections!` below, gives each its
//! name) whose payload type lives in a module of its own ([`producers`],
//! [`target_features`], [`build_id`], [`source_mapping_url`], [`external_debug_info`],
//! [`branch_hint`], [`dylink0`], [`dylink`]). The name and `dylink.0` payloads are lists of
//! subsections, whose shared codec is in [`subsections`]. The root of the crate re-exports
//! each module (`wasmbin::name` is `wasmbin::custom::name`).

pub mod branch_hint;
pub mod build_id;
pub mod dylink;
pub mod dylink0;
pub mod external_debug_info;
pub mod name;
pub mod producers;
pub mod source_mapping_url;
pub mod subsections;
pub mod target_features;

use crate::blob::Blob;
use crate::error::{encode_error, DecodeError};
use crate::io::{Decode, Encode, Reader};
use crate::visit::VisitError;
use crate::Visit;
use branch_hint::BranchHintSection;
use build_id::BuildId;
use bytes::Bytes;
use dylink::DylinkSection;
use dylink0::Dylink0Section;
use external_debug_info::ExternalDebugInfo;
use name::NameSection;
use producers::ProducersSection;
use source_mapping_url::SourceMappingUrl;
use std::io::Write;
use target_features::TargetFeaturesSection;

pub use subsections::{Subsection, Subsections, UnknownSubsection};

/// A custom section whose name wasmbin does not interpret: its name and raw payload.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
        /// A custom section (`custom`, the contents of a `customsec`). Known names get a lazy, typed payload (decoded on first access);
        /// a payload that fails to decode is an error only for whoever asks for it, and the
        /// section still encodes back to its original bytes.
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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

        /// One arm per typed variant and one for [`CustomSection::Other`], chosen evenly.
        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for CustomSection {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                type Arm<'a> = fn(&mut arbitrary::Unstructured<'a>) -> arbitrary::Result<CustomSection>;
                let arms: &[Arm<'a>] = &[
                    $(|u| u.arbitrary().map(|payload| CustomSection::$variant(Blob::new(payload))),)*
                    |u| u.arbitrary().map(CustomSection::Other),
                ];
                u.choose(arms)?(u)
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
    let segment = crate::error::PathSegment::Custom { name };
    reader.within(segment, Blob::decode_rest)
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

// Hand-written: which payload type follows depends on the name string, not on a tag byte.
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
