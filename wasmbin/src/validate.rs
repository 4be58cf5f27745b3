//! Validation through [wasmparser](https://docs.rs/wasmparser)'s `Validator` (feature
//! `validate`): [`Module::validate`], [`Component::validate`] and [`Binary::validate`].
//!
//! The validator reads the binary's encoding (for a module read from input and not
//! modified, the input itself). An error carries the validator's message, the absolute
//! offset in that encoding and, found through the lazy structure, the path to it — the same
//! path a decoding error at that offset would have:
//!
//! ```
//! use wasmbin::Module;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let wasm = wat::parse_str(
//!     "(module (func i32.const 1 i64.const 2 i32.add drop))",
//! )?;
//! let module = Module::decode_from(&wasm[..])?;
//! let err = module.validate().unwrap_err();
//! // `i32.add`, the third instruction of the first function body.
//! assert_eq!(err.offset(), Some(0x1b));
//! assert_eq!(
//!     err.path_string(),
//!     "Module > section 2 (code) > function 0 > instruction 2"
//! );
//! assert!(err.to_string().ends_with("(code section, function 0, instruction 2)"));
//! # Ok(()) }
//! ```
//!
//! [`Module::validate_with`] takes the proposals to accept as wasmparser's [`WasmFeatures`]
//! ([`Module::validate`] accepts every proposal wasmparser knows).

use crate::component::{Component, ComponentSection};
use crate::error::{path_string, write_path, EncodeError, PathSegment};
use crate::module::Module;
use crate::sections::Section;
use crate::Binary;
use bytes::Bytes;
use std::fmt;

pub use wasmparser::WasmFeatures;

/// Why a module or component did not validate.
#[derive(Debug)]
#[non_exhaustive]
pub enum ValidateError {
    /// The validator rejected the binary.
    Invalid {
        /// The validator's message.
        message: String,
        /// Absolute byte offset in the encoding (the input, for a binary read from input
        /// and not modified).
        offset: usize,
        /// Where in the binary the offset is, outermost first (empty when it lies outside
        /// every section, e.g. in the preamble or at the end).
        path: Vec<PathSegment>,
    },
    /// The binary could not be encoded, so there was nothing to validate.
    Encode(EncodeError),
}

impl ValidateError {
    /// The offset of an [`ValidateError::Invalid`] error.
    pub fn offset(&self) -> Option<usize> {
        match self {
            ValidateError::Invalid { offset, .. } => Some(*offset),
            ValidateError::Encode(_) => None,
        }
    }

    /// Where the error is, outermost first.
    pub fn path(&self) -> &[PathSegment] {
        match self {
            ValidateError::Invalid { path, .. } => path,
            ValidateError::Encode(err) => err.path(),
        }
    }

    /// The path written as `Module > section 3 (code) > function 17 > instruction 42`.
    pub fn path_string(&self) -> String {
        path_string(self.path())
    }
}

impl fmt::Display for ValidateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValidateError::Invalid {
                message,
                offset,
                path,
            } => {
                write!(f, "{message} at offset {offset:#x}")?;
                write_path(f, path)
            }
            ValidateError::Encode(err) => write!(f, "cannot encode the binary to validate: {err}"),
        }
    }
}

impl std::error::Error for ValidateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ValidateError::Invalid { .. } => None,
            ValidateError::Encode(err) => Some(err),
        }
    }
}

/// Runs the validator on an encoding; on failure, `path_at` finds the path of the offset
/// in the binary read (lazily) back from it.
fn run(
    encoded: Result<Vec<u8>, EncodeError>,
    features: WasmFeatures,
    path_at: impl FnOnce(Bytes, usize) -> Option<Vec<PathSegment>>,
) -> Result<(), ValidateError> {
    let bytes = Bytes::from(encoded.map_err(ValidateError::Encode)?);
    let mut validator = wasmparser::Validator::new_with_features(features);
    match validator.validate_all(&bytes) {
        Ok(_) => Ok(()),
        Err(err) => {
            // An offset in `bytes`, so it fits.
            let offset = usize::try_from(err.offset()).unwrap_or(usize::MAX);
            Err(ValidateError::Invalid {
                message: err.message().to_string(),
                offset,
                path: path_at(bytes, offset).unwrap_or_default(),
            })
        }
    }
}

