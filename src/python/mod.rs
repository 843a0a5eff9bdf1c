//! The Python twin of a widget (pure): which Python functions stand for which Rust
//! variants, what the Python worker reports, how a Python answer is checked against
//! Rust's, and the sentence comparing the two.
//!
//! The Python code itself lives beside its widget (`topics/<lesson>/<widget>.py`, served
//! under `/source/` and fetched when a reader opens the panel); the timing is
//! `python/harness.py`, run inside Pyodide by `public/python_worker.js`; the panel is
//! `python_panel.rs` (its own module), placed under a widget by `widgets/python.rs`.
//! Statistics are the Rust side's own (`stats::summarize`), so both languages' figures are
//! summarised by the same code.

pub mod editing;
pub mod highlight;

use crate::format::count;
use crate::harness::Measurement;
use crate::kernels::Variant;
use crate::protocol::{Outcome, Point};

/// One Python function standing for one Rust variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PyVariant {
    /// The function's name in the code; also the point's variant id (`data-variant`).
    pub function: &'static str,
    /// What the legend and table show ("list.pop(0)").
    pub label: &'static str,
    /// The Rust variant doing the same work: the answer is checked against its, times are
    /// per operation as it counts them, and the chart draws both in one colour.
    pub twin: &'static str,
}

/// A widget's Python side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Twin {
    /// The code's path under `src/` (served under `/source/`).
    pub source_path: &'static str,
    /// Its functions, one per compared Rust variant.
    pub variants: &'static [PyVariant],
}

impl Twin {
    /// The Python variant with this function name.
    pub fn variant(&self, function: &str) -> Option<&'static PyVariant> {
        self.variants.iter().find(|v| v.function == function)
    }

    /// The function names, in order.
    pub fn functions(&self) -> Vec<&'static str> {
        self.variants.iter().map(|v| v.function).collect()
    }
}

/// What kind of problem ended a Python run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The code does not compile.
    Syntax,
    /// The code raised.
    Exception,
    /// A function returned a non-integer or changed its answer.
    Answer,
    /// A function the chart needs is gone.
    Missing,
    /// `import numpy`.
    Numpy,
    /// Pyodide could not be loaded.
    Load,
}

impl ErrorKind {
    /// From the worker's `kind` field (an unknown kind reads as an exception).
    pub fn parse(kind: &str) -> Self {
        match kind {
            "syntax" => Self::Syntax,
            "answer" => Self::Answer,
            "missing" => Self::Missing,
            "numpy" => Self::Numpy,
            "load" => Self::Load,
            _ => Self::Exception,
        }
    }

    /// The `data-python-error` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Exception => "exception",
            Self::Answer => "answer",
            Self::Missing => "missing",
            Self::Numpy => "numpy",
            Self::Load => "load",
        }
    }
}

/// A problem, as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PyError {
    /// What kind.
    pub kind: ErrorKind,
    /// The line of the reader's code, when the problem has one.
    pub line: Option<u32>,
    /// Python's own message ("ZeroDivisionError: division by zero").
    pub message: String,
}

impl std::fmt::Display for PyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "Line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// One point timed in Python, as the worker sends it.
#[derive(Clone, Debug, PartialEq)]
pub struct PyPoint {
    /// The function.
    pub function: String,
    /// Size.
    pub n: u64,
    /// Each sample's time per call, ns.
    pub samples_ns: Vec<f64>,
    /// Calls per sample.
    pub batch: u64,
    /// The shortest whole sample, ns.
    pub shortest_ns: f64,
    /// The function's answer, as Python printed the integer.
    pub answer: String,
}

