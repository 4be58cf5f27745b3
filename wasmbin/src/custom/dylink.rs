//! The legacy [`dylink` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/DynamicLinking.md),
//! which `dylink.0` ([`dylink0`](super::dylink0)) replaced; older Emscripten side modules
//! still carry it.

use super::dylink0::MemInfo;
use crate::{Visit, Wasmbin};

/// The payload of the legacy [`dylink` section](https://github.com/WebAssembly/tool-conventions/blob/main/DynamicLinking.md).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DylinkSection {
    /// Memory and table requirements (`memorysize`, `memoryalignment`, `tablesize`,
    /// `tablealignment`).
    pub mem_info: MemInfo,
    /// `needed_dynlibs`: the dynamic libraries to load first.
    pub needed_dynlibs: Vec<String>,
}