impl Module {
    /// Validates the module with wasmparser's `Validator`, every proposal it knows
    /// accepted; see [the module documentation](crate::validate).
    pub fn validate(&self) -> Result<(), ValidateError> {
        self.validate_with(WasmFeatures::all())
    }

    /// Validates the module with wasmparser's `Validator`, accepting the proposals of
    /// `features`.
    pub fn validate_with(&self, features: WasmFeatures) -> Result<(), ValidateError> {
        run(self.encode_into(Vec::new()), features, |bytes, offset| {
            module_path(&Module::decode_from_bytes(bytes).ok()?, offset)
        })
    }
}

impl Component {
    /// Validates the component with wasmparser's `Validator` (its nested modules and
    /// components included), every proposal it knows accepted.
    pub fn validate(&self) -> Result<(), ValidateError> {
        self.validate_with(WasmFeatures::all())
    }

    /// Validates the component with wasmparser's `Validator`, accepting the proposals of
    /// `features`.
    pub fn validate_with(&self, features: WasmFeatures) -> Result<(), ValidateError> {
        run(self.encode_into(Vec::new()), features, |bytes, offset| {
            Some(component_path(
                &Component::decode_from_bytes(bytes).ok()?,
                offset,
            ))
        })
    }
}

impl Binary {
    /// [`Module::validate`] or [`Component::validate`].
    pub fn validate(&self) -> Result<(), ValidateError> {
        self.validate_with(WasmFeatures::all())
    }

    /// [`Module::validate_with`] or [`Component::validate_with`].
    pub fn validate_with(&self, features: WasmFeatures) -> Result<(), ValidateError> {
        match self {
            Binary::Module(module) => module.validate_with(features),
            Binary::Component(component) => component.validate_with(features),
        }
    }
}

/// Whether a section's extent (as [`Section::extent`] gives it) contains `offset`.
fn contains(extent: Option<(usize, usize)>, offset: usize) -> bool {
    extent.is_some_and(|(start, size)| (start..start + size).contains(&offset))
}

/// The path of `offset` in a module read from input: its section, the item of the section,
/// and in a function body the instruction. `None` when no section contains it.
fn module_path(module: &Module, offset: usize) -> Option<Vec<PathSegment>> {
    let section = module
        .sections
        .iter()
        .find(|section| contains(section.extent(), offset))?;
    if let Section::Code(code) = section {
        let body = code.try_contents().ok().and_then(|bodies| {
            bodies.iter().find(|body| {
                let extent = body.offset().zip(body.raw_bytes().map(<[u8]>::len));
                contains(extent, offset)
            })
        });
        if let Some(body) = body {
            return Some(body.path_at(offset));
        }
    }
    Some(section.path_at(offset))
}

/// The path of `offset` in a component read from input, through nested modules and
/// components.
fn component_path(component: &Component, offset: usize) -> Vec<PathSegment> {
    let mut component = component;
    // The path of the nested component being searched (empty at the top).
    let mut enclosing = Vec::new();
    loop {
        let Some(section) = component
            .sections
            .iter()
            .find(|section| contains(section.extent(), offset))
        else {
            return enclosing;
        };
        let path = match section {
            ComponentSection::CoreModule(blob) => match blob.try_contents() {
                Ok(module) => module_path(module, offset).unwrap_or_else(|| blob.path_at(offset)),
                Err(_) => blob.path_at(offset),
            },
            ComponentSection::Component(blob) => match blob.try_contents() {
                Ok(nested) => {
                    enclosing = blob.path_at(offset);
                    component = nested;
                    continue;
                }
                Err(_) => blob.path_at(offset),
            },
            other => other.path_at(offset),
        };
        return path;
    }
}