/// A message from the Python worker.
#[derive(Clone, Debug, PartialEq)]
pub enum FromPython {
    /// Pyodide is loading.
    Loading,
    /// Loaded: its version and how long loading took.
    Ready {
        /// Pyodide's version.
        version: String,
        /// Load time, ms.
        load_ms: f64,
        /// One step of Python's event loop in this worker, ms (measured after loading).
        step_ms: f64,
    },
    /// The code compiled and timing started.
    Started {
        /// The clock's tick as Python sees it, ns.
        tick_ns: f64,
        /// Points to measure.
        total: u32,
    },
    /// One measured point.
    Point(PyPoint),
    /// A point not run, and why.
    Skipped {
        /// The function.
        function: String,
        /// Size.
        n: u64,
        /// Why.
        reason: String,
    },
    /// What the code printed.
    Stdout(String),
    /// The run ended with a problem.
    Failed(PyError),
    /// The run finished.
    Done,
}

/// What Rust found at `n` for the work a Python function mirrors: the answer it must equal
/// and the operations per call (so both are shown per operation), from the twin variant or
/// another variant in its agreement group (the twin may have been skipped there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expected {
    /// Rust's answer.
    pub answer: u64,
    /// Rust's operations per call.
    pub ops: u64,
}

/// The point a Python measurement becomes: measured when its answer equals Rust's for the
/// same input, otherwise skipped with the reason (no time is shown for a wrong answer).
pub fn point(p: &PyPoint, expected: Option<Expected>, tick_ns: f64) -> Point {
    let ops = expected.map_or(1, |e| e.ops);
    let skipped = |reason: String| Point {
        variant: p.function.clone(),
        n: p.n,
        ops_per_call: ops,
        outcome: Outcome::Skipped { reason },
        memory: None,
    };
    let Some(Expected { answer: want, .. }) = expected else {
        return skipped("no Rust answer at this n to check it against".into());
    };
    match p.answer.parse::<u64>() {
        Ok(got) if got == want => {}
        _ => {
            return skipped(format!(
                "answered {}, but Rust answered {want}: no time is shown for a wrong answer",
                p.answer
            ))
        }
    }
    let Some(summary) = crate::stats::summarize(&p.samples_ns) else {
        return skipped("no samples".into());
    };
    Point {
        variant: p.function.clone(),
        n: p.n,
        ops_per_call: ops,
        outcome: Outcome::Measured(Measurement::timed_outside(
            summary,
            p.batch,
            want,
            p.shortest_ns,
            tick_ns,
        )),
        memory: None,
    }
}

/// One measured Rust point, as the panel needs it: what a Python answer must equal, and the
/// time a sentence compares Python's with.
#[derive(Clone, Debug, PartialEq)]
pub struct RustRow {
    /// The Rust variant.
    pub variant: String,
    /// Its agreement group.
    pub group: String,
    /// Size.
    pub n: u64,
    /// Its answer (checksum).
    pub answer: u64,
    /// Operations per call.
    pub ops: u64,
    /// Median time per operation, ns, when the point is reliable (above the clock and the
    /// harness floor); a sentence quotes no other.
    pub per_op_ns: Option<f64>,
    /// Relative spread of its samples.
    pub spread: f64,
}

/// A Python function of the twin, with what the panel says of it and of its Rust twin.
#[derive(Clone, Debug, PartialEq)]
pub struct TwinFn {
    /// The Python function.
    pub function: String,
    /// The Rust variant it mirrors.
    pub twin: String,
    /// That variant's agreement group.
    pub group: String,
    /// The Rust variant's label.
    pub rust_label: String,
    /// The Python function's label.
    pub label: String,
}

/// What a Python panel needs from the widget around it, handed from the UI to the panel's
/// own module (`python_panel`, loaded when a reader first opens a panel) as plain text
/// ([`context_text`]): the twin's functions, the last Rust run's measured points, its
/// slider values, and whether Run must wait. Everything the panel derives from them (the
/// sizes to run, the answer to check at each, the sentence) is worked out in the panel, so
/// the UI bundle carries only the writer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// The twin's functions, in order.
    pub functions: Vec<TwinFn>,
    /// The Rust run's measured points.
    pub rust: Vec<RustRow>,
    /// The slider values of that run.
    pub params: crate::kernels::Params,
    /// Something else runs (Rust here, or Python elsewhere on the page): Run waits.
    pub blocked: bool,
}

