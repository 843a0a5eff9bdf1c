//! Every import points down: no two modules of the library import each other (outside
//! their tests), at the level of the crate's top modules and of the files within
//! `widgets/`, `worker/`, `plot/`, `topics/` and `python/`. A loop means two layers that
//! should be one, or a type in the wrong layer; this test names the pair.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a file without its unit tests (tests may import anything).
fn without_tests(text: &str) -> &str {
    let cut = [
        "#[cfg(test)]\nmod tests",
        "#[cfg(test)]\npub(crate) mod tests",
    ]
    .iter()
    .filter_map(|m| text.find(m))
    .min();
    &text[..cut.unwrap_or(text.len())]
}

/// The identifiers that follow each `prefix` in `text` (`crate::` → `protocol`, …).
fn after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            let rest = &text[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|id| !id.is_empty())
        .collect()
}

fn loops(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (a, deps) in edges {
        for b in deps {
            if a < b && edges.get(b).is_some_and(|d| d.contains(a)) {
                out.push((a.clone(), b.clone()));
            }
        }
    }
    out
}

#[test]
fn no_two_modules_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut siblings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let rel = path.strip_prefix(&src).expect("under src/");
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
            .collect();
        // The binaries and the crate root are not layers.
        if parts[0] == "bin" || parts[0] == "main" || parts[0] == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("a source file");
        // Code only: doc links and comments may name any module.
        let text: String = without_tests(&text)
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let text = text.as_str();
        let me = parts[0].clone();
        for dep in after(text, "crate::") {
            if dep != me {
                top.entry(me.clone()).or_default().insert(dep.to_owned());
            }
        }
        // Files side by side in one directory (`super::x` or `crate::dir::x`).
        if parts.len() == 2 && parts[1] != "mod" {
            let dir = &parts[0];
            let file = format!("{dir}/{}", parts[1]);
            let names = after(text, "super::")
                .into_iter()
                .chain(after(text, &format!("crate::{dir}::")));
            for dep in names {
                let other = format!("{dir}/{dep}");
                if other != file && src.join(format!("{other}.rs")).exists() {
                    siblings.entry(file.clone()).or_default().insert(other);
                }
            }
        }
    }
    assert!(top.contains_key("widgets"), "the scan found the UI modules");
    assert_eq!(loops(&top), vec![], "modules that import each other");
    assert_eq!(loops(&siblings), vec![], "files that import each other");
}
