//! Lesson 2, `profile-pipeline`: a small data pipeline (generate, parse, transform,
//! aggregate) timed plain and under the span profiler, whose profile the widget draws.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns, fixed};
use crate::harness::{Clock, Kernel};
use crate::kernels::rng::SplitMix64;
use crate::kernels::{mix64, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::profiler::{Profile, Profiler};
use crate::protocol::{Details, Report};
use crate::readout::{at, largest, noise_at};
use crate::topics::Topic;
use std::fmt::Write;
use std::hint::black_box;

/// The suite behind `profile-pipeline`.
pub struct PipelineSuite;
/// The one instance.
pub static SUITE: PipelineSuite = PipelineSuite;

/// Records per chunk: each chunk's stages are one span each.
pub const CHUNK: usize = 1000;
/// Categories records fall into.
pub const CATEGORIES: usize = 16;

pub static VARIANTS: [Variant; 2] = [
    Variant::new("plain", "pipeline, not profiled", "totals"),
    Variant::new("profiled", "pipeline under the span profiler", "totals"),
];

/// One parsed record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    /// Record id.
    pub id: u32,
    /// Category, 0..CATEGORIES.
    pub category: u8,
    /// Measured value.
    pub value: f64,
}

/// Stage 1: the raw input, n lines of `id,category,value` text.
pub fn generate(n: usize) -> String {
    let mut rng = SplitMix64::new(0x5eed_0007);
    let mut text = String::with_capacity(n * 24);
    for id in 0..n {
        let category = rng.below(CATEGORIES as u64);
        let value = rng.below(1_000_000) as f64 / 100.0;
        let _ = writeln!(text, "{id},cat{category},{value:.2}");
    }
    text
}

/// Stage 2: text to records (malformed lines are skipped).
pub fn parse(lines: &[&str], out: &mut Vec<Record>) {
    for line in lines {
        let mut fields = line.split(',');
        let (Some(id), Some(cat), Some(value)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let (Ok(id), Ok(category), Ok(value)) = (
            id.parse::<u32>(),
            cat.trim_start_matches("cat").parse::<u8>(),
            value.parse::<f64>(),
        ) else {
            continue;
        };
        out.push(Record {
            id,
            category,
            value,
        });
    }
}

/// Stage 3a: scale values to 0..1.
pub fn normalize(records: &mut [Record]) {
    for r in records.iter_mut() {
        r.value /= 10_000.0;
    }
}

/// Stage 3b: a derived score with some real arithmetic in it.
pub fn score(records: &mut [Record]) {
    for r in records.iter_mut() {
        r.value = (r.value * 6.0).sin().abs() + r.value.sqrt();
    }
}

/// Stage 4: per-category count and sum.
pub fn aggregate(records: &[Record], totals: &mut [(u64, f64); CATEGORIES]) {
    for r in records {
        let t = &mut totals[r.category as usize % CATEGORIES];
        t.0 += 1;
        t.1 += r.value;
    }
}

fn fold_totals(totals: &[(u64, f64); CATEGORIES]) -> u64 {
    totals
        .iter()
        .fold(0, |acc, (c, s)| mix64(acc ^ c ^ s.to_bits()))
}

// region: plain
/// The pipeline with no instrumentation: generate, then per chunk of lines
/// parse → normalize → score → aggregate.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn run_pipeline(n: usize) -> u64 {
    let text = generate(n);
    let lines: Vec<&str> = text.lines().collect();
    let mut totals = [(0u64, 0f64); CATEGORIES];
    let mut records = Vec::with_capacity(CHUNK);
    for chunk in lines.chunks(CHUNK) {
        records.clear();
        parse(chunk, &mut records);
        normalize(&mut records);
        score(&mut records);
        aggregate(&records, &mut totals);
    }
    fold_totals(&totals)
}
// endregion

// region: profiled
/// The same pipeline with every stage wrapped in a span. Each span reads the clock
/// twice; that is the whole cost of this kind of profiler, and the chart shows it.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn run_pipeline_profiled(n: usize, profiler: &mut Profiler) -> u64 {
    profiler.span("pipeline", |p| {
        let text = p.span("generate", |_| generate(n));
        let lines: Vec<&str> = p.span("split lines", |_| text.lines().collect());
        let mut totals = [(0u64, 0f64); CATEGORIES];
        let mut records = Vec::with_capacity(CHUNK);
        for chunk in lines.chunks(CHUNK) {
            records.clear();
            p.span("parse", |_| parse(chunk, &mut records));
            p.span("transform", |p| {
                p.span("normalize", |_| normalize(&mut records));
                p.span("score", |_| score(&mut records));
            });
            p.span("aggregate", |_| aggregate(&records, &mut totals));
        }
        fold_totals(&totals)
    })
}
// endregion

