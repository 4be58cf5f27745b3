//! The [`metadata.code.branch_hint` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/CodeMetadata.md#branch-hints):
//! whether the branch of an `if` or `br_if` is likely taken.

use crate::indices::FuncIdx;
use crate::{Visit, Wasmbin};

/// The `size` (always 1) and `data` of a [branch hint](https://github.com/WebAssembly/tool-conventions/blob/main/CodeMetadata.md#branch-hints).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(discriminant = 0x01)]
pub struct BranchHintValue {
    /// `likely` (`0x01`) or `unlikely` (`0x00`).
    pub likely: bool,
}

/// A branch hint: the instruction it applies to and the hint.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BranchHint {
    /// The `funcpos`: byte offset of the `if` or `br_if` from the start of the function
    /// body (its locals included, its size prefix not).
    pub func_pos: u32,
    /// The hint.
    pub value: BranchHintValue,
}

impl BranchHint {
    /// A hint that the branch at `func_pos` is `likely` taken (or not).
    pub fn new(func_pos: u32, likely: bool) -> Self {
        BranchHint {
            func_pos,
            value: BranchHintValue { likely },
        }
    }

    /// Whether the branch is likely taken.
    pub fn is_likely(&self) -> bool {
        self.value.likely
    }
}

/// The branch hints of one function, in order of increasing offset.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BranchHintFunction {
    /// The function (imported functions count).
    pub func: FuncIdx,
    /// Its hints.
    pub hints: Vec<BranchHint>,
}

/// The payload of the [`metadata.code.branch_hint` section](https://github.com/WebAssembly/tool-conventions/blob/main/CodeMetadata.md#branch-hints).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BranchHintSection {
    /// The functions with hints, in order of increasing index.
    pub functions: Vec<BranchHintFunction>,
}
