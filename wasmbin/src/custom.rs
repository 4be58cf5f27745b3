//! [Custom sections](https://webassembly.github.io/spec/core/binary/modules.html#custom-section),
//! decoded by name; payloads stay raw until someone asks for them.

use crate::blob::Blob;
use crate::error::{encode_error, DecodeError};
use crate::io::{Decode, Encode, Reader};
use crate::name::NameSection;
use crate::visit::{Visit, VisitError};
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

/// A custom section. Known names get a lazy, typed payload; a payload that fails to decode
/// is an error only for whoever asks for it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CustomSection {
    /// The [`name` section](https://webassembly.github.io/spec/core/appendix/custom.html#name-section).
    Name(Blob<NameSection>),
    /// Any other custom section.
    Other(RawCustomSection),
}

impl CustomSection {
    /// The section name.
    pub fn name(&self) -> &str {
        match self {
            CustomSection::Name(_) => "name",
            CustomSection::Other(raw) => &raw.name,
        }
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
        match self {
            CustomSection::Name(blob) => blob.encode_unframed(writer),
            // It would be read back as the typed variant, not as this value.
            CustomSection::Other(raw) if raw.name == "name" => Err(encode_error(
                "a raw custom section cannot be called \"name\"; use CustomSection::Name",
            )),
            CustomSection::Other(raw) => writer.write_all(&raw.data),
        }
    }
}

impl Decode for CustomSection {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let name = String::decode(reader)?;
        Ok(match name.as_str() {
            "name" => CustomSection::Name(Blob::decode_rest(reader)),
            _ => {
                let data = reader.read_shared(reader.remaining())?;
                CustomSection::Other(RawCustomSection { name, data })
            }
        })
    }
}

impl Visit for CustomSection {
    fn visit_children<'a, VisitT: 'static, E, F: FnMut(&'a VisitT) -> Result<(), E>>(
        &'a self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        match self {
            CustomSection::Name(blob) => blob.visit_child(f),
            CustomSection::Other(_) => Ok(()),
        }
    }

    fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
        &mut self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        match self {
            CustomSection::Name(blob) => blob.visit_child_mut(f),
            CustomSection::Other(_) => Ok(()),
        }
    }
}