/// Profiles one run of the pipeline at size `n`.
pub fn profile_once(n: usize, clock: &dyn Clock) -> (u64, Profile) {
    let mut profiler = Profiler::new(clock);
    let out = run_pipeline_profiled(n, &mut profiler);
    (out, profiler.finish())
}

struct PipelineInput<'c> {
    n: usize,
    clock: &'c dyn Clock,
}

impl Prepared for PipelineInput<'_> {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        if index == 0 {
            Box::new(|| run_pipeline(black_box(self.n)))
        } else {
            Box::new(|| {
                let mut profiler = Profiler::new(self.clock);
                let out = run_pipeline_profiled(black_box(self.n), &mut profiler);
                black_box(profiler.finish());
                out
            })
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.n.max(1) as u64
    }
}

impl Suite for PipelineSuite {
    crate::kernels::suite_facts!("profile-pipeline", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // text (~24 B a line) + line slices (16 B) + records of one chunk
        n.saturating_mul(48)
    }
    fn prepare<'c>(&self, Setup { n, clock, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(PipelineInput {
            n: n as usize,
            clock,
        })
    }
    fn details(&self, n: u64, _params: &Params, clock: &dyn Clock) -> Option<Details> {
        Some(Details::Profile(profile_once(n as usize, clock).1))
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "profile-pipeline",
        title: "Profiling a four-stage pipeline",
        sliders: &[log_slider(
            "n",
            "Largest number of records n",
            1e3,
            1e6,
            1e5,
        )],
        op_label: "record",
        sweep_from: 1e3,
        // The browser tests' quick sweep: 1e3 .. 1e4 records.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/profiling/profile_pipeline.rs",
        measures_memory: false,
    }),
    python: None,
};

/// The profiler's cost (or that it was within noise) and the stages with the most own time.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, plain) = largest(r, "plain")?;
    let profiled = at(r, "profiled", n)?;
    let noise = noise_at(r, n);
    let change = profiled / plain - 1.0;
    let cost = if change.abs() <= noise {
        format!(
            "the instrumentation's cost was within the run-to-run noise (±{}%)",
            fixed(100.0 * noise, 0)
        )
    } else {
        format!(
            "instrumentation added {}{}%",
            if change >= 0.0 { "+" } else { "" },
            fixed(100.0 * change, 1)
        )
    };
    let mut s = format!(
        "At n = {} records, the pipeline took {} per record, or {} under the profiler: {cost}.",
        count(n),
        duration_ns(plain),
        duration_ns(profiled),
    );
    if let Some(Details::Profile(profile)) = &r.details {
        let total = profile.total_ns();
        let mut rows = profile.flat();
        crate::profiler::sort_desc(&mut rows, |r| r.own_ns);
        let top: Vec<String> = rows
            .iter()
            .filter(|row| row.name != "pipeline")
            .take(3)
            .map(|row| format!("{} {}%", row.name, fixed(100.0 * row.own_ns / total, 0)))
            .collect();
        if total > 0.0 && !top.is_empty() {
            s += &format!(" By own time, the largest stages were {}.", top.join(", "));
        }
    }
    Some(s)
}

/// The profile table's sortable columns, by heading (each row holds its figure for a
/// column in the attribute `html::sort_attribute` names).
const SORTS: [&str; 4] = ["calls", "own", "cumulative", "per call"];