/// The UI's half of [`Context`]: the context of `twin` after the Rust run `rust` (of
/// `variants`, labelled by `label`) with `params`, as the text [`Context::parse`] reads.
/// One tab-separated line per fact (labels may hold spaces): `py function twin group
/// rust-label label`, `rust variant group n answer ops per-op-ns spread` (per-op-ns empty
/// when the point is not reliable), `param key value`, `blocked`.
pub fn context_text(
    twin: &Twin,
    variants: &[Variant],
    label: impl Fn(&str) -> String,
    rust: &[Point],
    params: &crate::kernels::Params,
    blocked: bool,
) -> String {
    let group = |id: &str| variants.iter().find(|v| v.id == id).map_or("", |v| v.group);
    let mut out = String::new();
    for v in twin.variants {
        out += &format!(
            "py\t{}\t{}\t{}\t{}\t{}\n",
            v.function,
            v.twin,
            group(v.twin),
            label(v.twin),
            v.label
        );
    }
    for p in rust {
        let Some(m) = p.measurement() else { continue };
        let per_op = match p.median_per_op_ns() {
            Some(ns) if crate::readout::reliable(p) => crate::format::shortest(ns),
            _ => String::new(),
        };
        out += &format!(
            "rust\t{}\t{}\t{}\t{}\t{}\t{per_op}\t{}\n",
            p.variant,
            group(&p.variant),
            p.n,
            m.checksum,
            p.ops_per_call.max(1),
            crate::format::shortest(m.summary.relative_spread())
        );
    }
    for (k, v) in params {
        out += &format!("param\t{k}\t{}\n", crate::format::shortest(*v));
    }
    if blocked {
        out += "blocked\n";
    }
    out
}

