//! The rows of a widget's results table, written as markup (pure, native-tested): one row
//! per point, in measurement order, with the DOM contract's data attributes. The table
//! changes with every point a run reports, and a Leptos view per row was the UI bundle's
//! largest table code; as text (see `html`) it costs the words. Every value is escaped.

use crate::format::{bytes, count, duration_ns, fixed, shortest};
use crate::harness::{Measurement, Quality};
use crate::html::Markup;
use crate::protocol::{Outcome, Point};
use crate::topics::label;

/// What every row of one table shares.
#[derive(Clone, Copy, Debug)]
pub struct Columns {
    /// Widget id (for variant labels and the Python twin's names).
    pub widget: &'static str,
    /// Bytes moved per operation, for a throughput column.
    pub bytes_per_op: Option<f64>,
    /// Whether points carry memory use (a peak-memory column).
    pub memory: bool,
}

/// Why a measured figure should not be compared, as a short note after it; `None` for a
/// sound point. The readout leaves such points out of its comparisons.
pub fn doubt(m: &Measurement) -> Option<&'static str> {
    match (m.quality, m.at_floor) {
        (Quality::BelowClock, _) => Some(" below the clock: each reading is mostly rounding"),
        (Quality::Drifting, _) => Some(" still changing while measured"),
        (Quality::Sound, true) => Some(" at the harness floor: mostly the timing loop"),
        (Quality::Sound, false) => None,
    }
}

/// The rows of `points`, each marked with `lang` ("rust" or "python": a Python row names
/// the Rust variant it mirrors, `data-twin`).
pub fn rows(columns: Columns, points: &[Point], lang: &str) -> String {
    let mut out = Markup::new();
    for p in points {
        row(&mut out, columns, p, lang);
    }
    out.finish()
}

fn row(out: &mut Markup, columns: Columns, p: &Point, lang: &str) {
    let widget = columns.widget;
    let twin = crate::topics::python(widget)
        .filter(|_| lang == "python")
        .and_then(|t| t.variant(&p.variant))
        .map(|v| v.twin);
    let name = match lang {
        "python" => format!("{} (Python)", label(widget, &p.variant)),
        _ => label(widget, &p.variant),
    };
    let n = p.n.to_string();
    let mut attrs: Vec<(&str, String)> = vec![
        ("data-variant", p.variant.clone()),
        ("data-lang", lang.to_owned()),
    ];
    if let Some(twin) = twin {
        attrs.push(("data-twin", twin.to_owned()));
    }
    attrs.push(("data-n", n));
    let ops = p.ops_per_call.max(1) as f64;
    match &p.outcome {
        Outcome::Measured(m) => {
            let s = &m.summary;
            let per_op = s.median_ns / ops;
            attrs.push(("data-ops", p.ops_per_call.to_string()));
            attrs.push(("data-median-ns", shortest(per_op)));
            attrs.push(("data-state", "measured".into()));
            if let Some(mem) = p.memory {
                attrs.push(("data-bytes", mem.peak_bytes.to_string()));
            }
            attrs.push(("data-min-ticks", shortest(m.min_ticks)));
            attrs.push(("data-quality", m.quality.name().into()));
            if m.at_floor {
                attrs.push(("data-at-floor", "true".into()));
            }
            if let Some(o) = m.other_pass_ns {
                attrs.push(("data-other-pass-ns", shortest(o / ops)));
                attrs.push(("data-passes", m.passes.to_string()));
            }
            open_row(out, &attrs, &name, &count(p.n));
            out.open("td", &[]).text(&duration_ns(per_op));
            if let Some(flag) = doubt(m) {
                out.element("span", &[("class", "doubt")], flag);
            }
            // Where the reported pass and the next-fastest still disagree by more than the
            // readouts' noise (`Measurement::passes_disagree`), the row says so; otherwise
            // the passes agree and the row shows one figure.
            if let Some(o) = m.other_pass_ns.filter(|_| m.passes_disagree()) {
                let note = match m.passes {
                    3 => " fastest of 3 passes (next: ",
                    _ => " faster of 2 passes (other: ",
                };
                out.element(
                    "span",
                    &[("class", "pass-note")],
                    &format!("{note}{})", duration_ns(o / ops)),
                );
            }
            out.close("td");
            let budget = if m.budget_hit {
                " (time budget reached)"
            } else {
                ""
            };
            let mut cells = vec![
                format!(
                    "{} – {}",
                    duration_ns(s.min_ns / ops),
                    duration_ns(s.max_ns / ops)
                ),
                format!("±{}%", fixed(100.0 * s.relative_spread(), 1)),
                format!("{} × {}{budget}", s.samples, count(m.batch)),
            ];
            if let Some(b) = columns.bytes_per_op {
                cells.push(format!("{} GB/s", fixed(b / per_op, 1)));
            }
            if columns.memory {
                cells.push(p.memory.map_or_else(
                    || "–".to_owned(),
                    |m| format!("{} ({})", bytes(m.peak_bytes), count(m.allocations)),
                ));
            }
            for cell in &cells {
                out.element("td", &[], cell);
            }
        }
        Outcome::Skipped { reason } => {
            attrs.push(("data-state", "skipped".into()));
            open_row(out, &attrs, &name, &count(p.n));
            out.element("td", &[("colspan", "6")], reason);
        }
    }
    out.close("tr");
}

