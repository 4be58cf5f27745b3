//! [Alias definitions](https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md#alias-definitions).

use super::indices::{CoreInstanceIdx, InstanceIdx};
use super::instances::{CoreSort, Sort};
use crate::{wasmbin_discriminants, Visit, Wasmbin};

/// `alias`: a sort and where the aliased item comes from.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(item = "alias", check = Alias::check)]
pub struct Alias {
    /// The sort of the aliased item.
    pub sort: Sort,
    /// Where it comes from.
    pub target: AliasTarget,
}

impl Alias {
    /// The sorts each target allows (as wasmparser 0.263 reads them): an instance export
    /// of any sort (a core module among the core sorts), a core instance export of a core
    /// function, table, memory, global or tag, an outer core type, core module, type or
    /// component.
    pub(crate) fn check(&self) -> Result<(), String> {
        let allowed = match (&self.target, self.sort) {
            (AliasTarget::Export { .. }, Sort::Core(sort)) => sort == CoreSort::Module,
            (AliasTarget::Export { .. }, _) => true,
            (AliasTarget::CoreExport { .. }, Sort::Core(sort)) => matches!(
                sort,
                CoreSort::Func
                    | CoreSort::Table
                    | CoreSort::Memory
                    | CoreSort::Global
                    | CoreSort::Tag
            ),
            (AliasTarget::CoreExport { .. }, _) => false,
            (AliasTarget::Outer { .. }, sort) => matches!(
                sort,
                Sort::Core(CoreSort::Type | CoreSort::Module) | Sort::Type | Sort::Component
            ),
        };
        if allowed {
            Ok(())
        } else {
            Err(format!(
                "{:?} cannot be aliased from {}",
                self.sort,
                self.target.kind()
            ))
        }
    }
}

/// The target of an [`Alias`].
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "alias")]
#[non_exhaustive]
pub enum AliasTarget {
    /// `0x00 i n`: an export of a component instance.
    Export {
        /// The instance.
        instance: InstanceIdx,
        /// The export's name.
        name: String,
    } = 0x00,
    /// `0x01 i n`: an export of a core instance.
    CoreExport {
        /// The core instance.
        instance: CoreInstanceIdx,
        /// The export's name.
        name: String,
    } = 0x01,
    /// `0x02 ct idx`: an item of an enclosing component or type.
    Outer {
        /// How many enclosing scopes out.
        count: u32,
        /// The item's index in that scope.
        index: u32,
    } = 0x02,
}

impl AliasTarget {
    fn kind(&self) -> &'static str {
        match self {
            AliasTarget::Export { .. } => "an instance export",
            AliasTarget::CoreExport { .. } => "a core instance export",
            AliasTarget::Outer { .. } => "an outer scope",
        }
    }
}
