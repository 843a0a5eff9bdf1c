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

/// See [`Expected`].
pub fn expected(rust: &[Point], variants: &[Variant], twin: &str, n: u64) -> Option<Expected> {
    let group = variants.iter().find(|v| v.id == twin)?.group;
    let found = |id: &str| {
        rust.iter()
            .find(|p| p.variant == id && p.n == n)
            .and_then(|p| {
                Some(Expected {
                    answer: p.measurement()?.checksum,
                    ops: p.ops_per_call.max(1),
                })
            })
    };
    found(twin).or_else(|| {
        variants
            .iter()
            .filter(|v| v.group == group)
            .find_map(|v| found(v.id))
    })
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

/// What a Python panel needs from the widget around it, handed from the UI to the panel's
/// own module (`python_panel`, loaded when a reader first opens a panel) as plain text:
/// the sizes to run (those Rust measured), the slider values they were measured with, Rust's
/// answer at each of them for each Python function, and whether Run must wait.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// The sizes Rust measured, ascending.
    pub sizes: Vec<u64>,
    /// The slider values of that run.
    pub params: crate::kernels::Params,
    /// (function, n, Rust's answer there).
    pub expected: Vec<(String, u64, Expected)>,
    /// Something else runs (Rust here, or Python elsewhere on the page): Run waits.
    pub blocked: bool,
}

impl Context {
    /// The context of `twin` after the Rust run `rust` (of `variants`) with `params`.
    pub fn new(
        twin: &Twin,
        variants: &[Variant],
        rust: &[Point],
        params: &crate::kernels::Params,
        blocked: bool,
    ) -> Self {
        let mut sizes: Vec<u64> = rust
            .iter()
            .filter(|p| p.measurement().is_some())
            .map(|p| p.n)
            .collect();
        crate::order::sort_small_by(&mut sizes, |a, b| a < b);
        sizes.dedup();
        let expected = twin
            .variants
            .iter()
            .flat_map(|v| {
                sizes.iter().filter_map(move |&n| {
                    Some((
                        v.function.to_owned(),
                        n,
                        expected(rust, variants, v.twin, n)?,
                    ))
                })
            })
            .collect();
        Self {
            sizes,
            params: params.clone(),
            expected,
            blocked,
        }
    }

    /// One line per fact: `size n`, `param key value`, `expect function n answer ops`,
    /// `blocked`. (Function names and slider keys are identifiers: no spaces.)
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for n in &self.sizes {
            out += &format!("size {n}\n");
        }
        for (k, v) in &self.params {
            out += &format!("param {k} {}\n", crate::format::shortest(*v));
        }
        for (f, n, e) in &self.expected {
            out += &format!("expect {f} {n} {} {}\n", e.answer, e.ops);
        }
        if self.blocked {
            out += "blocked\n";
        }
        out
    }

    /// Reads [`Context::to_text`]'s text; lines it does not understand are ignored.
    pub fn parse(text: &str) -> Self {
        let mut c = Self::default();
        for line in text.lines() {
            let words: Vec<&str> = line.split(' ').collect();
            match words[..] {
                ["size", n] => c.sizes.extend(n.parse::<u64>().ok()),
                ["param", k, v] => {
                    if let Some(v) = crate::format::parse_number(v) {
                        c.params.insert(k.to_owned(), v);
                    }
                }
                ["expect", f, n, answer, ops] => {
                    if let (Ok(n), Ok(answer), Ok(ops)) = (n.parse(), answer.parse(), ops.parse()) {
                        c.expected.push((f.to_owned(), n, Expected { answer, ops }));
                    }
                }
                ["blocked"] => c.blocked = true,
                _ => {}
            }
        }
        c
    }

    /// Rust's answer for `function` at `n`.
    pub fn expected(&self, function: &str, n: u64) -> Option<Expected> {
        self.expected
            .iter()
            .find(|(f, m, _)| f == function && *m == n)
            .map(|(_, _, e)| *e)
    }
}

