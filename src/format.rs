//! Number formatting for readouts, tables and axis labels (pure).

/// A duration in ns as a short human string: "850 ns", "1.23 µs", "4.5 ms", "2.0 s".
pub fn duration_ns(ns: f64) -> String {
    if !ns.is_finite() {
        return "–".into();
    }
    let (value, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    format!("{} {unit}", three_digits(value))
}

/// `value` with `digits` decimals, as `format!("{value:.digits$}")` writes it. In the browser
/// the digits are the engine's (`Number.prototype.toFixed`), so the UI does not carry Rust's
/// float formatting (Grisu, Dragon4 and their tables: about 10 KB of the UI's wasm). The two
/// agree except on exact binary ties, which toFixed rounds up and Rust to even, and from
/// 1e21 up, where toFixed switches to exponent notation. A value that rounds to zero is
/// written without a sign: a fitted exponent of -0.001 is "0.00", not "-0.00".
pub fn fixed(value: f64, digits: u8) -> String {
    if !value.is_finite() {
        return non_finite(value);
    }
    #[cfg(target_arch = "wasm32")]
    let text = js_text(js_sys::Number::from(value).to_fixed(digits));
    #[cfg(not(target_arch = "wasm32"))]
    let text = format!("{value:.*}", usize::from(digits));
    match text.strip_prefix('-') {
        Some(zero) if zero.bytes().all(|b| b == b'0' || b == b'.') => zero.to_owned(),
        _ => text,
    }
}

/// `value` in exponent notation with `digits` decimals: "1.5e-7", "2.0e3", as
/// `format!("{value:.digits$e}")` writes it (the engine's `toExponential` in the browser,
/// without its "+").
pub fn exponential(value: f64, digits: u8) -> String {
    if !value.is_finite() {
        return non_finite(value);
    }
    #[cfg(target_arch = "wasm32")]
    let text = js_text(js_sys::Number::from(value).to_exponential(digits)).replace("e+", "e");
    #[cfg(not(target_arch = "wasm32"))]
    let text = format!("{value:.*e}", usize::from(digits));
    text
}

/// The shortest text that reads back as `value`: "0.1", "2.5", "1e-7" (`format!("{value}")`
/// natively, the engine's own number-to-string in the browser; they differ only in when they
/// switch to exponent notation, below 1e-6 and from 1e21).
pub fn shortest(value: f64) -> String {
    if !value.is_finite() {
        return non_finite(value);
    }
    #[cfg(target_arch = "wasm32")]
    let text = js_text(js_sys::Number::from(value).to_string_with_radix(10));
    #[cfg(not(target_arch = "wasm32"))]
    let text = format!("{value}");
    text
}

fn non_finite(value: f64) -> String {
    match value {
        v if v.is_nan() => "NaN".into(),
        v if v > 0.0 => "inf".into(),
        _ => "-inf".into(),
    }
}

#[cfg(target_arch = "wasm32")]
fn js_text<E>(text: Result<js_sys::JsString, E>) -> String {
    text.map(String::from).unwrap_or_default()
}

/// A value with about three significant digits: 0.0123, 1.23, 12.3, 123.
pub fn three_digits(value: f64) -> String {
    let a = value.abs();
    if a == 0.0 {
        "0".into()
    } else if a < 1.0 {
        fixed(value, 3)
    } else if a < 10.0 {
        fixed(value, 2)
    } else if a < 100.0 {
        fixed(value, 1)
    } else {
        fixed(value, 0)
    }
}

/// A decimal number as people and addresses write it ("12", "-0.5", "1e6", ".5", "3."),
/// or `None`: stricter than `f64::from_str`, which also takes "inf" and "NaN". In the
/// browser the conversion is the engine's own (`Number.parseFloat` of a string already
/// checked here), so the UI does not carry Rust's float parser and its tables (about 15 KB
/// of the UI's wasm).
pub fn parse_number(text: &str) -> Option<f64> {
    let s = text.as_bytes();
    let digits_from = |mut i: usize| {
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = usize::from(matches!(s.first(), Some(b'+' | b'-')));
    let int_end = digits_from(i);
    let mut digits = int_end - i;
    i = int_end;
    if s.get(i) == Some(&b'.') {
        let frac_end = digits_from(i + 1);
        digits += frac_end - (i + 1);
        i = frac_end;
    }
    if digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_end = digits_from(i);
        if exp_end == i {
            return None;
        }
        i = exp_end;
    }
    if i != s.len() {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    let value = Some(js_sys::Number::parse_float(text));
    #[cfg(not(target_arch = "wasm32"))]
    let value = text.parse().ok();
    value
}

/// An integer with thousands separators: 1,000,000.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A compact size label for axes and sliders: 100, 2k, 50k, 1M, 2e8 stays "200M".
pub fn compact(n: f64) -> String {
    let (v, suffix) = if n >= 1e9 {
        (n / 1e9, "G")
    } else if n >= 1e6 {
        (n / 1e6, "M")
    } else if n >= 1e3 {
        (n / 1e3, "k")
    } else {
        (n, "")
    };
    let text = fixed(v, if (v - v.round()).abs() < 1e-9 { 0 } else { 1 });
    format!("{text}{suffix}")
}

/// A ratio as "840×" / "1.86×" / "12×" / "308,000×": three significant figures, as every
/// duration it is made of has (whole numbers from 10 up).
pub fn ratio(r: f64) -> String {
    if !r.is_finite() {
        return "–".into();
    }
    if r >= 10.0 {
        format!("{}×", whole(r))
    } else {
        format!("{}×", three_digits(r))
    }
}

/// A number of 10 or more as a whole number with three significant figures at most, digits
/// grouped: "12", "840", "1,230", "308,000".
pub fn whole(v: f64) -> String {
    let step = 10f64.powi((v.round().log10().floor() as i32 - 2).max(0));
    count(((v / step).round() * step) as u64)
}

/// A byte count in binary units, as memory is allocated and WebAssembly pages are counted:
/// "0 B", "8.00 KiB", "7.63 MiB".
pub fn bytes(b: u64) -> String {
    let v = b as f64;
    if b < 1024 {
        format!("{b} B")
    } else if v < 1024.0 * 1024.0 {
        format!("{} KiB", three_digits(v / 1024.0))
    } else if v < 1024.0 * 1024.0 * 1024.0 {
        format!("{} MiB", three_digits(v / (1024.0 * 1024.0)))
    } else {
        format!("{} GiB", three_digits(v / (1024.0 * 1024.0 * 1024.0)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_parse_as_written_and_nothing_else_does() {
        for (text, want) in [
            ("12", 12.0),
            ("-0.5", -0.5),
            ("+3", 3.0),
            ("1e6", 1e6),
            ("2.5E-3", 2.5e-3),
            (".5", 0.5),
            ("3.", 3.0),
            ("0", 0.0),
            ("1000000000", 1e9),
        ] {
            assert_eq!(parse_number(text), Some(want), "{text}");
        }
        for text in [
            "", "-", ".", "e5", "1e", "1e+", "banana", "1.2.3", "inf", "NaN", "infinity", " 1",
            "1 ", "0x10", "1_000", "--1",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn what_rounds_to_zero_has_no_sign() {
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-0.0, 0), "0");
        assert_eq!(fixed(-0.006, 2), "-0.01");
        assert_eq!(fixed(-12.5, 1), "-12.5");
        assert_eq!(three_digits(-0.0004), "0.000");
    }

    #[test]
    fn durations() {
        for (ns, text) in [
            (0.5, "0.500 ns"),
            (850.0, "850 ns"),
            (1234.0, "1.23 µs"),
            (4_500_000.0, "4.50 ms"),
            (2e9, "2.00 s"),
            (f64::NAN, "–"),
        ] {
            assert_eq!(duration_ns(ns), text, "{ns}");
        }
    }

    #[test]
    fn counts_and_compact() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(compact(100.0), "100");
        assert_eq!(compact(2000.0), "2k");
        assert_eq!(compact(1e6), "1M");
        assert_eq!(compact(2.5e6), "2.5M");
    }

    #[test]
    fn byte_counts() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(8192), "8.00 KiB");
        assert_eq!(bytes(8_000_000), "7.63 MiB");
    }

    #[test]
    fn ratios() {
        assert_eq!(ratio(840.4), "840×");
        assert_eq!(ratio(1234.0), "1,230×");
        assert_eq!(ratio(308_184.3), "308,000×");
        assert_eq!(ratio(999.6), "1,000×");
        assert_eq!(ratio(1_000_000.0), "1,000,000×");
        assert_eq!(ratio(12.4), "12×");
        assert_eq!(ratio(1.86), "1.86×");
        assert_eq!(ratio(f64::INFINITY), "–");
    }
}
