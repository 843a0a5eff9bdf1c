//! "The same work in Python": the seed lesson's comparisons timed in CPython + NumPy by
//! `script/bench`, shown beside the widgets. These are the only fixed figures the lessons
//! show, so they always carry their date, machine and versions, and say they were measured
//! natively, not in the reader's browser (pure: content/python-same-work.json, compiled in by build.rs).

/// The file script/bench writes.
#[derive(Clone, Debug, PartialEq)]
pub struct PythonFigures {
    /// When they were measured (YYYY-MM-DD).
    pub date: &'static str,
    /// Which machine.
    pub machine: &'static str,
    /// CPython version.
    pub python: &'static str,
    /// NumPy version.
    pub numpy: &'static str,
    /// One row per comparison.
    pub rows: &'static [PythonRow],
}

/// One timed Python snippet.
#[derive(Clone, Debug, PartialEq)]
pub struct PythonRow {
    /// The widget showing the same work.
    pub widget: &'static str,
    /// The widget variant it corresponds to.
    pub variant: &'static str,
    /// Size.
    pub n: u64,
    /// Median ns per operation.
    pub median_ns: f64,
    /// The Python code, briefly.
    pub label: &'static str,
}

// `FIGURES`: content/python-same-work.json turned into the types above by build.rs (no
// JSON parser in the UI); `None` if the file was missing or malformed at build time.
include!(concat!(env!("OUT_DIR"), "/python_figures.rs"));

/// The committed figures, or `None` (then no note is shown).
pub fn figures() -> Option<&'static PythonFigures> {
    FIGURES.as_ref()
}

/// The note for one widget: a heading line and one line per snippet, or `None`.
pub fn note(widget: &str) -> Option<(String, Vec<String>)> {
    // A widget with a Python twin runs its plain Python in this browser; only NumPy, which
    // cannot run here, keeps its native figure.
    note_of(figures()?, widget, crate::topics::python(widget).is_some())
}

/// The note's inside as markup (its heading line, then a list): what the widget places in
/// its `<aside class="python-note">`. Every text escaped.
pub fn note_markup(widget: &str) -> Option<String> {
    let (head, lines) = note(widget)?;
    let mut m = crate::html::Markup::new();
    m.element("p", &[], &head).open("ul", &[]);
    for line in &lines {
        m.element("li", &[], line);
    }
    m.close("ul");
    Some(m.finish())
}

/// See [`note`]; `twin`: the widget's plain Python runs in the browser.
fn note_of(f: &PythonFigures, widget: &str, twin: bool) -> Option<(String, Vec<String>)> {
    let lines: Vec<String> = f
        .rows
        .iter()
        .filter(|r| r.widget == widget && (!twin || r.label.contains("NumPy")))
        .map(|r| {
            format!(
                "{} at n = {}: {} per {}",
                r.label,
                crate::format::count(r.n),
                crate::format::duration_ns(r.median_ns),
                crate::topics::widget(widget).map_or("operation", |w| w.op_label)
            )
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    let head = if twin {
        format!(
            "NumPy cannot run in this browser, so its figure was measured natively (not here): CPython {} with NumPy {} on {}, {}.",
            f.python, f.numpy, f.machine, f.date
        )
    } else {
        format!(
            "The same work in Python: CPython {} with NumPy {}, measured natively (not in this browser) on {}, {}.",
            f.python, f.numpy, f.machine, f.date
        )
    };
    Some((head, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_is_a_heading_line_and_a_list() {
        let html = note_markup("elementwise-add").expect("NumPy's figure is noted");
        assert!(
            html.starts_with("<p>NumPy cannot run in this browser"),
            "{html}"
        );
        assert!(
            html.contains("</p><ul><li>NumPy a + b (float32) at n = 1,000,000: "),
            "{html}"
        );
        assert!(html.ends_with("</li></ul>"), "{html}");
        assert_eq!(note_markup("timer-resolution"), None);
    }

    #[test]
    fn committed_figures_parse_and_name_real_widgets() {
        let f = figures().expect("content/python-same-work.json parses");
        assert!(!f.rows.is_empty());
        for r in f.rows {
            let info = crate::topics::info(r.widget)
                .unwrap_or_else(|| panic!("unknown widget {}", r.widget));
            assert!(
                info.variants.iter().any(|v| v.id == r.variant),
                "{} has no variant {}",
                r.widget,
                r.variant
            );
            assert!(r.median_ns > 0.0);
        }
        // Without a twin: every figure of the widget, plain Python and NumPy.
        let (head, lines) = note_of(f, "square-plus-sin", false).expect("figures");
        assert!(
            head.contains("measured natively") && head.contains(f.date),
            "{head}"
        );
        assert!(
            lines.iter().any(|l| l.contains("nested Python loops")),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.contains("NumPy")), "{lines:?}");
        // With a twin, the plain Python runs in the browser; NumPy alone stays native.
        let (head, lines) = note("square-plus-sin").expect("square-plus-sin has NumPy");
        assert!(
            head.starts_with("NumPy cannot run in this browser"),
            "{head}"
        );
        assert!(lines.iter().all(|l| l.contains("NumPy")), "{lines:?}");
        assert!(
            note("queue-ops").is_none(),
            "queue-ops' Python all runs here"
        );
        assert!(note("parallel-cpu").is_none());
    }
}