impl Context {
    /// Reads [`context_text`]'s text; lines it does not understand are left out.
    pub fn parse(text: &str) -> Self {
        let mut c = Self::default();
        let number = crate::format::parse_number;
        for line in text.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields[..] {
                ["py", function, twin, group, rust_label, label] => c.functions.push(TwinFn {
                    function: function.to_owned(),
                    twin: twin.to_owned(),
                    group: group.to_owned(),
                    rust_label: rust_label.to_owned(),
                    label: label.to_owned(),
                }),
                ["rust", variant, group, n, answer, ops, per_op, spread] => {
                    if let (Ok(n), Ok(answer), Ok(ops), Some(spread)) =
                        (n.parse(), answer.parse(), ops.parse(), number(spread))
                    {
                        c.rust.push(RustRow {
                            variant: variant.to_owned(),
                            group: group.to_owned(),
                            n,
                            answer,
                            ops,
                            per_op_ns: number(per_op),
                            spread,
                        });
                    }
                }
                ["param", k, v] => {
                    if let Some(v) = number(v) {
                        c.params.insert(k.to_owned(), v);
                    }
                }
                ["blocked"] => c.blocked = true,
                _ => {}
            }
        }
        c
    }

    /// The sizes Rust measured, ascending: where Python runs.
    pub fn sizes(&self) -> Vec<u64> {
        let mut sizes: Vec<u64> = self.rust.iter().map(|r| r.n).collect();
        crate::order::sort_small_by(&mut sizes, |a, b| a < b);
        sizes.dedup();
        sizes
    }

    /// The twin function `function`.
    pub fn function(&self, function: &str) -> Option<&TwinFn> {
        self.functions.iter().find(|f| f.function == function)
    }

    /// Rust's answer for `function` at `n`: its twin's, or, where the twin was not
    /// measured, another variant's of the twin's agreement group.
    pub fn expected(&self, function: &str, n: u64) -> Option<Expected> {
        let f = self.function(function)?;
        let at = |keep: &dyn Fn(&RustRow) -> bool| {
            self.rust
                .iter()
                .find(|r| r.n == n && keep(r))
                .map(|r| Expected {
                    answer: r.answer,
                    ops: r.ops,
                })
        };
        at(&|r| r.variant == f.twin).or_else(|| at(&|r| !f.group.is_empty() && r.group == f.group))
    }

    /// The same points as the text it came from would give (the Rust rows' identity): the
    /// panel drops its last Python points when the Rust run they were checked against is
    /// replaced.
    pub fn same_run(&self, other: &Self) -> bool {
        self.rust == other.rust && self.params == other.params
    }

    /// What the run found: each Python function against its Rust twin at the largest n
    /// where both were measured and can be compared ("In this browser, at n = 10,000,
    /// VecDeque::pop_front in Rust was 9× faster than deque.popleft() in Python …").
    pub fn sentence(&self, python: &[Point]) -> Option<String> {
        let py = |function: &str, n: u64| {
            python
                .iter()
                .find(|p| p.variant == function && p.n == n && crate::readout::reliable(p))
                .and_then(|p| {
                    Some((
                        p.median_per_op_ns()?,
                        p.measurement()?.summary.relative_spread(),
                    ))
                })
        };
        let rust = |variant: &str, n: u64| {
            self.rust
                .iter()
                .find(|r| r.variant == variant && r.n == n)
                .and_then(|r| Some((r.per_op_ns?, r.spread)))
        };
        let mut parts = Vec::new();
        for f in &self.functions {
            // The largest n where both languages have a figure to compare.
            let shared = python
                .iter()
                .filter(|p| p.variant == f.function)
                .filter_map(|p| Some((p.n, rust(&f.twin, p.n)?, py(&f.function, p.n)?)))
                .max_by_key(|&(n, ..)| n);
            let Some((n, (rust_ns, rust_noise), (py_ns, py_noise))) = shared else {
                continue;
            };
            let verb = crate::readout::compare(rust_ns, py_ns, 3.0 * (rust_noise + py_noise));
            parts.push((
                n,
                format!("{} in Rust was {verb} {} in Python", f.rust_label, f.label),
            ));
        }
        if parts.is_empty() {
            return None;
        }
        // One size for every comparison: said once ("at n = 100: a; b"), else each its own.
        let one = parts.windows(2).all(|w| w[0].0 == w[1].0);
        let mut s = String::from("In this browser, ");
        for (i, (n, text)) in parts.iter().enumerate() {
            if i > 0 {
                s.push_str("; ");
            }
            if i == 0 || !one {
                s.push_str("at n = ");
                s.push_str(&count(*n));
                s.push_str(if one && parts.len() > 1 { ": " } else { ", " });
            }
            s.push_str(text);
        }
        s.push('.');
        Some(s)
    }
}

/// A step of Python's event loop at least this long, ms, is worth a sentence: a few of them
/// visibly lengthen an async twin's total (Chromium and Firefox took 0.04-0.06 ms).
pub const SLOW_STEP_MS: f64 = 1.0;

/// The panel's line once Python has loaded: how long loading took.
pub fn loaded_line(version: &str, load_ms: f64) -> String {
    format!(
        "Python loaded in {} (Pyodide {version}, CPython compiled to WebAssembly).",
        crate::format::duration_ns(load_ms * 1e6)
    )
}

