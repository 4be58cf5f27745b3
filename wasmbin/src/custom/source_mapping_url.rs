//! The [`sourceMappingURL` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/Debugging.md#source-maps):
//! where the module's source map is.

use crate::{Visit, Wasmbin};

/// The payload of the [`sourceMappingURL` section](https://github.com/WebAssembly/tool-conventions/blob/main/Debugging.md#source-maps).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SourceMappingUrl {
    /// The `url_name`: URL of the source map file.
    pub url: String,
}