/// What the run found: each Python function against its Rust twin at the largest n where
/// both were measured and can be compared ("In this browser, at n = 10,000,
/// VecDeque::pop_front in Rust was 9× faster than deque.popleft() in Python …").
pub fn sentence(
    twin: &Twin,
    rust_label: impl Fn(&str) -> String,
    rust: &[Point],
    python: &[Point],
) -> Option<String> {
    let median = |points: &[Point], id: &str, n: u64| {
        points
            .iter()
            .find(|p| p.variant == id && p.n == n && crate::readout::reliable(p))
            .and_then(|p| {
                Some((
                    p.median_per_op_ns()?,
                    p.measurement()?.summary.relative_spread(),
                ))
            })
    };
    let mut parts = Vec::new();
    for v in twin.variants {
        let shared = python
            .iter()
            .filter(|p| p.variant == v.function && median(rust, v.twin, p.n).is_some())
            .filter_map(|p| median(python, v.function, p.n).map(|_| p.n))
            .max();
        let Some(n) = shared else { continue };
        let (Some((rust_ns, rust_noise)), Some((py_ns, py_noise))) =
            (median(rust, v.twin, n), median(python, v.function, n))
        else {
            continue;
        };
        let verb = crate::readout::compare(rust_ns, py_ns, 3.0 * (rust_noise + py_noise));
        parts.push(format!(
            "at n = {}, {} in Rust was {verb} {} in Python",
            count(n),
            rust_label(v.twin),
            v.label
        ));
    }
    (!parts.is_empty()).then(|| format!("In this browser, {}.", parts.join("; ")))
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

    #[test]
    fn the_panel_context_survives_its_text_form() {
        let rust = [
            with_checksum(measured("slow", 1000, 5.0), 7),
            with_checksum(measured("fast", 1000, 5.0), 7),
            with_checksum(measured("fast", 100, 5.0), 42),
        ];
        let params = crate::kernels::Params::from([("skew".to_owned(), 1.5)]);
        let c = Context::new(&TWIN, &VARIANTS, &rust, &params, true);
        assert_eq!(c.sizes, [100, 1000]);
        // py_slow at n = 100 takes its group's answer (slow was not measured there).
        assert_eq!(c.expected("py_slow", 100), Some(E42));
        assert_eq!(c.expected("py_fast", 1000).map(|e| e.answer), Some(7));
        assert_eq!(c.expected("py_fast", 10), None);
        assert_eq!(Context::parse(&c.to_text()), c);
        // What it does not understand is left out, not a failure.
        let odd = Context::parse("size x\nexpect f 1\nwhatever\nsize 5\n");
        assert_eq!(
            (odd.sizes, odd.expected.len(), odd.blocked),
            (vec![5], 0, false)
        );
    }

    #[test]
    fn the_expected_answer_comes_from_the_twin_or_its_group() {
        let rust = vec![
            with_checksum(measured("fast", 100, 5.0), 42),
            with_checksum(measured("slow", 10, 5.0), 7),
        ];
        let answer = |n| expected(&rust, &VARIANTS, "slow", n).map(|e| e.answer);
        assert_eq!(answer(10), Some(7));
        // `slow` was skipped at 100: `fast` answers for the group.
        assert_eq!(answer(100), Some(42));
        assert_eq!(expected(&rust, &VARIANTS, "slow", 1000), None);
        assert_eq!(expected(&rust, &VARIANTS, "nope", 10), None);
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
        let s = sentence(&TWIN, |id| id.to_uppercase(), &rust, &python).expect("sentence");
        assert_eq!(
            s,
            "In this browser, at n = 100, SLOW in Rust was 4.00× faster than slow() in Python; at n = 1,000, FAST in Rust was 20× faster than fast() in Python."
        );
        // A Python function never measured where Rust was: no sentence claims a ratio.
        let elsewhere = vec![measured("py_fast", 10_000, 100.0)];
        assert!(sentence(&TWIN, |id| id.into(), &rust, &elsewhere).is_none());
        // Within noise: no ratio.
        let even = vec![
            measured("py_slow", 100, 520.0),
            measured("py_fast", 100, 10.5),
        ];
        let s = sentence(&TWIN, |id| id.into(), &rust, &even).expect("sentence");
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
