//! Build script:
//! - a fingerprint of the source tree, so that the UI and the bench worker (separate wasm
//!   builds, cached separately by browsers and the service worker) can tell that they were
//!   not built from the same sources (`protocol::BUILD_ID`);
//! - the Python figures `script/bench` records (content/python-same-work.json) as Rust
//!   data (`python_figures`), so the UI needs no JSON parser for them.

use std::path::Path;

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A Rust string literal for `text`.
fn literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// content/python-same-work.json as a `FIGURES` static, or `None` (with a build warning)
/// when the file is missing or not in the expected shape.
fn python_figures() -> String {
    const PATH: &str = "content/python-same-work.json";
    println!("cargo:rerun-if-changed={PATH}");
    let parsed = std::fs::read_to_string(PATH)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()));
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(literal);
    let rows = |v: &serde_json::Value| -> Option<Vec<String>> {
        v.get("rows")?
            .as_array()?
            .iter()
            .map(|r| {
                Some(format!(
                    "PythonRow {{ widget: {}, variant: {}, n: {}, median_ns: {}_f64, label: {} }}",
                    text(r, "widget")?,
                    text(r, "variant")?,
                    r.get("n")?.as_u64()?,
                    r.get("median_ns")?.as_f64().filter(|x| x.is_finite())?,
                    text(r, "label")?,
                ))
            })
            .collect()
    };
    let body = parsed.ok().and_then(|v| {
        Some(format!(
            "Some(PythonFigures {{ date: {}, machine: {}, python: {}, numpy: {}, rows: &[{}] }})",
            text(&v, "date")?,
            text(&v, "machine")?,
            text(&v, "python")?,
            text(&v, "numpy")?,
            rows(&v)?.join(", ")
        ))
    });
    let body = body.unwrap_or_else(|| {
        println!(
            "cargo:warning={PATH} is missing or malformed: the lessons will show no Python figures"
        );
        "None".to_owned()
    });
    format!("/// The committed figures (build.rs, from {PATH}).\npub static FIGURES: Option<PythonFigures> = {body};\n")
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    // FNV-1a over every file's path and contents, in path order.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        feed(file.to_string_lossy().as_bytes());
        feed(&std::fs::read(file).unwrap_or_default());
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(
        Path::new(&out).join("build_id.rs"),
        format!("/// Fingerprint of the sources this crate was built from (build.rs).\npub const BUILD_ID: u64 = 0x{h:016x};\n"),
    )
    .expect("OUT_DIR is writable");
    std::fs::write(Path::new(&out).join("python_figures.rs"), python_figures())
        .expect("OUT_DIR is writable");
}