/// The details under the chart: the flat profile of one run at the largest n, like
/// cProfile's report, above its icicle chart. Sorted by cumulative time; a click on a
/// column's heading re-sorts the rows in the page (`view::sort_rows`).
pub fn details_block(profile: &Profile) -> crate::html::Block {
    use crate::html::Markup;
    let total = profile.total_ns().max(1.0);
    let mut rows = profile.flat();
    crate::profiler::sort_desc(&mut rows, |row| row.cumulative_ns);
    let mut before = Markup::new();
    before
        .element("h4", &[], "Profile of one run at the largest n")
        .open("div", &[("class", "table-wrap")])
        .open("table", &[("class", "results profile")])
        .element(
            "caption",
            &[],
            "Spans of one profiled run. Own time excludes child spans; cumulative includes them. Click a column to sort.",
        )
        .open("thead", &[])
        .open("tr", &[])
        .element("th", &[("scope", "col")], "Span");
    for label in SORTS {
        let sorted = if label == "cumulative" {
            "descending"
        } else {
            "none"
        };
        before
            .open("th", &[("scope", "col"), ("aria-sort", sorted)])
            .element(
                "button",
                &[("type", "button"), ("class", "sort"), ("data-sort", label)],
                label,
            )
            .close("th");
    }
    before
        .element("th", &[("scope", "col")], "own % of run")
        .close("tr")
        .close("thead")
        .open("tbody", &[]);
    for row in &rows {
        let keys = [
            row.calls as f64,
            row.own_ns,
            row.cumulative_ns,
            row.per_call_ns(),
        ]
        .map(crate::format::shortest);
        let names = SORTS.map(crate::html::sort_attribute);
        let mut attrs = vec![("data-span", row.name.as_str())];
        attrs.extend(
            names
                .iter()
                .zip(&keys)
                .map(|(a, k)| (a.as_str(), k.as_str())),
        );
        before.row(
            &attrs,
            &row.name,
            &[
                &count(row.calls),
                &duration_ns(row.own_ns),
                &duration_ns(row.cumulative_ns),
                &duration_ns(row.per_call_ns()),
                &format!("{}%", fixed(100.0 * row.own_ns / total, 1)),
            ],
        );
    }
    before.close("tbody").close("table").close("div");
    crate::html::Block {
        class: "details".into(),
        kind: "profile".into(),
        before: before.finish(),
        chart: Some("Icicle chart of the profile: each span's width is its cumulative time, its children below it. The figures are in the table above.".into()),
        after: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StdClock;
    use crate::readout::tests::{point, report};

    // The sentence as the page shows it.
    use crate::topics::sentence;

    #[test]
    fn plain_and_profiled_pipelines_agree() {
        let clock = StdClock::new();
        for n in [0usize, 1, 2, 999, 1000, 1001, 5000] {
            let (profiled, profile) = profile_once(n, &clock);
            assert_eq!(run_pipeline(n), profiled, "n={n}");
            let node = |name: &str| profile.nodes.iter().find(|x| x.name == name);
            assert_eq!(node("pipeline").map(|x| x.calls), Some(1));
            assert_eq!(
                node("parse").map_or(0, |x| x.calls),
                n.div_ceil(CHUNK) as u64,
                "n={n}: one parse per chunk"
            );
            assert!(node("normalize").is_none_or(
                |x| x.parent == profile.nodes.iter().position(|y| y.name == "transform")
            ));
        }
    }

    /// The table the chart worker writes: sorted by cumulative time (the whole run first),
    /// that heading marked, and every row holding its figure for each sortable column
    /// where the page's sorter reads it.
    #[test]
    fn the_profile_table_is_sorted_by_cumulative_time_and_carries_its_sort_keys() {
        let (_, profile) = profile_once(3000, &StdClock::new());
        let block = details_block(&profile);
        assert_eq!(
            (block.kind.as_str(), block.chart.is_some()),
            ("profile", true)
        );
        let m = &block.before;
        let first = m.find("<tr data-span=").expect("a row");
        assert!(
            m[first..].starts_with("<tr data-span=\"pipeline\" data-calls=\"1\" data-own="),
            "{m}"
        );
        assert!(m.contains("<th scope=\"col\" aria-sort=\"descending\"><button type=\"button\" class=\"sort\" data-sort=\"cumulative\">"), "{m}");
        assert_eq!(m.matches("aria-sort=\"none\"").count(), 3, "{m}");
        assert!(
            m.contains("data-span=\"parse\" data-calls=\"3\""),
            "one parse span per chunk: {m}"
        );
        for name in SORTS.map(crate::html::sort_attribute) {
            assert_eq!(
                m.matches(&format!(" {name}=")).count(),
                profile.flat().len(),
                "{name}"
            );
        }
        assert_eq!(crate::html::sort_attribute("per call"), "data-per-call");
    }

    #[test]
    fn parse_reads_what_generate_writes() {
        let text = generate(100);
        let lines: Vec<&str> = text.lines().collect();
        let mut records = Vec::new();
        parse(&lines, &mut records);
        assert_eq!(records.len(), 100);
        assert_eq!(records[7].id, 7);
        assert!(records
            .iter()
            .all(|r| (r.category as usize) < CATEGORIES && r.value >= 0.0));
        let mut bad = Vec::new();
        parse(&["x,y,z", "1,cat2", "3,cat4,5.5"], &mut bad);
        assert_eq!(
            bad,
            vec![Record {
                id: 3,
                category: 4,
                value: 5.5
            }],
            "malformed lines are skipped"
        );
    }

    #[test]
    fn pipeline_overhead_within_noise_is_not_stated_as_a_result() {
        // Regression pin (issue 14): "instrumentation added -0.5%" presented noise as a
        // finding. A difference under the measured spread is called noise.
        let r = report(
            "profile-pipeline",
            vec![point("plain", 1000, 200.0), point("profiled", 1000, 199.0)],
        );
        let s = sentence(&r, &Params::new());
        assert!(s.contains("within the run-to-run noise (±2%)"), "{s}");
        let r = report(
            "profile-pipeline",
            vec![point("plain", 1000, 200.0), point("profiled", 1000, 260.0)],
        );
        let s = sentence(&r, &Params::new());
        assert!(s.contains("instrumentation added +30.0%"), "{s}");
    }
}
