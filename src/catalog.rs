//! What a widget's UI is made of, as data: sliders, chart settings ([`WidgetSpec`]), how
//! slider values become a [`RunSpec`], and how a widget's URL query parameters are read
//! back (pure, shared by UI and tests).
//!
//! Widget ids are those of curriculum.md; each widget's spec is in its own file under
//! `topics/`, and `topics` lists them all.

use crate::kernels::Params;
use crate::protocol::RunSpec;

/// How a slider maps positions to values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// Values 1, 2, 5, 10, 20, 50, … between min and max: for ranges spanning decades.
    Log,
    /// Evenly spaced by `step`.
    Linear {
        /// Distance between neighbouring values.
        step: f64,
    },
}

/// One slider of a widget.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SliderSpec {
    /// Parameter name (URL key suffix, `name` attribute).
    pub name: &'static str,
    /// Accessible label.
    pub label: &'static str,
    /// Smallest value.
    pub min: f64,
    /// Largest value (for `threads`, capped at run time by the pool size).
    pub max: f64,
    /// Value when the URL says nothing.
    pub default: f64,
    /// Position-to-value mapping.
    pub scale: Scale,
    /// Unit shown after the value ("", "%", " threads").
    pub unit: &'static str,
}

impl SliderSpec {
    /// Every value the slider can take, ascending. `cap` lowers `max` (e.g. pool size).
    pub fn values(&self, cap: Option<f64>) -> Vec<f64> {
        let max = cap.map_or(self.max, |c| c.min(self.max)).max(self.min);
        match self.scale {
            Scale::Log => nice_values(self.min, max),
            Scale::Linear { step } => {
                let count = ((max - self.min) / step).floor() as usize;
                (0..=count).map(|i| self.min + step * i as f64).collect()
            }
        }
    }

    /// The allowed value nearest to `v` (on a log scale for log sliders).
    pub fn snap(&self, v: f64, cap: Option<f64>) -> f64 {
        let values = self.values(cap);
        let distance = |a: f64| match self.scale {
            Scale::Log => (a.max(1e-300).ln() - v.max(1e-300).ln()).abs(),
            Scale::Linear { .. } => (a - v).abs(),
        };
        values
            .iter()
            .copied()
            .min_by(|a, b| distance(*a).total_cmp(&distance(*b)))
            .unwrap_or(self.default)
    }
}

/// Which chart a widget draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Time per operation against n on log-log axes, one line per variant, with fits.
    Growth,
    /// Speedup against thread count, with the ideal line and Amdahl's prediction.
    Speedup,
    /// A Gantt timeline of simulated requests, one panel per variant (no sweep: the
    /// run is one schedule per variant at the chosen request count).
    Timeline,
    /// One bar per Run on this page, hit or miss (`persistent-cache`: each run is one
    /// lookup at the chosen size, its answer from storage or from the worker).
    Lookups,
    /// The resource monitor: the worker's memory over a run of another widget's
    /// default sweep (`resource-monitor` has no kernels of its own).
    Resources,
}

/// A widget of the course.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WidgetSpec {
    /// Id from curriculum.md: DOM `data-widget`, URL keys, kernel suite.
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// The sliders; the first named `n` or `threads` is the swept one.
    pub sliders: &'static [SliderSpec],
    /// What one operation is, for "time per …" labels.
    pub op_label: &'static str,
    /// The chart.
    pub chart: ChartKind,
    /// The smallest size a sweep starts from.
    pub sweep_from: f64,
    /// Draw the clock's tick on the chart (the timer lesson is about it).
    pub show_clock_tick: bool,
    /// Bytes each operation reads and writes, for a throughput (GB/s) figure.
    pub bytes_per_op: Option<f64>,
    /// The slider whose value is the largest swept size (growth charts).
    pub sweep_slider: &'static str,
    /// What the swept size is, for the chart's x axis.
    pub x_label: &'static str,
    /// Mark the fastest point on the chart (where the lesson is about an optimum).
    pub mark_best: bool,
    /// Heading of the results table's size column (what n counts).
    pub n_label: &'static str,
    /// The widget runs its kernel on the UI thread too, on purpose (`blocking-the-ui`):
    /// it shows the animation and long-task recorder of `widgets::blocking`.
    pub ui_thread_demo: bool,
    /// Sweep sizes evenly spaced by this step instead of 1-2-5 (for exponential growth,
    /// where every step of n counts).
    pub sweep_step: Option<f64>,
    /// Add each line's fitted power law to the legend: only where the lesson is about
    /// how time grows with n (elsewhere an exponent like "n^-0.03" is noise to the reader).
    pub show_fit: bool,
    /// Show the ranking at the largest n: each variant's time relative to the fastest,
    /// as a table and a bar chart (`compare-implementations`).
    pub ranking: bool,
    /// The kernels keep every core busy (the thread pool). Their chart is drawn when the
    /// sweep ends, not after each point: drawing would take a core from the measurement.
    pub all_cores: bool,
    /// The browser tests' quick sweep: for each slider named, how many keyboard steps up
    /// from its minimum they move it before pressing Run (small but real sizes). Written to
    /// `tests/fixtures/course.json` with the course; every widget with sliders names one.
    pub quick_sweep: &'static [(&'static str, u32)],
}

