//! Indices into a component's index spaces (one type per space, like the core
//! [`indices`](crate::indices)); the core spaces that only components have are here too.

pub use crate::indices::{
    FuncIdx as CoreFuncIdx, MemIdx as CoreMemIdx, TableIdx as CoreTableIdx, TypeIdx as CoreTypeIdx,
};

use crate::{Visit, Wasmbin};

crate::indices::indices! {
    /// `core:moduleidx`: a core module of the component.
    CoreModuleIdx;
    /// `core:instanceidx`: a core instance of the component.
    CoreInstanceIdx;
    /// `funcidx`: a component function.
    FuncIdx;
    /// `valueidx`: a value.
    ValueIdx;
    /// `typeidx`: a component type.
    TypeIdx;
    /// `componentidx`: a nested or imported component.
    ComponentIdx;
    /// `instanceidx`: a component instance.
    InstanceIdx;
}
