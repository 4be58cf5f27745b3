//! [Canonical definitions](https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md#canonical-definitions)
//! and the start definition.

use super::indices::{
    CoreFuncIdx, CoreMemIdx, CoreTableIdx, CoreTypeIdx, FuncIdx, TypeIdx, ValueIdx,
};
use super::types::ResultList;
use crate::types::{ValueType, Zero};
use crate::{wasmbin_discriminants, Visit, Wasmbin};

/// `canon`: a canonical function (a lifted or lowered function, or a built-in).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "canonical function", item = "canonical function")]
#[non_exhaustive]
pub enum Canon {
    /// `canon lift`: a component function from a core function.
    Lift {
        /// The `0x00` of the `func` sort.
        sort: Zero,
        /// The core function.
        core_func: CoreFuncIdx,
        /// Options.
        opts: Vec<CanonOpt>,
        /// The component function type.
        ty: TypeIdx,
    } = 0x00,
    /// `canon lower`: a core function from a component function.
    Lower {
        /// The `0x00` of the `func` sort.
        sort: Zero,
        /// The component function.
        func: FuncIdx,
        /// Options.
        opts: Vec<CanonOpt>,
    } = 0x01,
    /// `resource.new`
    ResourceNew(TypeIdx) = 0x02,
    /// `resource.drop`
    ResourceDrop(TypeIdx) = 0x03,
    /// `resource.rep`
    ResourceRep(TypeIdx) = 0x04,
    /// `task.cancel`
    TaskCancel = 0x05,
    /// `subtask.cancel`
    SubtaskCancel {
        /// `async?`
        is_async: bool,
    } = 0x06,
    /// `task.return`
    TaskReturn {
        /// The result.
        result: ResultList,
        /// Options.
        opts: Vec<CanonOpt>,
    } = 0x09,
    /// `context.get`
    ContextGet {
        /// Slot type.
        ty: ValueType,
        /// Slot.
        slot: u32,
    } = 0x0A,
    /// `context.set`
    ContextSet {
        /// Slot type.
        ty: ValueType,
        /// Slot.
        slot: u32,
    } = 0x0B,
    /// `thread.yield` (its `cancel?` byte must be `0x00` in wasmparser 0.263)
    ThreadYield(Zero) = 0x0C,
    /// `subtask.drop`
    SubtaskDrop = 0x0D,
    /// `stream.new`
    StreamNew(TypeIdx) = 0x0E,
    /// `stream.read`
    StreamRead(CopyOpts) = 0x0F,
    /// `stream.write`
    StreamWrite(CopyOpts) = 0x10,
    /// `stream.cancel-read`
    StreamCancelRead(CancelCopy) = 0x11,
    /// `stream.cancel-write`
    StreamCancelWrite(CancelCopy) = 0x12,
    /// `stream.drop-readable`
    StreamDropReadable(TypeIdx) = 0x13,
    /// `stream.drop-writable`
    StreamDropWritable(TypeIdx) = 0x14,
    /// `future.new`
    FutureNew(TypeIdx) = 0x15,
    /// `future.read`
    FutureRead(CopyOpts) = 0x16,
    /// `future.write`
    FutureWrite(CopyOpts) = 0x17,
    /// `future.cancel-read`
    FutureCancelRead(CancelCopy) = 0x18,
    /// `future.cancel-write`
    FutureCancelWrite(CancelCopy) = 0x19,
    /// `future.drop-readable`
    FutureDropReadable(TypeIdx) = 0x1A,
    /// `future.drop-writable`
    FutureDropWritable(TypeIdx) = 0x1B,
    /// `error-context.new`
    ErrorContextNew(Vec<CanonOpt>) = 0x1C,
    /// `error-context.debug-message`
    ErrorContextDebugMessage(Vec<CanonOpt>) = 0x1D,
    /// `error-context.drop`
    ErrorContextDrop = 0x1E,
    /// `waitable-set.new`
    WaitableSetNew = 0x1F,
    /// `waitable-set.wait`
    WaitableSetWait(EventMemory) = 0x20,
    /// `waitable-set.poll`
    WaitableSetPoll(EventMemory) = 0x21,
    /// `waitable-set.drop`
    WaitableSetDrop = 0x22,
    /// `waitable.join`
    WaitableJoin = 0x23,
    /// `backpressure.inc`
    BackpressureInc = 0x24,
    /// `backpressure.dec`
    BackpressureDec = 0x25,
    /// `thread.index`
    ThreadIndex = 0x26,
    /// `thread.new-indirect`
    ThreadNewIndirect(IndirectFunc) = 0x27,
    /// `thread.resume-later`
    ThreadResumeLater = 0x28,
    /// `thread.suspend` (`cancel?` byte `0x00`)
    ThreadSuspend(Zero) = 0x29,
    /// `thread.suspend-then-resume` (`cancel?` byte `0x00`)
    ThreadSuspendThenResume(Zero) = 0x2A,
    /// `thread.yield-then-resume` (`cancel?` byte `0x00`)
    ThreadYieldThenResume(Zero) = 0x2B,
    /// `thread.suspend-then-promote` (`cancel?` byte `0x00`)
    ThreadSuspendThenPromote(Zero) = 0x2C,
    /// `thread.yield-then-promote` (`cancel?` byte `0x00`)
    ThreadYieldThenPromote(Zero) = 0x2D,
    /// `stream.forward` (wasmparser 0.263)
    StreamForward(TypeIdx) = 0x2E,
    /// `future.forward` (wasmparser 0.263)
    FutureForward(TypeIdx) = 0x2F,
    /// `thread.spawn-ref`
    ThreadSpawnRef(CoreTypeIdx) = 0x40,
    /// `thread.spawn-indirect`
    ThreadSpawnIndirect(IndirectFunc) = 0x41,
    /// `thread.available-parallelism`
    ThreadAvailableParallelism = 0x42,
}

