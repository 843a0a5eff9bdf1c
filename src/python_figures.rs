//! "The same work in Python": the seed lesson's comparisons timed in CPython + NumPy by
//! `script/bench`, shown beside the widgets. These are the only fixed figures the lessons
//! show, so they always carry their date, machine and versions, and say they were measured
//! natively, not in the reader's browser (pure: parsed from content/python-same-work.json).

use serde::Deserialize;

/// The file script/bench writes.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct PythonFigures {
    /// When they were measured (YYYY-MM-DD).
    pub date: String,
    /// Which machine.
    pub machine: String,
    /// CPython version.
    pub python: String,
    /// NumPy version.
    pub numpy: String,
    /// One row per comparison.
    pub rows: Vec<PythonRow>,
}

/// One timed Python snippet.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct PythonRow {
    /// The widget showing the same work.
    pub widget: String,
    /// The widget variant it corresponds to.
    pub variant: String,
    /// Size.
    pub n: u64,
    /// Median ns per operation.
    pub median_ns: f64,
    /// The Python code, briefly.
    pub label: String,
}

const FIGURES_JSON: &str = include_str!("../content/python-same-work.json");

/// The committed figures, parsed once; `None` if the file does not parse (then no note
/// is shown).
pub fn figures() -> Option<&'static PythonFigures> {
    static PARSED: std::sync::OnceLock<Option<PythonFigures>> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| serde_json::from_str(FIGURES_JSON).ok())
        .as_ref()
}

/// The note for one widget: a heading line and one line per snippet, or `None`.
pub fn note(widget: &str) -> Option<(String, Vec<String>)> {
    let f = figures()?;
    let lines: Vec<String> = f
        .rows
        .iter()
        .filter(|r| r.widget == widget)
        .map(|r| {
            format!(
                "{} at n = {}: {} per {}",
                r.label,
                crate::format::count(r.n),
                crate::format::duration_ns(r.median_ns),
                crate::catalog::widget(widget).map_or("operation", |w| w.op_label)
            )
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    let head = format!(
        "The same work in Python: CPython {} with NumPy {}, measured natively (not in this browser) on {}, {}.",
        f.python, f.numpy, f.machine, f.date
    );
    Some((head, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_figures_parse_and_name_real_widgets() {
        let f = figures().expect("content/python-same-work.json parses");
        assert!(!f.rows.is_empty());
        for r in &f.rows {
            let info = crate::kernels::info(&r.widget)
                .unwrap_or_else(|| panic!("unknown widget {}", r.widget));
            assert!(
                info.variants.iter().any(|v| v.id == r.variant),
                "{} has no variant {}",
                r.widget,
                r.variant
            );
            assert!(r.median_ns > 0.0);
        }
        let (head, lines) = note("queue-ops").expect("queue-ops has Python figures");
        assert!(
            head.contains("measured natively") && head.contains(&f.date),
            "{head}"
        );
        assert!(lines.iter().any(|l| l.contains("list.pop(0)")), "{lines:?}");
        assert!(note("parallel-cpu").is_none());
    }
}