/// Every field's usual value: widget specs set what differs (`..DEFAULTS`).
pub const DEFAULTS: WidgetSpec = WidgetSpec {
    id: "",
    title: "",
    sliders: &[],
    op_label: "call",
    chart: ChartKind::Growth,
    sweep_from: 1.0,
    show_clock_tick: false,
    bytes_per_op: None,
    sweep_slider: "n",
    x_label: "n",
    mark_best: false,
    n_label: "n",
    ui_thread_demo: false,
    sweep_step: None,
    show_fit: false,
    ranking: false,
    all_cores: false,
    quick_sweep: &[],
};

/// A slider over 1-2-5 steps from `min` to `max`.
pub const fn log_slider(
    name: &'static str,
    label: &'static str,
    min: f64,
    max: f64,
    default: f64,
) -> SliderSpec {
    SliderSpec {
        name,
        label,
        min,
        max,
        default,
        scale: Scale::Log,
        unit: "",
    }
}

/// A slider in even steps: `(min, max, step)`.
pub const fn linear_slider(
    name: &'static str,
    label: &'static str,
    (min, max, step): (f64, f64, f64),
    default: f64,
    unit: &'static str,
) -> SliderSpec {
    SliderSpec {
        name,
        label,
        min,
        max,
        default,
        scale: Scale::Linear { step },
        unit,
    }
}

/// Most sizes a default sweep measures (keeps a sweep near a second).
pub const MAX_SWEEP_SIZES: usize = 7;

/// The 1-2-5 values between `lo` and `hi` inclusive, plus `hi` itself.
pub fn nice_values(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut decade = 10f64.powf(lo.max(1e-9).log10().floor());
    while decade <= hi * 1.000_001 {
        for m in [1.0, 2.0, 5.0] {
            let v = (m * decade * 1e6).round() / 1e6;
            if v >= lo * 0.999_999 && v <= hi * 1.000_001 {
                out.push(v);
            }
        }
        decade *= 10.0;
    }
    if out.last().is_none_or(|&l| (l - hi).abs() > hi * 1e-9) {
        out.push(hi);
    }
    out
}

/// The sizes a sweep up to `hi` measures: all 1-2-5 values from `lo`, or one per decade
/// (and `hi`) when that would be more than [`MAX_SWEEP_SIZES`].
pub fn sweep_sizes(lo: f64, hi: f64) -> Vec<u64> {
    let all = nice_values(lo, hi.max(lo));
    let chosen: Vec<f64> = if all.len() <= MAX_SWEEP_SIZES {
        all
    } else {
        let mut thin: Vec<f64> = all
            .iter()
            .copied()
            .filter(|v| (v.log10() - v.log10().round()).abs() < 1e-9)
            .collect();
        if thin.last().is_none_or(|&l| l < hi) {
            thin.push(hi);
        }
        let excess = thin.len().saturating_sub(MAX_SWEEP_SIZES);
        thin.drain(..excess); // keep the largest sizes: they matter most
        thin
    };
    chosen.into_iter().map(|v| v.round() as u64).collect()
}

/// Most sizes a stepped sweep measures.
pub const MAX_STEPPED_SIZES: usize = 10;

/// Sizes from `lo` to `hi` spaced by a multiple of `step`, at most
/// [`MAX_STEPPED_SIZES`] of them, always ending at `hi`.
pub fn stepped_sizes(lo: f64, hi: f64, step: f64) -> Vec<u64> {
    let step = step.max(1.0);
    let hi = hi.max(lo);
    let steps = ((hi - lo) / step).floor() as usize;
    let stride = steps.div_ceil(MAX_STEPPED_SIZES - 1).max(1);
    let mut out: Vec<u64> = (0..=steps)
        .step_by(stride)
        .map(|i| (lo + step * i as f64).round() as u64)
        .collect();
    let top = hi.round() as u64;
    if out.last() != Some(&top) {
        if out.len() >= MAX_STEPPED_SIZES {
            out.pop();
        }
        out.push(top);
    }
    out
}

/// Slider values of one widget, by slider name.
pub type Values = Params;