/// `t:<typeidx> opts:<opts>`: the operands of a copy between a stream or future and memory
/// (`stream.read`, `stream.write`, `future.read`, `future.write`).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CopyOpts {
    /// The stream or future type.
    pub ty: TypeIdx,
    /// Options.
    pub opts: Vec<CanonOpt>,
}

/// `t:<typeidx> async?:<async?>`: the operands of the cancellation of a copy
/// (`stream.cancel-read`, `stream.cancel-write`, `future.cancel-read`,
/// `future.cancel-write`).
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CancelCopy {
    /// The stream or future type.
    pub ty: TypeIdx,
    /// `async?`: whether the cancellation returns before it completes.
    pub is_async: bool,
}

/// `cancel?:<cancel?> m:<core:memidx>`: the operands of `waitable-set.wait` and
/// `waitable-set.poll`.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EventMemory {
    /// The `cancel?` byte (`0x00` in wasmparser 0.263).
    pub cancel: Zero,
    /// The memory the event is written to.
    pub memory: CoreMemIdx,
}

/// `ft:<core:typeidx> tbl:<core:tableidx>`: the operands of `thread.new-indirect` and
/// `thread.spawn-indirect`, which start a thread at a function of a table.
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct IndirectFunc {
    /// The core function type of the thread's function.
    pub ty: CoreTypeIdx,
    /// The table of functions.
    pub table: CoreTableIdx,
}

/// `canonopt`: an option of the canonical ABI.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "canonical option")]
#[non_exhaustive]
pub enum CanonOpt {
    /// `string-encoding=utf8`
    Utf8 = 0x00,
    /// `string-encoding=utf16`
    Utf16 = 0x01,
    /// `string-encoding=latin1+utf16`
    CompactUtf16 = 0x02,
    /// `(memory m)`
    Memory(CoreMemIdx) = 0x03,
    /// `(realloc f)`
    Realloc(CoreFuncIdx) = 0x04,
    /// `(post-return f)`
    PostReturn(CoreFuncIdx) = 0x05,
    /// `async`
    Async = 0x06,
    /// `(callback f)`
    Callback(CoreFuncIdx) = 0x07,
    /// `(core-type t)` (wasmparser 0.263)
    CoreType(CoreTypeIdx) = 0x08,
    /// `gc` (wasmparser 0.263)
    Gc = 0x09,
}

/// `start`: the component's start function, its arguments and its number of results.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Start {
    /// The function.
    pub func: FuncIdx,
    /// The arguments.
    pub args: Vec<ValueIdx>,
    /// How many results it gives (appended to the value index space).
    pub results: u32,
}
