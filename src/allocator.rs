//! The allocator of static (musl) programs, compiled probes and the release binary alike:
//! dlmalloc (rust-lang's port, pure Rust) over memory of our own mapping.
//!
//! musl's allocator maps and unmaps pages one at a time: a compiled probe's one-shot HTTP check
//! took 1.0–1.1 ms with dlmalloc against 1.4 ms with musl's (hyperfine, 1,000 runs each, twice).
//! dlmalloc asks for 64 KB at a time, and each page of that is a page fault at its first use,
//! about 3 µs each on a virtual machine: some 20 of a one-shot check's 60. The first
//! [`PREFAULTED`] bytes are mapped with `MAP_POPULATE`, every page in the same call; later
//! memory is mapped as before, so a long `serve` holds only what it touches.

use std::alloc::{GlobalAlloc, Layout};
use std::ptr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use dlmalloc::{Allocator, Dlmalloc};

/// How much of the first memory is mapped in at once: the two regions of 64 KB a one-shot
/// check fills. Measured against none (hyperfine, 2,000 runs, twice; docs/benchmarks.md): 60 →
/// 39 page faults and 4–7% less time; 512 KB (its third region too, of 128 KB, mostly untouched)
/// was no faster than none.
const PREFAULTED: usize = 128 * 1024;

/// Bytes mapped with `MAP_POPULATE` so far.
static PREFAULTED_SO_FAR: AtomicUsize = AtomicUsize::new(0);

/// Memory for dlmalloc from `mmap`, as its own Linux `System` maps it, but for the first
/// [`PREFAULTED`] bytes.
struct Pages;

// SAFETY: every region is a fresh private anonymous mapping of the size given back, returned to
// the system only by the calls dlmalloc makes below (`mremap`, `munmap`).
unsafe impl Allocator for Pages {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let populate = PREFAULTED_SO_FAR
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |so_far| {
                (so_far + size <= PREFAULTED).then_some(so_far + size)
            })
            .is_ok();
        let flags =
            libc::MAP_ANON | libc::MAP_PRIVATE | if populate { libc::MAP_POPULATE } else { 0 };
        // SAFETY: a new anonymous mapping; nothing else is at the address the kernel picks.
        let addr = unsafe {
            libc::mmap(
                ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                flags,
                -1,
                0,
            )
        };
        if addr == libc::MAP_FAILED {
            (ptr::null_mut(), 0, 0)
        } else {
            (addr.cast(), size, 0)
        }
    }

    fn remap(&self, ptr: *mut u8, oldsize: usize, newsize: usize, can_move: bool) -> *mut u8 {
        let flags = if can_move { libc::MREMAP_MAYMOVE } else { 0 };
        // SAFETY: `ptr` is a region of `oldsize` bytes this allocator mapped.
        let moved = unsafe { libc::mremap(ptr.cast(), oldsize, newsize, flags) };
        if moved == libc::MAP_FAILED {
            ptr::null_mut()
        } else {
            moved.cast()
        }
    }

    fn free_part(&self, ptr: *mut u8, oldsize: usize, newsize: usize) -> bool {
        // SAFETY: as in `remap`; the part past `newsize` is no longer used by dlmalloc.
        unsafe {
            if libc::mremap(ptr.cast(), oldsize, newsize, 0) != libc::MAP_FAILED {
                return true;
            }
            libc::munmap(ptr.add(newsize).cast(), oldsize - newsize) == 0
        }
    }

    fn free(&self, ptr: *mut u8, size: usize) -> bool {
        // SAFETY: a whole region this allocator mapped, no longer used by dlmalloc.
        unsafe { libc::munmap(ptr.cast(), size) == 0 }
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        true
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        4096
    }
}

/// dlmalloc behind one lock, as its own global allocator has it.
pub struct Heap(Mutex<Dlmalloc<Pages>>);

impl Heap {
    pub const fn new() -> Heap {
        Heap(Mutex::new(Dlmalloc::new_with_allocator(Pages)))
    }

    fn with<T>(&self, f: impl FnOnce(&mut Dlmalloc<Pages>) -> T) -> T {
        // Nothing under the lock can panic, so it is never poisoned; if it were, the heap
        // itself is still whole.
        let mut heap = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut heap)
    }
}

// SAFETY: each call is dlmalloc's own, under the lock, with the layout the caller gives.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.with(|h| unsafe { h.malloc(layout.size(), layout.align()) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.with(|h| unsafe { h.free(ptr, layout.size(), layout.align()) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.with(|h| unsafe { h.calloc(layout.size(), layout.align()) })
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.with(|h| unsafe { h.realloc(ptr, layout.size(), layout.align(), new_size) })
    }
}
