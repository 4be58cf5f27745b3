//! The [`dylink.0` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/DynamicLinking.md):
//! what a dynamic library needs from its loader. Each subsection is lazy, so one that does
//! not decode does not hide the others.

use super::subsections::{impl_subsection, Subsections, UnknownSubsection};
use crate::blob::Blob;
use crate::{wasmbin_discriminants, Visit, Wasmbin};

/// The memory and table space a dynamic library needs (`WASM_DYLINK_MEM_INFO`, and the
/// start of the legacy [`dylink`](super::dylink) section).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MemInfo {
    /// `memorysize`: bytes of memory to reserve, starting at `env.__memory_base`.
    pub memory_size: u32,
    /// `memoryalignment`: alignment of that memory, as a power of 2.
    pub memory_alignment: u32,
    /// `tablesize`: table elements to reserve, starting at `env.__table_base`.
    pub table_size: u32,
    /// `tablealignment`: alignment of those elements, as a power of 2.
    pub table_alignment: u32,
}

/// Extra information about an export (`WASM_DYLINK_EXPORT_INFO`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ExportInfo {
    /// The export name.
    pub name: String,
    /// Symbol flags, as in the [`linking` section](https://github.com/WebAssembly/tool-conventions/blob/main/Linking.md)
    /// (`WASM_SYM_TLS` = 0x100 …).
    pub flags: u32,
}

/// Extra information about an import (`WASM_DYLINK_IMPORT_INFO`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ImportInfo {
    /// The import's module name.
    pub module: String,
    /// The import's field name.
    pub field: String,
    /// Symbol flags, as in the [`linking` section](https://github.com/WebAssembly/tool-conventions/blob/main/Linking.md)
    /// (`WASM_SYM_BINDING_WEAK` = 1 …).
    pub flags: u32,
}

/// A subsection of the [`dylink.0` section](https://github.com/WebAssembly/tool-conventions/blob/main/DynamicLinking.md):
/// its type byte, then its size-prefixed, lazy contents.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "dylink.0 subsection")]
#[non_exhaustive]
pub enum Dylink0Subsection {
    /// `WASM_DYLINK_MEM_INFO`: memory and table requirements.
    MemInfo(Blob<MemInfo>) = 1,
    /// `WASM_DYLINK_NEEDED`: the dynamic libraries to load first.
    Needed(Blob<Vec<String>>) = 2,
    /// `WASM_DYLINK_EXPORT_INFO`: flags of exports.
    ExportInfo(Blob<Vec<ExportInfo>>) = 3,
    /// `WASM_DYLINK_IMPORT_INFO`: flags of imports.
    ImportInfo(Blob<Vec<ImportInfo>>) = 4,
    /// `WASM_DYLINK_RUNTIME_PATH`: where to look for the needed libraries.
    RuntimePath(Blob<Vec<String>>) = 5,
    /// `WASM_DYLINK_TARGET_ARCH`: the architecture the library was built for.
    TargetArch(Blob<String>) = 6,
    /// Any other type, kept raw.
    Unknown(UnknownSubsection),
}

impl_subsection!(Dylink0Subsection, "dylink.0 subsection");

/// The payload of the [`dylink.0` section](https://github.com/WebAssembly/tool-conventions/blob/main/DynamicLinking.md):
/// its subsections in order, up to the end of the section.
pub type Dylink0Section = Subsections<Dylink0Subsection>;
