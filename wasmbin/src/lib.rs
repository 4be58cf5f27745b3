#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate self as wasmbin;

pub mod blob;
pub mod component;
pub mod custom;
pub mod edit;
pub mod error;
pub mod index_space;
pub mod indices;
pub mod instructions;
pub mod io;
pub mod module;
pub mod names;
pub mod sections;
pub mod text;
pub mod types;
#[cfg(feature = "validate")]
pub mod validate;
pub mod visit;

// The typed custom sections live in `custom/`; their modules stay reachable from the root.
pub use custom::{
    branch_hint, build_id, dylink, dylink0, external_debug_info, name, producers,
    source_mapping_url, target_features,
};

pub use blob::Blob;
pub use component::{Binary, Component};
pub use error::{DecodeError, EncodeError, ErrorKind, PathSegment};
pub use io::{Decode, DecodeWithDiscriminant, Encode};
pub use module::Module;
pub use sections::{payload, Section};
pub use visit::Visit;
pub use wasmbin_derive::{wasmbin_discriminants, Visit, Wasmbin};

#[cfg(feature = "arbitrary")]
mod arbitrary_impls;

// serde: every AST type carries `#[cfg_attr(feature = "serde", derive(serde::Serialize,
// serde::Deserialize))]`, one line next to its `#[derive(Wasmbin)]`, rather than impls that
// `#[derive(Wasmbin)]` generates (as it does for `arbitrary`): a derive macro cannot add a
// derive to the item it is on, so generating them would mean writing serde's derive again,
// while `serde_derive` is the well-kept crate made for it and its output is what serde users
// expect (externally tagged enums, `#[serde]` attributes where needed). The few types whose
// derived form would not be their value are written by hand in `serde_impls.rs`: `Blob`
// (its decoded contents), `F32`/`F64` (exact bits) and `MemArg` (packed fields).
#[cfg(feature = "serde")]
mod serde_impls;

/// Re-exports used by generated code; not part of the public API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "arbitrary")]
    pub use arbitrary;

    /// Keeps the derive's `Arbitrary` impls when this crate's `arbitrary` feature is on.
    #[cfg(feature = "arbitrary")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __wasmbin_if_arbitrary {
        ($($item:tt)*) => { $($item)* };
    }

    /// Drops the derive's `Arbitrary` impls: this crate's `arbitrary` feature is off.
    #[cfg(not(feature = "arbitrary"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __wasmbin_if_arbitrary {
        ($($item:tt)*) => {};
    }

    pub use __wasmbin_if_arbitrary as if_arbitrary;

    /// The encode error of a value that fails its type's `check` (an
    /// [`EncodeError`](crate::EncodeError) inside the `io::Error`, so that it gets a path).
    pub fn unrepresentable(message: String) -> std::io::Error {
        crate::error::encode_error(message)
    }
}
