//! Lesson 5, `parallel-cpu`: a fixed amount of CPU-bound work split across k threads,
//! with a part that must run serially (Amdahl's law).
//!
//! The pool is rayon's global pool (in the browser, Web Workers created once by
//! wasm-bindgen-rayon). To use exactly k threads inside a larger pool, the parallel part
//! is cut into k equal chunks, each run start to finish by one pool thread, so at most k
//! threads can work at once.

use super::work_range;
use crate::catalog::{log_slider, ChartKind, Scale, SliderSpec, WidgetSpec, DEFAULTS};
use crate::format::{duration_ns, fixed, ratio};
use crate::harness::Kernel;
use crate::kernels::{param, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::readout::{at, compare, largest, noise_at};
use crate::stats::amdahl_speedup;
use crate::topics::Topic;
use rayon::prelude::*;
use std::hint::black_box;

/// The suite behind the `parallel-cpu` widget.
pub struct ParallelSuite;
/// The one instance.
pub static SUITE: ParallelSuite = ParallelSuite;

/// Default total work items (the `work` slider).
pub const DEFAULT_WORK: f64 = 10_000_000.0;
/// Default serial share of the work, percent (the `serial` slider).
pub const DEFAULT_SERIAL_PERCENT: f64 = 5.0;

pub static VARIANTS: [Variant; 1] = [Variant::new("parallel", "k threads", "total")];

// region: parallel
/// Runs `total` items: the first `(1 − serial_share)` of them split into `threads` equal
/// chunks that run at the same time, then the rest on one thread.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn split_work(total: u64, serial_share: f64, threads: usize) -> u64 {
    let serial_items = (total as f64 * serial_share.clamp(0.0, 1.0)).round() as u64;
    let parallel_items = total - serial_items;
    let k = threads.max(1) as u64;
    let chunk = |c: u64| (parallel_items * c / k, parallel_items * (c + 1) / k);

    let parallel_part = if k == 1 {
        work_range(0, parallel_items) // one thread: no pool involved at all
    } else {
        (0..k as usize)
            .into_par_iter()
            .with_max_len(1) // one chunk per task: at most k tasks, k threads
            .map(|c| {
                let (a, b) = chunk(c as u64);
                work_range(a, b)
            })
            .reduce(|| 0, u64::wrapping_add)
    };
    let serial_part = work_range(parallel_items, total);
    parallel_part.wrapping_add(serial_part)
}
// endregion

struct Input {
    total: u64,
    serial_share: f64,
    threads: usize,
}

impl Prepared for Input {
    fn kernel(&self, _index: usize) -> Box<dyn Kernel + '_> {
        Box::new(|| {
            split_work(
                black_box(self.total),
                self.serial_share,
                black_box(self.threads),
            )
        })
    }
}

impl Suite for ParallelSuite {
    crate::kernels::suite_facts!("parallel-cpu", VARIANTS);
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        0
    }
    /// Here `n` is the thread count; the work comes from the `work` and `serial` params.
    /// `threads` is the pool size: asking for more threads than exist is capped.
    fn prepare<'c>(
        &self,
        Setup {
            n, params, threads, ..
        }: Setup<'_, 'c>,
    ) -> Box<dyn Prepared + 'c> {
        let total = param(params, "work", DEFAULT_WORK).clamp(1.0, 1e9) as u64;
        let serial_share =
            param(params, "serial", DEFAULT_SERIAL_PERCENT).clamp(0.0, 100.0) / 100.0;
        Box::new(Input {
            total,
            serial_share,
            threads: (n as usize).clamp(1, threads.max(1)),
        })
    }
    fn checksum_independent_of_n(&self) -> bool {
        true
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "parallel-cpu",
        n_label: "threads",
        title: "Splitting CPU work across threads",
        sliders: &[
            SliderSpec {
                name: "threads",
                label: "Up to this many threads",
                min: 1.0,
                max: 64.0,
                default: 64.0,
                scale: Scale::Linear { step: 1.0 },
                unit: "",
            },
            log_slider("work", "Work items", 1e5, 1e8, DEFAULT_WORK),
            SliderSpec {
                name: "serial",
                label: "Serial share of the work",
                min: 0.0,
                max: 50.0,
                default: DEFAULT_SERIAL_PERCENT,
                scale: Scale::Linear { step: 1.0 },
                unit: "%",
            },
        ],
        op_label: "run",
        chart: ChartKind::Speedup,
        x_label: "threads",
        sweep_from: 1.0,
        show_clock_tick: false,
        all_cores: true,
        // The browser tests' quick sweep: 1e5 .. 1e6 work items.
        quick_sweep: &[("work", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/parallel_processing/parallel_cpu.rs",
        measures_memory: false,
    }),
    python: None,
};

