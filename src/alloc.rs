//! A counting global allocator: allocations, bytes allocated and peak live bytes.
//!
//! The worker binaries install it with `#[global_allocator]`. Counters are atomics, so
//! allocations on rayon pool threads count too. The runtime reads [`AllocStats`] around
//! one extra call of a kernel (after timing it) to report what that call allocated;
//! the timed calls themselves run with the same allocator, so its small cost (a few
//! atomic adds per allocation) is the same for every variant.
//!
//! It also starts every block of [`ALIGNED_FROM`] bytes or more on a cache line
//! ([`BLOCK_ALIGN`] bytes). wasm32's allocator (dlmalloc) aligns blocks to 8 bytes only, so
//! a `Vec<u64>` started at 0 or 8 modulo 16, and somewhere different within its cache
//! line, depending on what the heap held before. At 8, every 16-byte SIMD access of its
//! auto-vectorized loops is misaligned and one in four straddles a cache line: the same
//! kernel ran 1.4-1.8x slower from one Run to the next (`memory-profile`'s
//! `with-capacity` at n = 1,000: 2.2 or 3.2 ns per element, per-point spread 18% over
//! four Runs; with aligned blocks, under 1%). 16 bytes removed that; a whole cache line
//! also steadied `queue-ops`, whose `Vec::remove(0)` moves the buffer's bytes (first Run
//! against later ones: 0.91-1.87x with 16, 1.02-1.06x with 64, in three and four reports).
//! Smaller blocks keep dlmalloc's own placement: aligning them would send each through
//! dlmalloc's slower `memalign` path and pad it, which made `bytes-per-element`'s boxed
//! values (8-byte boxes) more than 3x slower at n = 1,000,000. The threshold was 64 bytes
//! at first; `memalign` on the many short-lived blocks of 64-255 bytes that small-n kernels
//! grow through (a `Vec<u64>` of 8 to 31 items) split off and freed a fragment around every
//! block, and the heap's state drifted from Run to Run: `compare-implementations`'
//! `filter-map` at n = 10 took 5.0, 6.4, 7.2 and 8.2 ns per value in four Runs on one
//! page. From 256 bytes, the same report has it at 4.95 ns in every Run (and `push` at
//! n = 100 at 2.4 ns instead of 3.1), while blocks from 256 bytes up (32 `u64` and more,
//! where loops run long enough for misalignment to show) stay on a cache line.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Counts what passes through the system allocator.
pub struct CountingAlloc {
    allocations: AtomicU64,
    allocated_bytes: AtomicU64,
    live_bytes: AtomicU64,
    peak_bytes: AtomicU64,
}

/// A reading of the counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllocStats {
    /// Allocation calls so far (a realloc counts as one).
    pub allocations: u64,
    /// Bytes requested so far.
    pub allocated_bytes: u64,
    /// Bytes currently allocated.
    pub live_bytes: u64,
    /// Most bytes live at once since the last [`CountingAlloc::reset_peak`].
    pub peak_bytes: u64,
}

impl CountingAlloc {
    /// A fresh allocator with zeroed counters.
    pub const fn new() -> Self {
        Self {
            allocations: AtomicU64::new(0),
            allocated_bytes: AtomicU64::new(0),
            live_bytes: AtomicU64::new(0),
            peak_bytes: AtomicU64::new(0),
        }
    }

    /// The counters now.
    pub fn stats(&self) -> AllocStats {
        AllocStats {
            allocations: self.allocations.load(Relaxed),
            allocated_bytes: self.allocated_bytes.load(Relaxed),
            live_bytes: self.live_bytes.load(Relaxed),
            peak_bytes: self.peak_bytes.load(Relaxed),
        }
    }

    /// Starts a new peak window at the current live size.
    pub fn reset_peak(&self) {
        self.peak_bytes
            .store(self.live_bytes.load(Relaxed), Relaxed);
    }

    fn grew(&self, bytes: u64) {
        self.allocations.fetch_add(1, Relaxed);
        self.allocated_bytes.fetch_add(bytes, Relaxed);
        let live = self.live_bytes.fetch_add(bytes, Relaxed) + bytes;
        self.peak_bytes.fetch_max(live, Relaxed);
    }

    fn shrank(&self, bytes: u64) {
        self.live_bytes.fetch_sub(bytes, Relaxed);
    }
}

impl Default for CountingAlloc {
    fn default() -> Self {
        Self::new()
    }
}

/// Blocks of this many bytes or more start on a [`BLOCK_ALIGN`] boundary (see the module
/// docs).
pub const ALIGNED_FROM: usize = 256;
/// Where large blocks start: a cache line.
pub const BLOCK_ALIGN: usize = 64;

/// The layout a block is allocated with: [`BLOCK_ALIGN`]-aligned from [`ALIGNED_FROM`] bytes up.
/// A function of the caller's layout alone, so `dealloc` and `realloc` recompute the
/// layout `alloc` used.
fn placed(layout: Layout) -> Layout {
    if layout.size() >= ALIGNED_FROM {
        layout.align_to(BLOCK_ALIGN).unwrap_or(layout)
    } else {
        layout
    }
}

// SAFETY: every method forwards to `System` with `placed(layout)`, which has the caller's
// size and an alignment at least the caller's, and frees each block with the same
// `placed` layout it was allocated with. The counters are bookkeeping only.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(placed(layout)) };
        if !ptr.is_null() {
            self.grew(layout.size() as u64);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(placed(layout)) };
        if !ptr.is_null() {
            self.grew(layout.size() as u64);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, placed(layout)) };
        self.shrank(layout.size() as u64);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = placed(layout);
        // SAFETY: the caller guarantees new_size, rounded up to the alignment, fits isize.
        let wanted = placed(unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) });
        let new = if wanted.align() == old.align() {
            unsafe { System.realloc(ptr, old, new_size) }
        } else {
            // Crossing ALIGNED_FROM changes the block's alignment: a new block, the
            // bytes both hold, and the old block freed with the layout it had.
            let new = unsafe { System.alloc(wanted) };
            if !new.is_null() {
                unsafe {
                    std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    System.dealloc(ptr, old);
                }
            }
            new
        };
        if !new.is_null() {
            // Count a realloc as freeing the old block and allocating the new one. If the
            // system allocator moved the data, both blocks existed for a moment inside
            // `System.realloc`; that instant is invisible here and not in the peak.
            self.shrank(layout.size() as u64);
            self.grew(new_size as u64);
        }
        new
    }
}

/// What one call of a kernel allocated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemoryUse {
    /// Allocation calls.
    pub allocations: u64,
    /// Bytes requested in all.
    pub allocated_bytes: u64,
    /// Most bytes the call held at once, above what was live before it.
    pub peak_bytes: u64,
}

/// Runs `f` once and reports what it allocated, as seen by `alloc`.
pub fn measure_memory<T>(alloc: &CountingAlloc, f: impl FnOnce() -> T) -> (T, MemoryUse) {
    alloc.reset_peak();
    let before = alloc.stats();
    let out = std::hint::black_box(f());
    let after = alloc.stats();
    let usage = MemoryUse {
        allocations: after.allocations - before.allocations,
        allocated_bytes: after.allocated_bytes - before.allocated_bytes,
        peak_bytes: after.peak_bytes.saturating_sub(before.live_bytes),
    };
    (out, usage)
}
