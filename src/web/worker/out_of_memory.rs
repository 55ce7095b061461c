//! Running out of memory, in words. On wasm an allocation that fails aborts the instance with
//! a bare `unreachable` trap (no panic, so no panic hook). The worker's allocator notes the
//! size it could not get first; `worker.js` reads it after the trap and says "out of memory".
//! On a pool thread of the threaded build, whose trap the worker cannot hear, the allocator
//! tells the page itself (`threads::out_of_memory_on_pool`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use wasm_bindgen::prelude::*;

static FAILED: AtomicUsize = AtomicUsize::new(0);

struct NotingAllocator;

impl NotingAllocator {
    fn noted(&self, pointer: *mut u8, size: usize) -> *mut u8 {
        if pointer.is_null() {
            FAILED.store(size, Ordering::Relaxed);
            super::threads::out_of_memory_on_pool(size);
        }
        pointer
    }
}

// SAFETY: every call is passed to the system allocator unchanged; only failures are noted.
unsafe impl GlobalAlloc for NotingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.noted(unsafe { System.alloc(layout) }, layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.noted(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.noted(unsafe { System.realloc(pointer, layout, new_size) }, new_size)
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: NotingAllocator = NotingAllocator;

/// Bytes of the allocation that failed, or 0 if none has. Readable after the trap.
#[wasm_bindgen(js_name = allocationFailure)]
pub fn allocation_failure() -> f64 {
    FAILED.load(Ordering::Relaxed) as f64
}

/// Self-check: allocates 512 MB blocks until memory runs out (the blocks are never touched,
/// so the browser commits little of it).
pub fn exhaust() -> ! {
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    loop {
        blocks.push(Vec::with_capacity(512 << 20));
        std::hint::black_box(&blocks);
    }
}
