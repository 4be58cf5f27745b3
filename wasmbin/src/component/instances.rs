//! [Instance definitions](https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md#instance-definitions)
//! and the sorts of index spaces.

use super::imports::ExternName;
use super::indices::{ComponentIdx, CoreInstanceIdx, CoreModuleIdx};
use crate::{wasmbin_discriminants, Visit, Wasmbin};

/// `core:instance` / `core:instanceexpr`: a core instance.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "core instance", item = "core instance")]
#[non_exhaustive]
pub enum CoreInstance {
    /// `0x00 m arg*`: instantiates a core module.
    Instantiate {
        /// The module.
        module: CoreModuleIdx,
        /// Its imports, by module name.
        args: Vec<CoreInstantiateArg>,
    } = 0x00,
    /// `0x01 e*`: a bundle of core items.
    FromExports(Vec<CoreInlineExport>) = 0x01,
}

/// `core:instantiatearg`: `n 0x12 i`, a core instance given for the imports of module `n`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoreInstantiateArg {
    /// The import module name.
    pub name: String,
    /// The `0x12` (`core:sort` `instance`).
    pub sort: CoreInstanceSort,
    /// The core instance.
    pub instance: CoreInstanceIdx,
}

/// The `0x12` (`core:sort` `instance`) of a [`CoreInstantiateArg`].
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x12, what = "instantiation arg kind")]
pub struct CoreInstanceSort;

/// `core:sort`: a core index space.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "core sort")]
#[non_exhaustive]
pub enum CoreSort {
    /// `func`
    Func = 0x00,
    /// `table`
    Table = 0x01,
    /// `memory`
    Memory = 0x02,
    /// `global`
    Global = 0x03,
    /// `tag`
    Tag = 0x04,
    /// `type`
    Type = 0x10,
    /// `module`
    Module = 0x11,
    /// `instance`
    Instance = 0x12,
    /// An exact function (custom descriptors), in core inline exports.
    FuncExact = 0x20,
}

/// `core:sortidx`: a core sort and an index.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoreSortIdx {
    /// The sort.
    pub sort: CoreSort,
    /// The index in its space.
    pub idx: u32,
}

/// `core:inlineexport`: a name and a core item.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(check = CoreInlineExport::check)]
pub struct CoreInlineExport {
    /// Export name.
    pub name: String,
    /// What is exported.
    pub item: CoreSortIdx,
}

impl CoreInlineExport {
    /// Core instances export the sorts of `core:externtype` (what wasmparser 0.263 reads).
    pub(crate) fn check(&self) -> Result<(), String> {
        match self.item.sort {
            CoreSort::Type | CoreSort::Module | CoreSort::Instance => Err(format!(
                "a core instance cannot export a {:?}",
                self.item.sort
            )),
            _ => Ok(()),
        }
    }
}

/// `instance` / `instanceexpr`: a component instance.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "instance", item = "instance")]
#[non_exhaustive]
pub enum Instance {
    /// `0x00 c arg*`: instantiates a component.
    Instantiate {
        /// The component.
        component: ComponentIdx,
        /// Its imports, by name.
        args: Vec<InstantiateArg>,
    } = 0x00,
    /// `0x01 e*`: a bundle of items.
    FromExports(Vec<InlineExport>) = 0x01,
}

/// `instantiatearg`: a name and an item.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InstantiateArg {
    /// `name`.
    pub name: String,
    /// The item.
    pub item: SortIdx,
}

/// `inlineexport`: a name and an item.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InlineExport {
    /// `nameattributes`.
    pub name: ExternName,
    /// The item.
    pub item: SortIdx,
}

/// `sort`: a component index space, or a core one after `0x00`.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "sort")]
#[non_exhaustive]
pub enum Sort {
    /// `core cs`: a core sort.
    Core(CoreSort) = 0x00,
    /// `func`
    Func = 0x01,
    /// `value`
    Value = 0x02,
    /// `type`
    Type = 0x03,
    /// `component`
    Component = 0x04,
    /// `instance`
    Instance = 0x05,
}

/// `sortidx`: a sort and an index.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(check = SortIdx::check)]
pub struct SortIdx {
    /// The sort.
    pub sort: Sort,
    /// The index in its space.
    pub idx: u32,
}

impl SortIdx {
    /// Of the core sorts only `module` names a component-level item (what wasmparser 0.263
    /// reads).
    pub(crate) fn check(&self) -> Result<(), String> {
        match self.sort {
            Sort::Core(CoreSort::Module) => Ok(()),
            Sort::Core(sort) => Err(format!("core sort {sort:?} is not a component item")),
            _ => Ok(()),
        }
    }
}
