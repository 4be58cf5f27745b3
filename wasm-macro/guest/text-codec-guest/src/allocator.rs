//! The plugins' global allocator (feature `allocator`, on by default; wasm32 only): free lists
//! of power-of-two size classes over memory taken from the end of the heap.
//!
//! Why not std's `dlmalloc`: the host translates each plugin function the first time it is
//! called, in an interpreter that cargo builds without optimisation in a user's crate, and
//! `dlmalloc`'s `malloc` alone is a 5 KB function whose translation cost more than all the
//! code a simple expansion executes. This allocator is a few hundred bytes. Each expansion
//! runs in a fresh instance, so fragmentation never builds up; a block is at most twice the
//! size asked for.

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32;
use std::cell::UnsafeCell;

/// The size of a WebAssembly page.
const PAGE: usize = 65536;
/// The smallest block: room for the free list's link.
const MIN_BLOCK: usize = 8;
/// The number of size classes: 8 bytes (class 0) to 2 GiB (class 28).
const CLASSES: usize = 29;

/// Where the heap is, and the free blocks of each class.
struct State {
    /// The next unused address (0 until the first allocation).
    next: usize,
    /// The end of linear memory.
    end: usize,
    /// The first free block of each class (0: none); each free block holds the next one.
    free: [usize; CLASSES],
}

/// The allocator: one heap, used by one thread (wasm32-unknown-unknown has no threads).
pub struct Allocator(UnsafeCell<State>);

// SAFETY: plugins run on a single thread; nothing shares the state across threads.
unsafe impl Sync for Allocator {}

impl Allocator {
    /// An allocator whose heap starts at the linker's `__heap_base`.
    pub const fn new() -> Self {
        Allocator(UnsafeCell::new(State {
            next: 0,
            end: 0,
            free: [0; CLASSES],
        }))
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Self::new()
    }
}

unsafe extern "C" {
    /// The first address after the stack and the data (set by the linker).
    static __heap_base: u8;
}

/// The size class of `layout`: its size and alignment, rounded up to a power of two of at
/// least [`MIN_BLOCK`] bytes. `None` above 2 GiB.
fn class(size: usize, align: usize) -> Option<usize> {
    let block = size.max(align).max(MIN_BLOCK);
    if block > MIN_BLOCK << (CLASSES - 1) {
        return None;
    }
    Some((block.next_power_of_two() / MIN_BLOCK).trailing_zeros() as usize)
}

impl State {
    /// A fresh block of class `class` from the end of the heap, aligned to its size (up to a
    /// page), growing memory when needed; null when memory cannot grow.
    fn carve(&mut self, class: usize) -> *mut u8 {
        if self.next == 0 {
            self.next = &raw const __heap_base as usize;
            self.end = wasm32::memory_size(0) * PAGE;
        }
        let size = MIN_BLOCK << class;
        let align = size.min(PAGE);
        let Some(start) = self.next.checked_add(align - 1).map(|at| at & !(align - 1)) else {
            return std::ptr::null_mut();
        };
        let Some(end) = start.checked_add(size) else {
            return std::ptr::null_mut();
        };
        if end > self.end {
            let pages = (end - self.end).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return std::ptr::null_mut();
            }
            self.end += pages * PAGE;
        }
        self.next = end;
        start as *mut u8
    }
}

// SAFETY: a block is handed out again only after it was freed; it is at least as large as
// asked (its class covers the size) and aligned to its size or to a page, whichever is
// smaller, which covers the requested alignment (its class covers the alignment too, and
// alignments above a page are refused).
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > PAGE {
            return std::ptr::null_mut();
        }
        let Some(class) = class(layout.size(), layout.align()) else {
            return std::ptr::null_mut();
        };
        // SAFETY: single-threaded, and no reference to the state outlives this call.
        let state = unsafe { &mut *self.0.get() };
        let head = state.free[class];
        if head == 0 {
            return state.carve(class);
        }
        // SAFETY: `head` is a free block of this class, which holds the next free block.
        state.free[class] = unsafe { *(head as *const usize) };
        head as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // The layout is the one `ptr` was allocated with (GlobalAlloc's contract), so its
        // class exists and is the block's.
        let Some(class) = class(layout.size(), layout.align()) else {
            return;
        };
        // SAFETY: single-threaded, and no reference to the state outlives this call.
        let state = unsafe { &mut *self.0.get() };
        // SAFETY: the block is ours again and at least `MIN_BLOCK` bytes, aligned to 8.
        unsafe { *(ptr as *mut usize) = state.free[class] };
        state.free[class] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if class(layout.size(), layout.align()) == class(new_size, layout.align()) {
            return ptr; // the block already has room
        }
        // SAFETY: `new_size` with the old alignment is a valid layout (realloc's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a valid layout of non-zero size.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks hold at least the smaller size and do not overlap.
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
            // SAFETY: `ptr` was allocated with `layout`.
            unsafe { self.dealloc(ptr, layout) };
        }
        new
    }
}
