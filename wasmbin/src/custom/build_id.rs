//! The [`build_id` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/BuildId.md):
//! a value that identifies the build (and its debug info).

use crate::{Visit, Wasmbin};
use bytes::Bytes;

/// The payload of the [`build_id` section](https://github.com/WebAssembly/tool-conventions/blob/main/BuildId.md).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BuildId {
    /// The `id`: arbitrary bytes, not necessarily UTF-8 (often a UUID).
    #[wasmbin(arbitrary_from = Vec<u8>)]
    pub id: Bytes,
}
