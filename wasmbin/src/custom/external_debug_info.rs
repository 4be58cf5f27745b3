//! The [`external_debug_info` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/Debugging.md#external-dwarf):
//! where the module's DWARF debug info is.

use crate::{Visit, Wasmbin};

/// The payload of the [`external_debug_info` section](https://github.com/WebAssembly/tool-conventions/blob/main/Debugging.md#external-dwarf).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ExternalDebugInfo {
    /// The `url_name`: URL of a Wasm file holding the DWARF sections.
    pub url: String,
}
