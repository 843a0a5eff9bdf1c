//! Lesson 2, Profiling: a small data pipeline to profile (`profile-pipeline`) and the
//! allocation patterns a memory profiler reveals (`memory-profile`).

use super::rng::SplitMix64;
use super::{mix64, Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
use crate::profiler::{Profile, Profiler};
use std::fmt::Write;
use std::hint::black_box;

// ---------------------------------------------------------------- profile-pipeline

/// The suite behind `profile-pipeline`.
pub struct PipelineSuite;
/// The one instance.
pub static PIPELINE: PipelineSuite = PipelineSuite;

/// Records per chunk: each chunk's stages are one span each.
pub const CHUNK: usize = 1000;
/// Categories records fall into.
pub const CATEGORIES: usize = 16;

pub static PIPELINE_VARIANTS: [Variant; 2] = [
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
    fn id(&self) -> &'static str {
        "profile-pipeline"
    }
    fn variants(&self) -> &'static [Variant] {
        &PIPELINE_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // text (~24 B a line) + line slices (16 B) + records of one chunk
        n.saturating_mul(48)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(PipelineInput {
            n: n as usize,
            clock,
        })
    }
    fn details(
        &self,
        n: u64,
        _params: &Params,
        clock: &dyn Clock,
    ) -> Option<crate::protocol::Details> {
        Some(crate::protocol::Details::Profile(
            profile_once(n as usize, clock).1,
        ))
    }
}

// ---------------------------------------------------------------- memory-profile

/// The suite behind `memory-profile`.
pub struct MemorySuite;
/// The one instance.
pub static MEMORY: MemorySuite = MemorySuite;

pub static MEMORY_VARIANTS: [Variant; 5] = [
    Variant::new("push", "push into Vec::new()", "build"),
    Variant::new("with-capacity", "push into Vec::with_capacity(n)", "build"),
    Variant::new("collect", "collect() from a sized iterator", "build"),
    Variant::new("three-vectors", "three intermediate vectors", "pipeline"),
    Variant::new("fused", "one fused iterator pass", "pipeline"),
];

fn fingerprint(v: &[u64]) -> u64 {
    v.iter().fold(v.len() as u64, |acc, &x| {
        acc.wrapping_mul(31).wrapping_add(x)
    })
}

// region: push
/// Starts empty; every time it is full, the Vec moves to a buffer twice as large.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn build_by_push(n: u64) -> Vec<u64> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i * i);
    }
    v
}
// endregion

// region: with-capacity
/// One allocation of the right size up front; pushes never move the data.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn build_with_capacity(n: u64) -> Vec<u64> {
    let mut v = Vec::with_capacity(n as usize);
    for i in 0..n {
        v.push(i * i);
    }
    v
}
// endregion

// region: collect
/// A range knows its length, so `collect` allocates exactly once, like with_capacity.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn build_by_collect(n: u64) -> Vec<u64> {
    (0..n).map(|i| i * i).collect()
}
// endregion

// region: three-vectors
/// Each step materializes a full vector, like chained list comprehensions.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn pipeline_three_vectors(input: &[u64]) -> u64 {
    let tripled: Vec<u64> = input.iter().map(|x| x * 3).collect();
    let even: Vec<u64> = tripled.iter().copied().filter(|x| x % 2 == 0).collect();
    let shifted: Vec<u64> = even.iter().map(|x| x + 1).collect();
    shifted.iter().sum()
}
// endregion

// region: fused
/// The same steps as one lazy iterator chain: no intermediate vector at all.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn pipeline_fused(input: &[u64]) -> u64 {
    input
        .iter()
        .map(|x| x * 3)
        .filter(|x| x % 2 == 0)
        .map(|x| x + 1)
        .sum()
}
// endregion

struct MemoryInput {
    n: u64,
    input: Vec<u64>,
}

impl Prepared for MemoryInput {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let n = self.n;
        match index {
            0 => Box::new(move || fingerprint(&black_box(build_by_push(black_box(n))))),
            1 => Box::new(move || fingerprint(&black_box(build_with_capacity(black_box(n))))),
            2 => Box::new(move || fingerprint(&black_box(build_by_collect(black_box(n))))),
            3 => Box::new(|| pipeline_three_vectors(black_box(&self.input))),
            _ => Box::new(|| pipeline_fused(black_box(&self.input))),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.n.max(1)
    }
}

impl Suite for MemorySuite {
    fn id(&self) -> &'static str {
        "memory-profile"
    }
    fn variants(&self) -> &'static [Variant] {
        &MEMORY_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // input + three intermediates + a doubling Vec's old and new buffers
        n.saturating_mul(8 * 6)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(MemoryInput {
            n,
            input: (0..n).collect(),
        })
    }
    fn measures_memory(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StdClock;

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
    fn memory_variants_agree() {
        for n in [0u64, 1, 2, 3, 1000, 4097] {
            let expected = fingerprint(&build_by_push(n));
            assert_eq!(fingerprint(&build_with_capacity(n)), expected, "n={n}");
            assert_eq!(fingerprint(&build_by_collect(n)), expected, "n={n}");
            let input: Vec<u64> = (0..n).collect();
            assert_eq!(
                pipeline_three_vectors(&input),
                pipeline_fused(&input),
                "n={n}"
            );
        }
    }
}