impl WidgetSpec {
    /// The slider with this name.
    pub fn slider(&self, name: &str) -> Option<&SliderSpec> {
        self.sliders.iter().find(|s| s.name == name)
    }

    /// Default values; `threads` defaults to the pool size.
    pub fn defaults(&self, pool_threads: u32) -> Values {
        crate::kernels::params_from(self.sliders.iter().map(|s| {
            let cap = (s.name == "threads").then_some(pool_threads as f64);
            (s.name.to_owned(), s.snap(s.default, cap))
        }))
    }

    /// The run a widget makes for these slider values.
    pub fn run_spec(&self, run_id: u64, values: &Values, pool_threads: u32) -> RunSpec {
        let get = |name: &str| {
            values
                .get(name)
                .copied()
                .or_else(|| self.slider(name).map(|s| s.default))
        };
        let (sizes, params) = if self.chart == ChartKind::Speedup {
            let top = get("threads")
                .unwrap_or(1.0)
                .clamp(1.0, pool_threads.max(1) as f64) as u64;
            let params = crate::kernels::params_from(
                values
                    .iter()
                    .filter(|(k, _)| k.as_str() != "threads")
                    .map(|(k, v)| (k.clone(), *v)),
            );
            ((1..=top).collect(), params)
        } else if matches!(self.chart, ChartKind::Timeline | ChartKind::Lookups) {
            let n = get(self.sweep_slider).unwrap_or(1.0).max(1.0).round() as u64;
            let params = crate::kernels::params_from(
                values
                    .iter()
                    .filter(|(k, _)| k.as_str() != self.sweep_slider)
                    .map(|(k, v)| (k.clone(), *v)),
            );
            (vec![n], params)
        } else {
            let hi = get(self.sweep_slider).unwrap_or(self.sweep_from);
            let params = crate::kernels::params_from(
                values
                    .iter()
                    .filter(|(k, _)| k.as_str() != "n")
                    .map(|(k, v)| (k.clone(), *v)),
            );
            let sizes = match self.sweep_step {
                Some(step) => stepped_sizes(self.sweep_from, hi, step),
                None => sweep_sizes(self.sweep_from, hi),
            };
            (sizes, params)
        };
        RunSpec {
            run_id,
            widget: self.id.to_owned(),
            sizes,
            params,
            fault: None,
        }
    }

    /// Reads this widget's values from URL query pairs (`<widget id>.<slider>=<value>`).
    /// A value that is not a number or is out of range falls back to the default and
    /// yields a notice saying so; a number in range snaps to the nearest slider stop.
    pub fn values_from_query(
        &self,
        pairs: &[(String, String)],
        pool_threads: u32,
    ) -> (Values, Vec<String>) {
        let mut values = self.defaults(pool_threads);
        let mut notices = Vec::new();
        for s in self.sliders {
            let key = format!("{}.{}", self.id, s.name);
            let Some((_, raw)) = pairs.iter().rev().find(|(k, _)| *k == key) else {
                continue;
            };
            let cap = (s.name == "threads").then_some(pool_threads as f64);
            let max = cap.map_or(s.max, |c| c.min(s.max));
            match crate::format::parse_number(raw.trim()) {
                Some(v) if v.is_finite() && v >= s.min && v <= max => {
                    values.insert(s.name.to_owned(), s.snap(v, cap));
                }
                Some(v) if v.is_finite() && s.name == "threads" && v > max && v <= s.max => {
                    values.insert(s.name.to_owned(), max);
                    notices.push(format!(
                        "{key}={raw} asks for more threads than this page has; using {}.",
                        trim_number(max)
                    ));
                }
                _ => notices.push(format!(
                    "Ignored {key}=\u{201c}{raw}\u{201d}: expected a number from {} to {}; using the default.",
                    crate::format::compact(s.min),
                    crate::format::compact(max)
                )),
            }
        }
        (values, notices)
    }

    /// The query pairs that reproduce these values (only those differing from defaults).
    pub fn query_pairs(&self, values: &Values, pool_threads: u32) -> Vec<(String, String)> {
        let defaults = self.defaults(pool_threads);
        self.sliders
            .iter()
            .filter_map(|s| {
                let v = *values.get(s.name)?;
                (defaults.get(s.name) != Some(&v))
                    .then(|| (format!("{}.{}", self.id, s.name), trim_number(v)))
            })
            .collect()
    }
}

