//! A widget's results as CSV and JSON, with the environment they were measured in (pure:
//! the UI turns the text into a download).

use crate::protocol::{Outcome, Point};

/// Where the figures were measured.
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
    /// The fewest clock ticks any reported sample spanned.
    pub min_ticks: Option<f64>,
    /// `sound`, `drifting` or `below-clock`.
    pub quality: Option<&'static str>,
    /// Whether the median is within the harness floor's reach.
    pub at_floor: Option<bool>,
    /// `rust`, or `python` for a Python twin's point.
    pub lang: &'static str,
}

/// The rows of `widget`'s `points`, in their order.
pub fn rows(widget: &str, points: &[Point]) -> Vec<Row> {
    let twin = crate::topics::python(widget);
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
                min_ticks: m.map(|m| m.min_ticks),
                quality: m.map(|m| m.quality.name()),
                at_floor: m.map(|m| m.at_floor),
                lang: if twin.is_some_and(|t| t.variant(&p.variant).is_some()) {
                    "python"
                } else {
                    "rust"
                },
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

/// A float field, written as `format::shortest` writes it (the engine's digits in the
/// browser), or empty.
fn decimal(v: Option<f64>) -> String {
    v.map_or_else(String::new, crate::format::shortest)
}

/// CSV: `#` comment lines with the environment, a header, one line per point.
pub fn csv(widget: &str, env: &Environment, points: &[Point]) -> String {
    let mut out = format!(
        "# widget: {widget}\n# browser: {}\n# threads: {}\n# cross-origin isolated: {}\n# timer resolution (ns): {}\n# measured at: {}\n# url: {}\n",
        env.browser,
        env.threads,
        env.isolated,
        crate::format::shortest(env.timer_resolution_ns),
        env.measured_at,
        env.url
    );
    out += "variant,n,state,median_ns_per_op,min_ns_per_op,max_ns_per_op,mad_ns_per_op,samples,batch,peak_bytes,skipped_reason,min_ticks,quality,at_floor,lang\n";
    for r in rows(widget, points) {
        out += &[
            field(&r.variant),
            r.n.to_string(),
            r.state.to_owned(),
            decimal(r.median_ns),
            decimal(r.min_ns),
            decimal(r.max_ns),
            decimal(r.mad_ns),
            opt(r.samples),
            opt(r.batch),
            opt(r.peak_bytes),
            field(&r.skipped_reason.unwrap_or_default()),
            decimal(r.min_ticks),
            opt(r.quality),
            opt(r.at_floor),
            r.lang.to_owned(),
        ]
        .join(",");
        out.push('\n');
    }
    out
}

/// A JSON string literal.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number, or `null` for `None` and for what JSON cannot hold (NaN, infinities).
fn number(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => crate::format::shortest(x),
        _ => "null".to_owned(),
    }
}

/// A JSON integer, or `null`.
fn integer(v: Option<u64>) -> String {
    v.map_or_else(|| "null".to_owned(), |v| v.to_string())
}

