//! Runs in headless Chromium (wasm-bindgen-test): the SIMD128 intrinsics, not the native
//! fallback, agree with the scalar loop on lengths that are not multiples of four.
//! Natively this file is empty; script/test runs it with `+simd128`.
#![cfg(target_arch = "wasm32")]

use benchbook::topics::vectorization::elementwise_add::{add_indexed, add_inputs, add_simd128};
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