/// A number without a trailing ".0".
pub fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        crate::format::shortest(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn nice_values_follow_1_2_5() {
        assert_eq!(nice_values(1e3, 1e4), vec![1e3, 2e3, 5e3, 1e4]);
        assert_eq!(nice_values(100.0, 2e5).last().copied(), Some(2e5));
        assert_eq!(nice_values(2.0, 30.0), vec![2.0, 5.0, 10.0, 20.0, 30.0]);
    }

    #[test]
    fn sweeps_stay_short_and_end_at_the_chosen_size() {
        assert_eq!(
            sweep_sizes(100.0, 1e4),
            vec![100, 200, 500, 1000, 2000, 5000, 10_000]
        );
        assert_eq!(
            sweep_sizes(1e3, 1e6),
            vec![1000, 10_000, 100_000, 1_000_000]
        );
        let long = sweep_sizes(1.0, 1e8);
        assert!(long.len() <= MAX_SWEEP_SIZES);
        assert_eq!(long.last().copied(), Some(100_000_000));
        assert_eq!(sweep_sizes(100.0, 100.0), vec![100]);
    }

    #[test]
    fn query_values_round_trip() {
        let w = crate::topics::widget("counting").expect("exists");
        let (values, notices) = w.values_from_query(
            &pairs(&[("counting.n", "1000000"), ("counting.k", "1000")]),
            2,
        );
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(values["n"], 1e6);
        assert_eq!(values["k"], 1000.0);
        let back = w.query_pairs(&values, 2);
        assert_eq!(
            back,
            pairs(&[("counting.n", "1000000"), ("counting.k", "1000")])
        );
    }

    #[test]
    fn malformed_query_values_fall_back_with_a_notice() {
        let w = crate::topics::widget("queue-ops").expect("exists");
        for bad in ["banana", "", "NaN", "inf", "-5", "1e12", "0x10"] {
            let (values, notices) = w.values_from_query(&pairs(&[("queue-ops.n", bad)]), 2);
            assert_eq!(values["n"], 1e4, "{bad:?} -> default");
            assert_eq!(notices.len(), 1, "{bad:?} -> one notice");
            assert!(notices[0].contains("queue-ops.n"), "{}", notices[0]);
        }
    }

    #[test]
    fn in_range_values_snap_to_slider_stops() {
        let w = crate::topics::widget("search").expect("exists");
        let (values, notices) = w.values_from_query(&pairs(&[("search.n", "123456")]), 1);
        assert!(notices.is_empty());
        assert_eq!(values["n"], 1e5);
    }

    #[test]
    fn threads_are_capped_by_the_pool() {
        let w = crate::topics::widget("parallel-cpu").expect("exists");
        assert_eq!(w.defaults(2)["threads"], 2.0);
        assert_eq!(w.defaults(1)["threads"], 1.0);
        let (values, notices) = w.values_from_query(&pairs(&[("parallel-cpu.threads", "8")]), 2);
        assert_eq!(values["threads"], 2.0);
        assert_eq!(notices.len(), 1, "asking for 8 of 2 threads is explained");
        let spec = w.run_spec(1, &values, 2);
        assert_eq!(spec.sizes, vec![1, 2]);
        assert!(!spec.params.contains_key("threads"));
        assert_eq!(spec.params["serial"], 5.0);
    }

    #[test]
    fn chunk_size_sweeps_chunk_sizes_up_to_the_item_count() {
        let w = crate::topics::widget("chunk-size").expect("exists");
        let spec = w.run_spec(1, &w.defaults(2), 2);
        assert_eq!(spec.sizes.first().copied(), Some(1));
        assert_eq!(spec.sizes.last().copied(), Some(1_000_000));
        assert_eq!(
            spec.params["items"], 1e6,
            "the item count travels as a parameter"
        );
    }

    #[test]
    fn stepped_sweeps_stay_short_and_end_at_the_chosen_size() {
        assert_eq!(
            stepped_sizes(5.0, 40.0, 5.0),
            vec![5, 10, 15, 20, 25, 30, 35, 40]
        );
        let long = stepped_sizes(5.0, 90.0, 5.0);
        assert!(long.len() <= MAX_STEPPED_SIZES, "{long:?}");
        assert_eq!(long.first().copied(), Some(5));
        assert_eq!(long.last().copied(), Some(90));
        assert!(long.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(stepped_sizes(5.0, 5.0, 5.0), vec![5]);
        let fib = crate::topics::widget("memo-fib").expect("exists");
        assert_eq!(
            fib.run_spec(1, &fib.defaults(2), 2).sizes.last().copied(),
            Some(40)
        );
    }

    #[test]
    fn run_spec_sweeps_up_to_n() {
        let w = crate::topics::widget("search").expect("exists");
        let spec = w.run_spec(9, &w.defaults(2), 2);
        assert_eq!(spec.widget, "search");
        assert_eq!(spec.sizes.last().copied(), Some(100_000));
        assert!(!spec.params.contains_key("n"));
    }
}
