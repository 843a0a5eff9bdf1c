//! A widget's results as CSV and JSON, with the environment they were measured in (pure:
//! the UI turns the text into a download).

use crate::protocol::{Outcome, Point};
use serde::Serialize;

/// Where the figures were measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Environment {
    /// Browser name and version.
    pub browser: String,
    /// Threads the worker's pool had.
    pub threads: u32,
    /// Whether the page was cross-origin isolated.
    pub isolated: bool,
    /// The worker clock's measured resolution, ns.
    pub timer_resolution_ns: f64,
    /// When, ISO 8601.
    pub measured_at: String,
    /// The page's permalink (widget parameters included).
    pub url: String,
}

/// One table row: a (variant, n) point flattened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Variant id.
    pub variant: String,
    /// Size.
    pub n: u64,
    /// `measured` or `skipped`.
    pub state: &'static str,
    /// Median per operation, ns.
    pub median_ns: Option<f64>,
    /// Fastest sample per operation, ns.
    pub min_ns: Option<f64>,
    /// Slowest sample per operation, ns.
    pub max_ns: Option<f64>,
    /// Median absolute deviation per operation, ns.
    pub mad_ns: Option<f64>,
    /// Samples taken.
    pub samples: Option<usize>,
    /// Calls per sample.
    pub batch: Option<u64>,
    /// Peak bytes one call held, where measured.
    pub peak_bytes: Option<u64>,
    /// Why the point was skipped.
    pub skipped_reason: Option<String>,
}

/// The rows of `points`, in their order.
pub fn rows(points: &[Point]) -> Vec<Row> {
    points
        .iter()
        .map(|p| {
            let ops = p.ops_per_call.max(1) as f64;
            let (m, reason) = match &p.outcome {
                Outcome::Measured(m) => (Some(m), None),
                Outcome::Skipped { reason } => (None, Some(reason.clone())),
            };
            Row {
                variant: p.variant.clone(),
                n: p.n,
                state: if m.is_some() { "measured" } else { "skipped" },
                median_ns: m.map(|m| m.summary.median_ns / ops),
                min_ns: m.map(|m| m.summary.min_ns / ops),
                max_ns: m.map(|m| m.summary.max_ns / ops),
                mad_ns: m.map(|m| m.summary.mad_ns / ops),
                samples: m.map(|m| m.summary.samples),
                batch: m.map(|m| m.batch),
                peak_bytes: p.memory.map(|u| u.peak_bytes),
                skipped_reason: reason,
            }
        })
        .collect()
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// CSV: `#` comment lines with the environment, a header, one line per point.
pub fn csv(widget: &str, env: &Environment, points: &[Point]) -> String {
    let mut out = format!(
        "# widget: {widget}\n# browser: {}\n# threads: {}\n# cross-origin isolated: {}\n# timer resolution (ns): {}\n# measured at: {}\n# url: {}\n",
        env.browser, env.threads, env.isolated, env.timer_resolution_ns, env.measured_at, env.url
    );
    out += "variant,n,state,median_ns_per_op,min_ns_per_op,max_ns_per_op,mad_ns_per_op,samples,batch,peak_bytes,skipped_reason\n";
    for r in rows(points) {
        out += &[
            field(&r.variant),
            r.n.to_string(),
            r.state.to_owned(),
            opt(r.median_ns),
            opt(r.min_ns),
            opt(r.max_ns),
            opt(r.mad_ns),
            opt(r.samples),
            opt(r.batch),
            opt(r.peak_bytes),
            field(&r.skipped_reason.unwrap_or_default()),
        ]
        .join(",");
        out.push('\n');
    }
    out
}

/// JSON: `{ widget, environment, rows }`.
pub fn json(widget: &str, env: &Environment, points: &[Point]) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        widget: &'a str,
        environment: &'a Environment,
        rows: Vec<Row>,
    }
    serde_json::to_string_pretty(&Export {
        widget,
        environment: env,
        rows: rows(points),
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::measured;

    fn env() -> Environment {
        Environment {
            browser: "Chromium 156".into(),
            threads: 2,
            isolated: true,
            timer_resolution_ns: 5000.0,
            measured_at: "2026-11-24T18:00:00Z".into(),
            url: "http://x/lessons/a?w.n=10".into(),
        }
    }

    #[test]
    fn csv_has_the_environment_and_one_line_per_point() {
        let points = vec![
            measured("loop", 10, 10, 90.0, 100.0, 110.0),
            Point {
                variant: "slow, \"really\"".into(),
                n: 10,
                ops_per_call: 1,
                outcome: Outcome::Skipped {
                    reason: "skipped: too slow".into(),
                },
                memory: None,
            },
        ];
        let text = csv("w", &env(), &points);
        assert!(text.contains(
            "# threads: 2\n# cross-origin isolated: true\n# timer resolution (ns): 5000"
        ));
        let data: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(data.len(), 3);
        assert!(
            data[1].starts_with("loop,10,measured,10,9,11,"),
            "{}",
            data[1]
        );
        assert_eq!(
            data[2],
            "\"slow, \"\"really\"\"\",10,skipped,,,,,,,,skipped: too slow"
        );
    }

    #[test]
    fn json_round_trips_through_serde() {
        let points = vec![measured("loop", 10, 10, 90.0, 100.0, 110.0)];
        let v: serde_json::Value = serde_json::from_str(&json("w", &env(), &points)).expect("json");
        assert_eq!(v["environment"]["threads"], 2);
        assert_eq!(v["rows"][0]["median_ns"], 10.0);
        assert_eq!(v["rows"][0]["state"], "measured");
    }
}