/// Where one step of the event loop is slow enough to show in the totals of `code`'s async
/// functions, how slow, and why; nothing for code that does not await (its timing never
/// waits on the event loop) or a step too short to matter.
pub fn step_note(code: &str, step_ms: f64) -> Option<String> {
    (step_ms >= SLOW_STEP_MS && code.contains("async def")).then(|| {
        format!(
            "In this browser each step of Python's event loop takes {} ms (measured on loading): \
             Pyodide runs the steps as zero-delay timers here, which the browser holds to at least 4 ms \
             once they nest five deep, so an async function's total includes a few such steps after its waits.",
            crate::format::fixed(step_ms, 1)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::point as measured;

    static VARIANTS: [Variant; 2] = [
        Variant::new("slow", "Slow", "g"),
        Variant::new("fast", "Fast", "g"),
    ];
    static TWIN: Twin = Twin {
        source_path: "x.py",
        variants: &[
            PyVariant {
                function: "py_slow",
                label: "slow()",
                twin: "slow",
            },
            PyVariant {
                function: "py_fast",
                label: "fast()",
                twin: "fast",
            },
        ],
    };

    const E42: Expected = Expected { answer: 42, ops: 1 };

    fn py(function: &str, n: u64, answer: &str) -> PyPoint {
        PyPoint {
            function: function.into(),
            n,
            samples_ns: vec![1000.0, 1100.0, 900.0],
            batch: 10,
            shortest_ns: 9000.0,
            answer: answer.into(),
        }
    }

    fn with_checksum(mut p: Point, checksum: u64) -> Point {
        if let Outcome::Measured(m) = &mut p.outcome {
            m.checksum = checksum;
        }
        p
    }

    #[test]
    fn a_slow_event_loop_step_is_stated_where_the_code_awaits() {
        let line = loaded_line("0.29.0", 2100.0);
        assert!(
            line.starts_with("Python loaded in 2.10 s (Pyodide 0.29.0"),
            "{line}"
        );
        let awaiting = "async def gather_all(x):\n    return await g(x)\n";
        let note = step_note(awaiting, 4.04).expect("a slow step under async code");
        assert!(note.contains("takes 4.0 ms"), "{note}");
        // Fast steps, code that never awaits, or no measurement: nothing to say.
        assert_eq!(step_note(awaiting, 0.05), None);
        assert_eq!(
            step_note("def pop_front(q):\n    return q.pop(0)\n", 4.04),
            None
        );
        assert_eq!(step_note(awaiting, f64::NAN), None);
    }

    /// The context the panel reads from what the UI writes of `rust`.
    fn context(rust: &[Point], blocked: bool) -> Context {
        let params = crate::kernels::Params::from([("skew".to_owned(), 1.5)]);
        let text = context_text(
            &TWIN,
            &VARIANTS,
            |id| id.to_uppercase(),
            rust,
            &params,
            blocked,
        );
        Context::parse(&text)
    }

    #[test]
    fn the_panel_reads_what_the_ui_writes() {
        let rust = [
            with_checksum(measured("slow", 1000, 5.0), 7),
            with_checksum(measured("fast", 1000, 5.0), 7),
            with_checksum(measured("fast", 100, 5.0), 42),
        ];
        let c = context(&rust, true);
        assert_eq!(c.sizes(), [100, 1000]);
        assert!(c.blocked);
        assert_eq!(c.params.get("skew"), Some(&1.5));
        assert_eq!(
            c.function("py_fast"),
            Some(&TwinFn {
                function: "py_fast".into(),
                twin: "fast".into(),
                group: "g".into(),
                rust_label: "FAST".into(),
                label: "fast()".into(),
            })
        );
        // Every measured figure survives its text form exactly (the sentence quotes them).
        let row = &c.rust[2];
        assert_eq!((row.n, row.answer, row.ops), (100, 42, 1));
        assert_eq!(row.per_op_ns, rust[2].median_per_op_ns());
        let spread = rust[2].measurement().map(|m| m.summary.relative_spread());
        assert_eq!(Some(row.spread), spread);
        // Skipped points are not rows; what the panel does not understand is left out.
        let skipped = Point {
            variant: "slow".into(),
            n: 10,
            ops_per_call: 1,
            outcome: Outcome::Skipped {
                reason: "too slow".into(),
            },
            memory: None,
        };
        assert!(context(&[skipped], false).rust.is_empty());
        let odd = Context::parse("rust\tx\tg\tten\t1\t1\t\t0\nwhatever\nblocked\n");
        assert_eq!((odd.rust.len(), odd.blocked), (0, true));
    }

    #[test]
    fn the_expected_answer_comes_from_the_twin_or_its_group() {
        let rust = vec![
            with_checksum(measured("fast", 100, 5.0), 42),
            with_checksum(measured("slow", 10, 5.0), 7),
        ];
        let c = context(&rust, false);
        let answer = |n| c.expected("py_slow", n).map(|e| e.answer);
        assert_eq!(answer(10), Some(7));
        // `slow` was skipped at 100: `fast` answers for the group.
        assert_eq!(answer(100), Some(42));
        assert_eq!(c.expected("py_slow", 100), Some(E42));
        assert_eq!(answer(1000), None);
        assert_eq!(c.expected("nope", 10), None);
    }

    #[test]
    fn a_python_point_is_timed_only_when_its_answer_agrees() {
        let ok = point(&py("py_fast", 100, "42"), Some(E42), 5.0);
        let m = ok.measurement().expect("measured");
        assert_eq!(m.summary.median_ns, 1000.0);
        assert_eq!(m.batch, 10);
        assert!(m.is_reliable(), "a 9 µs sample spans 1,800 ticks of 5 ns");
        let wrong = point(&py("py_fast", 100, "43"), Some(E42), 5.0);
        assert!(wrong.measurement().is_none());
        let Outcome::Skipped { reason } = &wrong.outcome else {
            unreachable!()
        };
        assert!(reason.contains("43") && reason.contains("42"), "{reason}");
        assert!(point(&py("py_fast", 100, "forty-two"), Some(E42), 5.0)
            .measurement()
            .is_none());
        assert!(point(&py("py_fast", 100, "42"), None, 5.0)
            .measurement()
            .is_none());
    }

    #[test]
    fn a_short_sample_is_marked_below_the_clock() {
        // 9 µs on a 20 µs clock spans under one tick: measured but not comparable.
        let p = point(&py("py_fast", 100, "42"), Some(E42), 20_000.0);
        assert!(!p.measurement().expect("measured").is_reliable());
    }

    #[test]
    fn the_sentence_compares_each_twin_at_the_largest_shared_n() {
        let rust = vec![
            measured("slow", 100, 500.0),
            measured("fast", 100, 10.0),
            measured("fast", 1000, 100.0),
        ];
        let python = vec![
            measured("py_slow", 100, 2000.0),
            measured("py_fast", 100, 100.0),
            measured("py_fast", 1000, 2000.0),
        ];
        let c = context(&rust, false);
        let s = c.sentence(&python).expect("sentence");
        assert_eq!(
            s,
            "In this browser, at n = 100, SLOW in Rust was 4.00× faster than slow() in Python; at n = 1,000, FAST in Rust was 20× faster than fast() in Python."
        );
        // Every comparison at one size: the size is said once.
        let one_size = c
            .sentence(&[
                measured("py_slow", 100, 2000.0),
                measured("py_fast", 100, 100.0),
            ])
            .expect("sentence");
        assert_eq!(
            one_size,
            "In this browser, at n = 100: SLOW in Rust was 4.00× faster than slow() in Python; FAST in Rust was 10× faster than fast() in Python."
        );
        // A Python function never measured where Rust was: no sentence claims a ratio.
        let elsewhere = vec![measured("py_fast", 10_000, 100.0)];
        assert!(c.sentence(&elsewhere).is_none());
        // Within noise: no ratio.
        let even = vec![
            measured("py_slow", 100, 520.0),
            measured("py_fast", 100, 10.5),
        ];
        let s = c.sentence(&even).expect("sentence");
        assert!(s.matches("about as fast as").count() == 2, "{s}");
    }

    #[test]
    fn error_kinds_round_trip_and_errors_name_their_line() {
        for k in [
            ErrorKind::Syntax,
            ErrorKind::Exception,
            ErrorKind::Answer,
            ErrorKind::Missing,
            ErrorKind::Numpy,
            ErrorKind::Load,
        ] {
            assert_eq!(ErrorKind::parse(k.name()), k);
        }
        let e = PyError {
            kind: ErrorKind::Exception,
            line: Some(3),
            message: "ZeroDivisionError: division by zero".into(),
        };
        assert_eq!(e.to_string(), "Line 3: ZeroDivisionError: division by zero");
    }
}