/// JSON: `{ widget, environment, rows }`, two-space indented, one row per line.
///
/// Written by hand rather than with serde_json: the UI needs nothing else of it, and the
/// serializer cost about 3.5 KB of the gzipped UI bundle. A test parses the output with
/// serde_json.
pub fn json(widget: &str, env: &Environment, points: &[Point]) -> String {
    let mut out = format!(
        "{{\n  \"widget\": {},\n  \"environment\": {{\n    \"browser\": {},\n    \"threads\": {},\n    \"isolated\": {},\n    \"timer_resolution_ns\": {},\n    \"measured_at\": {},\n    \"url\": {}\n  }},\n  \"rows\": [",
        text(widget),
        text(&env.browser),
        env.threads,
        env.isolated,
        number(Some(env.timer_resolution_ns)),
        text(&env.measured_at),
        text(&env.url),
    );
    for (i, r) in rows(widget, points).into_iter().enumerate() {
        out += if i == 0 { "\n    " } else { ",\n    " };
        out += &format!(
            "{{\"variant\": {}, \"n\": {}, \"state\": {}, \"median_ns\": {}, \"min_ns\": {}, \"max_ns\": {}, \"mad_ns\": {}, \"samples\": {}, \"batch\": {}, \"peak_bytes\": {}, \"skipped_reason\": {}, \"min_ticks\": {}, \"quality\": {}, \"at_floor\": {}, \"lang\": {}}}",
            text(&r.variant),
            r.n,
            text(r.state),
            number(r.median_ns),
            number(r.min_ns),
            number(r.max_ns),
            number(r.mad_ns),
            integer(r.samples.map(|s| s as u64)),
            integer(r.batch),
            integer(r.peak_bytes),
            r.skipped_reason.as_deref().map_or_else(|| "null".to_owned(), text),
            number(r.min_ticks),
            r.quality.map_or_else(|| "null".to_owned(), text),
            r.at_floor.map_or_else(|| "null".to_owned(), |b| b.to_string()),
            text(r.lang),
        );
    }
    out += if out.ends_with('[') {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    };
    out
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

    fn skipped(variant: &str, n: u64, reason: &str) -> Point {
        Point {
            variant: variant.into(),
            n,
            ops_per_call: 1,
            outcome: Outcome::Skipped {
                reason: reason.into(),
            },
            memory: None,
        }
    }

    #[test]
    fn csv_has_the_environment_and_one_line_per_point() {
        let points = vec![
            measured("loop", 10, 10, 90.0, 100.0, 110.0),
            skipped("slow, \"really\"", 10, "skipped: too slow"),
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
            "\"slow, \"\"really\"\"\",10,skipped,,,,,,,,skipped: too slow,,,,rust"
        );
        assert!(data[1].ends_with(",sound,false,rust"), "{}", data[1]);
        // A Python twin's point says so.
        let py = csv(
            "queue-ops",
            &env(),
            &[measured("deque_popleft", 10, 1, 9.0, 10.0, 11.0)],
        );
        assert!(py.trim_end().ends_with(",python"), "{py}");
    }

    #[test]
    fn json_parses_with_every_field_and_escape() {
        let mut e = env();
        e.browser = "Quote \" back\\slash\nnew line\u{1} tab\t é".into();
        let points = vec![
            measured("loop", 10, 10, 90.0, 100.0, 110.0),
            skipped("slow", 20, "too \"slow\""),
        ];
        let out = json("w", &e, &points);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["widget"], "w");
        assert_eq!(v["environment"]["browser"], e.browser.as_str());
        assert_eq!(v["environment"]["threads"], 2);
        assert_eq!(v["environment"]["isolated"], true);
        assert_eq!(v["environment"]["timer_resolution_ns"], 5000.0);
        assert_eq!(v["environment"]["url"], "http://x/lessons/a?w.n=10");
        let row = &v["rows"][0];
        assert_eq!(row["variant"], "loop");
        assert_eq!(row["n"], 10);
        assert_eq!(row["state"], "measured");
        assert_eq!(row["median_ns"], 10.0);
        assert_eq!(row["min_ns"], 9.0);
        assert_eq!(row["max_ns"], 11.0);
        assert!(row["samples"].as_u64().is_some_and(|s| s > 0));
        assert!(row["peak_bytes"].is_null());
        assert!(row["skipped_reason"].is_null());
        assert_eq!(row["quality"], "sound");
        assert_eq!(row["at_floor"], false);
        assert_eq!(row["lang"], "rust");
        assert!(row["min_ticks"].as_f64().is_some_and(|t| t >= 500.0));
        let skipped = &v["rows"][1];
        assert!(skipped["quality"].is_null() && skipped["min_ticks"].is_null());
        assert_eq!(skipped["state"], "skipped");
        assert!(skipped["median_ns"].is_null());
        assert_eq!(skipped["skipped_reason"], "too \"slow\"");
        // No rows is still an object with an empty list.
        let empty: serde_json::Value =
            serde_json::from_str(&json("w", &env(), &[])).expect("valid JSON");
        assert_eq!(empty["rows"], serde_json::json!([]));
        assert!(number(Some(f64::NAN)) == "null" && number(Some(f64::INFINITY)) == "null");
    }
}