/// The speedup at the most threads against Amdahl's prediction, and where it stopped growing.
pub fn sentence(r: &Report, values: &Params) -> Option<String> {
    let serial_share = values
        .get("serial")
        .copied()
        .unwrap_or(DEFAULT_SERIAL_PERCENT)
        / 100.0;
    let one = at(r, "parallel", 1)?;
    let (k, tk) = largest(r, "parallel")?;
    if k <= 1 {
        return Some(format!(
            "One thread took {}. With only one thread there is no speedup to measure: see the note above on why threads are off.",
            duration_ns(one)
        ));
    }
    let speedup = one / tk;
    let mut s = format!(
        "With {k} threads the work took {} against {} on one: {} one thread, an efficiency of {}% per thread. Amdahl's law with {}% serial work predicts {}.",
        duration_ns(tk),
        duration_ns(one),
        compare(tk, one, noise_at(r, k)),
        fixed(100.0 * speedup / k as f64, 0),
        fixed(serial_share * 100.0, 0),
        ratio(amdahl_speedup(serial_share, k as f64))
    );
    let speedups: Vec<(u64, f64)> = r
        .points
        .iter()
        .filter(|p| p.variant == "parallel")
        .filter_map(|p| Some((p.n, one / at(r, "parallel", p.n)?)))
        .collect();
    if let Some(peak) = plateau(&speedups, serial_share) {
        s.push_str(&format!(
            " The speedup stopped growing at {peak} threads although the law predicts more: threads beyond the cores that can run them at once only take turns. The pool has one thread per logical processor the browser reports, and your machine behaves as if it had about {peak} free cores."
        ));
    }
    Some(s)
}

/// The thread count where measured speedups stop growing while Amdahl's law (with
/// `serial_share`) still predicts at least 25% more by the largest count: the machine's
/// usable cores, when the browser reports more logical processors than run at once.
fn plateau(speedups: &[(u64, f64)], serial_share: f64) -> Option<u64> {
    let &(k_max, s_max) = speedups.iter().max_by_key(|(k, _)| *k)?;
    let best = speedups.iter().map(|&(_, s)| s).fold(0.0, f64::max);
    // The fewest threads reaching 90% of the best speedup.
    let peak = speedups
        .iter()
        .filter(|&&(_, s)| s >= 0.9 * best)
        .map(|&(k, _)| k)
        .min()?;
    let predicted_gain =
        amdahl_speedup(serial_share, k_max as f64) / amdahl_speedup(serial_share, peak as f64);
    let measured_gain = s_max / speedups.iter().find(|(k, _)| *k == peak)?.1;
    (peak > 1 && peak < k_max && predicted_gain >= 1.25 && measured_gain < 1.1).then_some(peak)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    /// The sentence as the page shows it.
    fn said(r: &Report, values: &Params) -> String {
        crate::topics::sentence(r, values)
    }

    #[test]
    fn any_thread_count_computes_the_same_total() {
        for total in [0u64, 1, 2, 3, 1001, 100_000] {
            for serial in [0.0, 0.05, 0.5, 1.0] {
                let one = split_work(total, serial, 1);
                assert_eq!(one, work_range(0, total), "total={total} serial={serial}");
                for k in [2, 3, 4, 7] {
                    assert_eq!(
                        split_work(total, serial, k),
                        one,
                        "total={total} serial={serial} k={k}"
                    );
                }
            }
        }
    }

    #[test]
    fn threads_are_capped_by_the_pool() {
        let p = Params::new();
        let clock = crate::harness::StdClock::new();
        let input = SUITE.prepare(Setup {
            n: 8,
            params: &p,
            threads: 2,
            clock: &clock,
        });
        let mut k = input.kernel(0);
        assert_eq!(
            k.call(),
            split_work(DEFAULT_WORK as u64, DEFAULT_SERIAL_PERCENT / 100.0, 1)
        );
    }

    #[test]
    fn parallel_sentence_compares_with_amdahl() {
        let pts = vec![point("parallel", 1, 100.0), point("parallel", 2, 55.0)];
        let mut values = Params::new();
        values.insert("serial".into(), 10.0);
        let s = said(&report("parallel-cpu", pts), &values);
        assert!(s.contains("1.82× faster than one thread"), "{s}");
        assert!(s.contains("efficiency of 91%"), "{s}");
        assert!(s.contains("predicts 1.82×"), "{s}");
        // Slower with more threads is said as slower, never as "0.60× faster".
        let pts = vec![point("parallel", 1, 60.0), point("parallel", 2, 100.0)];
        let s = said(&report("parallel-cpu", pts), &values);
        assert!(s.contains("1.67× slower than one thread"), "{s}");
    }
    #[test]
    fn parallel_sentence_names_the_plateau_of_an_oversubscribed_pool() {
        // Four threads on two cores (WebKitGTK reports 4 logical processors on a 2-core
        // machine): the speedup stops at 2.
        let pts = vec![
            point("parallel", 1, 100.0),
            point("parallel", 2, 52.0),
            point("parallel", 3, 50.0),
            point("parallel", 4, 51.0),
        ];
        let mut values = Params::new();
        values.insert("serial".into(), 0.0);
        let s = said(&report("parallel-cpu", pts), &values);
        assert!(s.contains("stopped growing at 2 threads"), "{s}");
        assert!(s.contains("about 2 free cores"), "{s}");
        // A pool that keeps scaling, or a serial share that predicts the flat end, says nothing.
        let pts = vec![
            point("parallel", 1, 100.0),
            point("parallel", 2, 51.0),
            point("parallel", 4, 26.0),
        ];
        assert!(!said(&report("parallel-cpu", pts), &values).contains("stopped growing"));
        values.insert("serial".into(), 90.0);
        let pts = vec![
            point("parallel", 1, 100.0),
            point("parallel", 2, 95.0),
            point("parallel", 4, 93.0),
        ];
        assert!(!said(&report("parallel-cpu", pts), &values).contains("stopped growing"));
    }
    #[test]
    fn parallel_sentence_on_one_thread_says_so() {
        let s = said(
            &report("parallel-cpu", vec![point("parallel", 1, 100.0)]),
            &Params::new(),
        );
        assert!(s.contains("only one thread"), "{s}");
    }
}