/// `<tr …><th scope="row">name</th><td>n</td>`.
fn open_row(out: &mut Markup, attrs: &[(&str, String)], name: &str, n: &str) {
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    out.open("tr", &attrs)
        .element("th", &[("scope", "row")], name)
        .element("td", &[], n);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alloc::MemoryUse;
    use crate::protocol::fixtures::measured;

    const COLUMNS: Columns = Columns {
        widget: "bytes-per-element",
        bytes_per_op: None,
        memory: true,
    };

    #[test]
    fn a_measured_row_carries_the_contract_and_escapes_its_label() {
        let mut p = measured("boxed", 1000, 1000, 500.0, 1000.0, 1500.0);
        p.memory = Some(MemoryUse {
            allocations: 10_000,
            allocated_bytes: 0,
            peak_bytes: 51_200,
        });
        if let Outcome::Measured(m) = &mut p.outcome {
            m.other_pass_ns = Some(2000.0);
            m.passes = 2;
            m.at_floor = true;
        }
        let html = rows(COLUMNS, &[p], "rust");
        assert!(
            html.starts_with(
                "<tr data-variant=\"boxed\" data-lang=\"rust\" data-n=\"1000\" data-ops=\"1000\" data-median-ns=\"1\" data-state=\"measured\" data-bytes=\"51200\" data-min-ticks=\"1000000000\" data-quality=\"sound\" data-at-floor=\"true\" data-other-pass-ns=\"2\" data-passes=\"2\">"
            ),
            "{html}"
        );
        // The label is Vec<Box<i64>>: text, not tags.
        assert!(
            html.contains("<th scope=\"row\">Vec&lt;Box&lt;i64&gt;&gt; (a heap object each)</th><td>1,000</td>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<span class=\"doubt\"> at the harness floor: mostly the timing loop</span>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<span class=\"pass-note\"> faster of 2 passes (other: 2.00 ns)</span></td>"
            ),
            "{html}"
        );
        assert!(html.contains("<td>50.0 KiB (10,000)</td></tr>"), "{html}");
        assert_eq!(html.matches("<td").count(), 6, "{html}");
    }

    /// A third pass names itself, and the figure beside the reported one is the next-fastest;
    /// where those two agree the row shows one figure.
    #[test]
    fn a_row_measured_in_three_passes_says_so_only_where_they_still_disagree() {
        let mut p = measured("boxed", 1000, 1000, 500.0, 1000.0, 1500.0);
        if let Outcome::Measured(m) = &mut p.outcome {
            m.other_pass_ns = Some(2000.0);
            m.passes = 3;
        }
        let html = rows(COLUMNS, std::slice::from_ref(&p), "rust");
        assert!(html.contains("data-passes=\"3\""), "{html}");
        assert!(
            html.contains("<span class=\"pass-note\"> fastest of 3 passes (next: 2.00 ns)</span>"),
            "{html}"
        );
        if let Outcome::Measured(m) = &mut p.outcome {
            m.other_pass_ns = Some(1005.0);
        }
        let html = rows(COLUMNS, &[p], "rust");
        assert!(!html.contains("pass-note"), "{html}");
    }

    #[test]
    fn a_skipped_row_says_why_in_one_wide_cell() {
        let p = Point {
            variant: "boxed".into(),
            n: 10,
            ops_per_call: 10,
            outcome: Outcome::Skipped {
                reason: "skipped: over 1 < 2 limit".into(),
            },
            memory: None,
        };
        assert_eq!(
            rows(COLUMNS, &[p], "rust"),
            "<tr data-variant=\"boxed\" data-lang=\"rust\" data-n=\"10\" data-state=\"skipped\"><th scope=\"row\">Vec&lt;Box&lt;i64&gt;&gt; (a heap object each)</th><td>10</td><td colspan=\"6\">skipped: over 1 &lt; 2 limit</td></tr>"
        );
    }

    #[test]
    fn a_python_row_names_its_twin() {
        let p = measured("for_loop", 100, 1, 5.0, 5.0, 5.0);
        let columns = Columns {
            widget: "sum-loop-vs-formula",
            bytes_per_op: Some(8.0),
            memory: false,
        };
        let html = rows(columns, &[p], "python");
        assert!(
            html.starts_with(
                "<tr data-variant=\"for_loop\" data-lang=\"python\" data-twin=\"loop\""
            ),
            "{html}"
        );
        assert!(html.contains("(Python)</th>"), "{html}");
        assert!(html.contains(" GB/s</td></tr>"), "{html}");
    }
}
