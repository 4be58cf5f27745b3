//! [Indices](https://webassembly.github.io/spec/core/binary/modules.html#indices) into the
//! module's index spaces, one type per space so they cannot be mixed up.

use crate::{Visit, Wasmbin};

macro_rules! indices {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        pub struct $name(pub u32);

        impl From<u32> for $name {
            fn from(index: u32) -> Self {
                $name(index)
            }
        }

        impl From<$name> for u32 {
            fn from(index: $name) -> u32 {
                index.0
            }
        }
    )*};
}

pub(crate) use indices;

indices! {
    /// `typeidx`: a defined type.
    TypeIdx;
    /// `funcidx`: a function (imported functions first).
    FuncIdx;
    /// `tableidx`: a table.
    TableIdx;
    /// `memidx`: a memory.
    MemIdx;
    /// `globalidx`: a global.
    GlobalIdx;
    /// `elemidx`: an element segment.
    ElemIdx;
    /// `dataidx`: a data segment.
    DataIdx;
    /// `localidx`: a local of the current function (parameters first).
    LocalIdx;
    /// `labelidx`: an enclosing block, counted outwards from 0 (the branch depth of `br`,
    /// `br_if`, `br_table`, `delegate` …).
    LabelIdx;
    /// A label of a function as the [name section](crate::name) numbers it: every label of
    /// the function counted from 0 in the order of the instructions that introduce them
    /// (`block`, `loop`, `if`, `try`, `try_table` …), whatever their depth. A different
    /// space from [`LabelIdx`], the depth a branch counts outwards, so that a `visit_mut`
    /// over one type does not reach the other.
    FuncLabelIdx;
    /// `tagidx`: a tag.
    TagIdx;
    /// `fieldidx`: a field of a struct type.
    FieldIdx;
}
