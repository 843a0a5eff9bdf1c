//! Runs in headless Chromium (wasm-bindgen-test): the UI formats floats with the engine's
//! own number-to-text (`toFixed`, `toExponential`, `String(x)`) instead of Rust's, to keep
//! Rust's float formatting out of the UI bundle. Here the engine's digits are checked
//! against Rust's own for the values the course prints; they may differ only on exact
//! binary ties (none below), or from 1e21 up and below 1e-6 for the shortest form.
#![cfg(target_arch = "wasm32")]

use benchbook::format::{exponential, fixed, parse_number, shortest};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const VALUES: [f64; 18] = [
    0.0,
    1.0,
    -1.0,
    0.1,
    2.0 / 3.0,
    1.618_033_988_7,
    12.345_678,
    99.95001,
    123.456,
    4_512_000.0,
    0.000_123_4,
    -0.004_9,
    1e-6,
    7.25e-3,
    3.0e15,
    299_792.458,
    1.0e20,
    65.4321,
];

#[wasm_bindgen_test]
fn fixed_digits_match_rust() {
    for v in VALUES {
        for d in 0..=6u8 {
            // As Rust writes it, except that a value rounding to zero has no sign (`fixed`
            // writes -0.0049 to 0 places as "0", where Rust writes "-0").
            let rust = format!("{v:.*}", usize::from(d));
            let rust = match rust.strip_prefix('-') {
                Some(zero) if zero.bytes().all(|b| b == b'0' || b == b'.') => zero.to_owned(),
                _ => rust,
            };
            assert_eq!(fixed(v, d), rust, "{v} to {d} places");
        }
    }
}

#[wasm_bindgen_test]
fn exponent_notation_matches_rust() {
    for v in VALUES {
        for d in [0u8, 1, 6] {
            assert_eq!(
                exponential(v, d),
                format!("{v:.*e}", usize::from(d)),
                "{v} with {d}"
            );
        }
    }
    // The one documented difference: an exact tie rounds up in the engine, to even in Rust.
    assert_eq!(exponential(4.5e6, 0), "5e6");
    assert_eq!(format!("{:.0e}", 4.5e6), "4e6");
}

#[wasm_bindgen_test]
fn shortest_text_reads_back_as_the_same_number() {
    for v in VALUES {
        let text = shortest(v);
        assert_eq!(parse_number(&text), Some(v), "{v} written as {text}");
        if (1e-6..1e21).contains(&v.abs()) || v == 0.0 {
            assert_eq!(text, format!("{v}"), "{v}");
        }
    }
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(fixed(v, 1), format!("{v:.1}"));
        assert_eq!(shortest(v), format!("{v}"));
    }
}
