//! Runs in headless Chromium (wasm-bindgen-test): the SIMD128 intrinsics, not the native
//! fallback, agree with the scalar loop on lengths that are not multiples of four; and the
//! workers' allocator starts large blocks on a cache line, which wasm32's own allocator
//! does not.
//! Natively this file is empty; script/test runs it with `+simd128`.
#![cfg(target_arch = "wasm32")]

use benchbook::alloc::{CountingAlloc, ALIGNED_FROM, BLOCK_ALIGN};
use benchbook::topics::vectorization::elementwise_add::{add_indexed, add_inputs, add_simd128};
use std::alloc::{GlobalAlloc, Layout, System};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn simd128_intrinsics_match_scalar_on_awkward_lengths() {
    assert!(
        cfg!(target_feature = "simd128"),
        "this test must be built with +simd128"
    );
    for n in [0usize, 1, 2, 3, 4, 5, 6, 7, 9, 1001, 4099] {
        let (a, b) = add_inputs(n);
        let mut expected = vec![0f32; n];
        add_indexed(&a, &b, &mut expected);
        let mut simd = vec![f32::NAN; n];
        add_simd128(&a, &b, &mut simd);
        assert_eq!(simd, expected, "n={n}");
    }
}

/// Addresses modulo BLOCK_ALIGN of blocks of `size` bytes taken, interleaved with 8-byte blocks
/// (which shift where the next block lands), from `alloc`; all freed afterwards.
fn offsets(alloc: &dyn GlobalAlloc, size: usize) -> Vec<usize> {
    let small = Layout::from_size_align(8, 8).expect("layout");
    let large = Layout::from_size_align(size, 8).expect("layout");
    let mut taken = Vec::new();
    let mut offsets = Vec::new();
    for _ in 0..16 {
        // SAFETY: nonzero sizes; every block is freed below with its own layout.
        unsafe {
            taken.push((alloc.alloc(small), small));
            let block = alloc.alloc(large);
            offsets.push(block as usize % BLOCK_ALIGN);
            taken.push((block, large));
        }
    }
    for (block, layout) in taken {
        assert!(!block.is_null());
        // SAFETY: allocated above by `alloc` with this layout.
        unsafe { alloc.dealloc(block, layout) };
    }
    offsets
}

#[wasm_bindgen_test]
fn counting_allocator_starts_large_blocks_on_a_cache_line() {
    // The premise: dlmalloc alone places some blocks at 8 modulo 16.
    assert!(
        offsets(&System, ALIGNED_FROM).iter().any(|o| o % 16 == 8),
        "wasm32's System allocator aligned every block to 16: {:?}",
        offsets(&System, ALIGNED_FROM)
    );
    let counting = CountingAlloc::new();
    for size in [ALIGNED_FROM, 1000, 8000] {
        let at = offsets(&counting, size);
        assert!(at.iter().all(|&o| o == 0), "size {size}: {at:?}");
    }
    // Growing across the threshold keeps the bytes and ends aligned.
    let small = Layout::from_size_align(16, 8).expect("layout");
    // SAFETY: a 16-byte block, written, grown to 400 bytes, read and freed with its layout.
    unsafe {
        let block = counting.alloc(small);
        block.copy_from_nonoverlapping([7u8; 16].as_ptr(), 16);
        let grown = counting.realloc(block, small, 400);
        assert_eq!(grown as usize % BLOCK_ALIGN, 0);
        assert_eq!(std::slice::from_raw_parts(grown, 16), &[7u8; 16]);
        counting.dealloc(grown, Layout::from_size_align(400, 8).expect("layout"));
    }
}
