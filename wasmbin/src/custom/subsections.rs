//! The subsection machinery shared by the custom sections whose payload is a sequence of
//! subsections up to its end (`id:u8`, then a size-prefixed body), as in the
//! [`name`](super::name) and [`dylink.0`](super::dylink0) sections.

use crate::error::{encode_error, DecodeError};
use crate::io::{decode_exact, write_items, Decode, Encode, Reader};
use crate::{Visit, Wasmbin};
use bytes::Bytes;
use std::io::Write;

/// A subsection whose id wasmbin does not know, kept raw (in the name and `dylink.0`
/// sections).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnknownSubsection {
    /// Subsection id.
    pub id: u8,
    /// Its bytes.
    #[wasmbin(arbitrary_from = Vec<u8>)]
    pub data: Bytes,
}

/// One subsection of a [`Subsections`] payload: an enum with a typed variant for each id
/// wasmbin knows and an [`UnknownSubsection`] catch-all for the others.
pub trait Subsection: Encode + Decode {
    /// The noun used in encode errors (`name subsection` …).
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

/// The payload of a custom section made of subsections, in order, up to the end of the
/// section ([`NameSection`](super::name::NameSection),
/// [`Dylink0Section`](super::dylink0::Dylink0Section)).
#[derive(Visit, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Subsections<T> {
    /// The subsections.
    pub subsections: Vec<T>,
}

impl<T> Default for Subsections<T> {
    fn default() -> Self {
        Subsections {
            subsections: Vec::new(),
        }
    }
}

// Hand-written: the list has no count (it runs to the end of the payload), and an
// `Unknown` subsection whose id has a typed variant must be refused.
impl<T: Subsection> Encode for Subsections<T> {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        for subsection in &self.subsections {
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
        write_items(writer, &self.subsections)
    }
}

impl<T: Subsection> Decode for Subsections<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mut subsections = Vec::new();
        while !reader.is_empty() {
            subsections.push(T::decode(reader)?);
        }
        Ok(Subsections { subsections })
    }
}

/// Implements [`Subsection`] for an enum whose catch-all variant is `Unknown`.
macro_rules! impl_subsection {
    ($ty:ident, $what:literal) => {
        impl $crate::custom::subsections::Subsection for $ty {
            const WHAT: &'static str = $what;

            fn as_unknown(&self) -> Option<&$crate::custom::subsections::UnknownSubsection> {
                match self {
                    $ty::Unknown(unknown) => Some(unknown),
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use impl_subsection;
