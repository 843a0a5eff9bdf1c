//! Executes a [`RunSpec`]: plans the points, guards memory, builds inputs (untimed),
//! measures each variant with the harness, checks that variants agree, and skips sizes a
//! slow variant could not finish within its budget.
//!
//! This is pure: the bench worker drives it one size at a time (yielding between sizes
//! so a Cancel message can arrive), and native tests and `native_bench` drive it straight
//! through with [`Runner::run_all`].

use crate::alloc::{measure_memory, CountingAlloc};
use crate::harness::machine::MachineCheck;
use crate::harness::{measure, measure_floor, BatchMode, Clock, Config};
use crate::kernels::{Setup, Suite};
use crate::protocol::{Fault, Outcome, Point, Report, RunError, RunSpec, VariantFit};
use crate::stats::fit_power_law;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// Largest estimated memory a run may need, bytes.
pub const MEMORY_LIMIT_BYTES: u64 = 512 << 20;
use crate::protocol::MAX_SIZES;
/// How long [`Runner::prime`] calls each variant not measured before, ns.
pub const PRIME_NS: f64 = 15_000_000.0;
/// A priming round whose times per call all stay within this of the previous round's
/// shows that the optimized code (if any was coming) has arrived.
pub const PRIME_SETTLED: f64 = 0.05;

/// Whether priming can stop: `now` (times per call of this round, from
/// [`Runner::prime`]) is no more than [`PRIME_SETTLED`] faster than `previous` for every
/// variant. The first round (nothing before it) never settles.
pub fn prime_settled(previous: &[f64], now: &[f64]) -> bool {
    !previous.is_empty()
        && previous.len() == now.len()
        && previous
            .iter()
            .zip(now)
            .all(|(before, after)| *after >= before * (1.0 - PRIME_SETTLED))
}

/// Runs specs against one clock, configuration and pool size.
pub struct Runner<'c> {
    clock: &'c dyn Clock,
    cfg: Config,
    threads: usize,
    alloc: Option<&'static CountingAlloc>,
    /// (widget, variant) pairs measured before by this runner: their code has been through
    /// the engine's optimizing tier, so they need no long warm-up again. Room for every
    /// variant of every suite is taken when the runner is made: a set that allocated as it
    /// grew put a block that lives on in the middle of the first Run's memory, and every
    /// later Run met a different heap (see [`Runner::new`]).
    warmed: RefCell<Vec<(&'static str, &'static str)>>,
    /// The harness floor from the latest run (0 before the first), ns per call.
    floor_ns: Cell<f64>,
    /// Busy time before each run's first reading, ns (`harness::SPIN_UP_NS` in the
    /// workers; 0, none, unless asked for).
    spin_up_ns: f64,
    /// Whether runs time the machine check (`harness::machine`) at their start and after
    /// each size (the workers and the native bench do; tests on fake clocks do not).
    machine_checks: bool,
    /// The machine check, sized once by the first run that makes one: every later run
    /// times the same work, so its times can be compared from run to run too.
    check: Cell<Option<MachineCheck>>,
}

/// A validated spec, ready to run size by size.
pub struct Plan {
    spec: RunSpec,
    suite: &'static dyn Suite,
    /// Per variant: the last measured (n, ns per call), to predict the next size.
    history: BTreeMap<usize, Vec<(f64, f64)>>,
    /// Checksum of the first point, for suites whose result must not depend on n.
    first_checksum: Option<u64>,
    points: Vec<Point>,
    /// The harness configuration of this run, with the floor measured when it started.
    cfg: Config,
    /// The machine check's times so far (`Runner::machine_check`), ns: at the start, then
    /// after each size of the first two passes.
    checks_ns: Vec<f64>,
    /// Time the second pass took, and the third passes so far, ns ([`Runner::third_pass`]).
    second_pass_ns: f64,
    third_pass_ns: f64,
}

impl Plan {
    /// How many sizes the plan sweeps.
    pub fn size_count(&self) -> usize {
        self.spec.sizes.len()
    }
    /// Total points (sizes x variants).
    pub fn total_points(&self) -> usize {
        self.spec.sizes.len() * self.points_per_size()
    }
    /// Points at each size: one per variant (progress counts a size's points at once).
    pub fn points_per_size(&self) -> usize {
        self.suite.variants().len()
    }
    /// True when [`Runner::second_pass`] measures the sweep again: it has a timed variant
    /// other than single-call timing (`BatchMode::Single`, which shows the clock's steps
    /// rather than a speed).
    pub fn measured_twice(&self) -> bool {
        self.suite
            .variants()
            .iter()
            .any(|v| v.mode != BatchMode::Single)
    }
    /// Measurements the run makes: every point once, and again in the second pass.
    pub fn total_measurements(&self) -> usize {
        self.total_points() * if self.measured_twice() { 2 } else { 1 }
    }
    /// How many points of size number `index` [`Runner::third_pass`] would measure: the
    /// timed ones whose two passes disagree (`Measurement::passes_disagree`), none once the
    /// third passes have taken as long as the whole second pass did.
    pub fn disputed(&self, index: usize) -> usize {
        let Some(&n) = self.spec.sizes.get(index) else {
            return 0;
        };
        if self.third_pass_ns >= self.second_pass_ns {
            return 0;
        }
        self.points
            .iter()
            .filter(|p| p.n == n)
            .filter_map(Point::measurement)
            .filter(|m| wants_pass(m, 2))
            .count()
    }
    /// The run id.
    pub fn run_id(&self) -> u64 {
        self.spec.run_id
    }
    /// Points measured so far.
    pub fn points(&self) -> &[Point] {
        &self.points
    }
}

impl<'c> Runner<'c> {
    /// A runner on `clock`, calibrated for its resolution, with `threads` pool threads.
    ///
    /// Everything the runner keeps from one run to the next is allocated here, never during
    /// a run: a run frees all it allocates, so the heap it leaves is the heap it found
    /// (tests/alloc.rs). A block allocated during the first run and kept (this runner's
    /// record of warmed variants was one) sits among that run's freed memory, and later
    /// runs' small blocks are placed differently around it: `compare-implementations`'
    /// `filter-map` at n = 10 took 4.95 ns per value in the first Run and 6.0-6.3 in later
    /// ones, and one speed in every Run once the record took its room here
    /// (docs/first-runs.md).
    pub fn new(clock: &'c dyn Clock, cfg: Config, threads: usize) -> Self {
        let variants = crate::topics::all_suites()
            .iter()
            .map(|s| s.variants().len())
            .sum();
        Self {
            clock,
            cfg,
            threads: threads.max(1),
            alloc: None,
            warmed: RefCell::new(Vec::with_capacity(variants)),
            floor_ns: Cell::new(0.0),
            spin_up_ns: 0.0,
            machine_checks: false,
            check: Cell::new(None),
        }
    }

    /// Times the machine check (`harness::machine`) at each run's start and after each of
    /// its sizes, in both passes; the report carries the times (`Report::machine_ns`).
    pub fn with_machine_checks(mut self) -> Self {
        self.machine_checks = true;
        self
    }

    /// Keeps the core busy for `ns` before each run's first reading
    /// (`harness::SPIN_UP_NS`: a core that has idled can be slow at first).
    pub fn with_spin_up(mut self, ns: f64) -> Self {
        self.spin_up_ns = ns;
        self
    }

    /// Measures the harness floor (an empty kernel through the timing loop) and keeps it
    /// for the next runs; the first time with the long warm-up of code not run before.
    pub fn measure_floor(&self) -> f64 {
        let warm = self.floor_ns.get() > 0.0;
        let floor = measure_floor(self.clock, &self.cfg, warm);
        self.floor_ns.set(floor);
        floor
    }

    /// The machine check, once a run has sized it (then the same for every later run).
    pub fn machine_check(&self) -> Option<MachineCheck> {
        self.check.get()
    }

    /// The floor measured most recently (0 before any), ns per call.
    pub fn floor_ns(&self) -> f64 {
        self.floor_ns.get()
    }

    /// Reports memory per call for suites that ask, read from `alloc`, which must be the
    /// process's global allocator.
    pub fn with_allocator(mut self, alloc: &'static CountingAlloc) -> Self {
        self.alloc = Some(alloc);
        self
    }

    /// The counting allocator, when the runner reads one.
    pub fn allocator(&self) -> Option<&'static CountingAlloc> {
        self.alloc
    }

    /// The harness configuration in use.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Pool threads kernels may use.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// How many of the plan's variants this runner has not measured before.
    pub fn cold_variants(&self, plan: &Plan) -> usize {
        let warmed = self.warmed.borrow();
        plan.suite
            .variants()
            .iter()
            .filter(|v| !warmed.contains(&(plan.suite.id(), v.id)))
            .count()
    }

    /// Calls each variant this runner has not measured before, at size number `index`,
    /// for about [`PRIME_NS`] (at least once), and returns each one's time per call, ns
    /// (in variant order, for the cold variants only). Those calls make V8 queue the
    /// kernel's optimized compile; the compile runs on a background thread, which on a
    /// busy two-core machine gets no core while this thread keeps running kernels (it was
    /// seen arriving only after four seconds of sweeps). So the bench worker alternates
    /// priming with idle time until the times per call stop falling, and also idles
    /// between the sizes of a cold run.
    pub fn prime(&self, plan: &Plan, index: usize) -> Vec<f64> {
        let Some(&n) = plan.spec.sizes.get(index) else {
            return Vec::new();
        };
        // Nothing below touches `warmed`: kernels know nothing of the runner.
        let warmed = self.warmed.borrow();
        let input = plan.suite.prepare(Setup {
            n,
            params: &plan.spec.params,
            threads: self.threads,
            clock: self.clock,
        });
        let mut per_call_ns = Vec::new();
        for (vi, variant) in plan.suite.variants().iter().enumerate() {
            if warmed.contains(&(plan.suite.id(), variant.id)) {
                continue;
            }
            let mut kernel = input.kernel(vi);
            let start = self.clock.now_ns();
            let mut calls = 0u64;
            loop {
                std::hint::black_box(kernel.call());
                calls += 1;
                if self.clock.now_ns() - start >= PRIME_NS {
                    break;
                }
            }
            per_call_ns.push((self.clock.now_ns() - start) / calls as f64);
        }
        per_call_ns
    }

    /// Checks a spec and prepares to run it.
    pub fn plan(&self, spec: RunSpec) -> Result<Plan, RunError> {
        let suite = crate::topics::suite(&spec.widget)
            .ok_or_else(|| RunError::UnknownWidget(spec.widget.clone()))?;
        if spec.sizes.is_empty() {
            return Err(RunError::InvalidSpec("no sizes to measure".into()));
        }
        if spec.sizes.len() > MAX_SIZES {
            return Err(RunError::InvalidSpec(format!(
                "at most {MAX_SIZES} sizes per run"
            )));
        }
        if spec.params.values().any(|v| !v.is_finite()) {
            return Err(RunError::InvalidSpec(
                "parameters must be finite numbers".into(),
            ));
        }
        for &n in &spec.sizes {
            let needed = suite.bytes_needed(n, &spec.params);
            if needed > MEMORY_LIMIT_BYTES {
                return Err(RunError::TooLarge {
                    n,
                    needed_mib: needed >> 20,
                    limit_mib: MEMORY_LIMIT_BYTES >> 20,
                });
            }
        }
        // A run starts from idle (the reader was reading): busy first, so neither the floor
        // nor the first point meets a core that is not up to speed yet.
        if self.spin_up_ns > 0.0 {
            crate::harness::spin_up(self.clock, self.spin_up_ns);
        }
        // The floor is measured at the start of every run: it changes as the engine
        // optimizes the timing loop, and points are judged against the current one.
        let cfg = Config {
            floor_ns: self.measure_floor(),
            ..self.cfg.clone()
        };
        let first_check = match self.check.get() {
            _ if !self.machine_checks => None,
            Some(check) => Some(check.time(self.clock)),
            None => {
                let calibrated = MachineCheck::calibrate(self.clock, self.cfg.resolution_ns);
                self.check.set(calibrated.map(|(check, _)| check));
                calibrated.map(|(_, ns)| ns)
            }
        };
        Ok(Plan {
            spec,
            suite,
            history: BTreeMap::new(),
            first_checksum: None,
            points: Vec::new(),
            cfg,
            checks_ns: first_check.into_iter().collect(),
            second_pass_ns: 0.0,
            third_pass_ns: 0.0,
        })
    }

    /// Measures every variant at size number `index` of the plan; returns the new points
    /// once they have passed the agreement check.
    #[inline(never)]
    pub fn run_size(&self, plan: &mut Plan, index: usize) -> Result<Vec<Point>, RunError> {
        let n = plan.spec.sizes[index];
        let input = plan.suite.prepare(Setup {
            n,
            params: &plan.spec.params,
            threads: self.threads,
            clock: self.clock,
        });
        let mut points = Vec::new();
        for (vi, variant) in plan.suite.variants().iter().enumerate() {
            let ops_per_call = input.ops_per_call(vi);
            // Growth prediction only makes sense where n is the problem size. Suites whose
            // work is the same at every n (n is a thread count or a chunk size) never skip.
            let history = if !plan.suite.predicts_growth() {
                None
            } else {
                plan.history.get(&vi)
            };
            let growth = Growth {
                exponential: plan.suite.exponential(vi),
                by_parity: plan.suite.alternates_with_parity(vi),
                budget_ns: plan.suite.call_budget_ns(),
            };
            if let Some(reason) = skip_reason(history, n, growth) {
                points.push(Point {
                    variant: variant.id.into(),
                    n,
                    ops_per_call,
                    outcome: Outcome::Skipped { reason },
                    memory: None,
                });
                continue;
            }
            let mut kernel = input.kernel(vi);
            if plan.spec.fault == Some(Fault::Panic) && plan.points.is_empty() && points.is_empty()
            {
                panic!("injected fault: this run was asked to panic (fault=panic)");
            }
            // A variant this runner has not measured before still runs the engine's
            // baseline code: it gets the long warm-up (see harness::COLD_WARMUP_NS).
            let key = (plan.suite.id(), variant.id);
            let first_time = !self.warmed.borrow().contains(&key);
            if first_time {
                self.warmed.borrow_mut().push(key);
            }
            let cfg = if first_time {
                plan.cfg.cold()
            } else {
                plan.cfg.clone()
            };
            let mut m = measure(self.clock, &cfg, variant.mode, &mut *kernel);
            if !m.checksum_stable {
                return Err(RunError::Unstable {
                    variant: variant.id.into(),
                    n,
                });
            }
            // The full, untimed check, where the timed calls return a fingerprint.
            if let Some(full) = input.verify(vi) {
                m.checksum = full;
            }
            // One more call, after timing, with the allocator watching.
            let memory = match self.alloc {
                Some(alloc) if plan.suite.measures_memory() => Some(match input.memory_probe(vi) {
                    Some(mut probe) => measure_memory(alloc, || probe.call()).1,
                    None => measure_memory(alloc, || kernel.call()).1,
                }),
                _ => None,
            };
            if n > 0 && m.summary.median_ns > 0.0 {
                plan.history
                    .entry(vi)
                    .or_default()
                    .push((n as f64, m.summary.median_ns));
            }
            points.push(Point {
                variant: variant.id.into(),
                n,
                ops_per_call,
                outcome: Outcome::Measured(m),
                memory,
            });
        }
        self.check_agreement(plan, n, &points)?;
        plan.points.extend(points.iter().cloned());
        self.check_machine(plan);
        Ok(points)
    }

    /// Times the machine check once more, if the runner makes them (it is sized only then).
    fn check_machine(&self, plan: &mut Plan) {
        if let Some(check) = self.check.get() {
            plan.checks_ns.push(check.time(self.clock));
        }
    }

    /// Measures the points of size number `index` a second time, after the whole sweep,
    /// and keeps the faster pass of each, with the slower one's median beside it
    /// (`Measurement::other_pass_ns`). Whatever else the machine does meanwhile only ever
    /// adds time, and on a shared machine it comes in bursts: here a CPU-bound loop ran
    /// over 15% slow in about 3% of 2 ms slices over a minute, mostly one slice at a
    /// time, but some bursts lasted 20 to 70 ms and one a whole second, longer than a
    /// point's samples, so a few points in a hundred came out 1.2-1.9x slow with nothing
    /// in their own samples to show it (the engine compiling the worker's run loop on a background
    /// thread is one such burst: one `chunk-size` pass in five ran 2x slow). Two passes a
    /// sweep apart are rarely both hit (Python's `timeit` reports the best of its repeats
    /// for the same reason). The second pass must compute the same result as the first.
    pub fn second_pass(&self, plan: &mut Plan, index: usize) -> Result<(), RunError> {
        let started = self.clock.now_ns();
        if plan.measured_twice() {
            self.again(plan, index, 1)?;
            self.check_machine(plan);
        }
        plan.second_pass_ns += self.clock.now_ns() - started;
        Ok(())
    }

    /// Measures once more the points of size number `index` whose two passes disagree
    /// ([`Plan::disputed`]), after the whole second pass, and reports the fastest of the
    /// three with the next-fastest beside it. Two passes that disagree say one of them met
    /// a disturbed machine, not which; the third settles it where the disturbance has
    /// passed. A third pass starts only while the run's third passes so far have taken
    /// less time than its whole second pass.
    pub fn third_pass(&self, plan: &mut Plan, index: usize) -> Result<(), RunError> {
        if plan.disputed(index) == 0 {
            return Ok(());
        }
        let started = self.clock.now_ns();
        self.again(plan, index, 2)?;
        plan.third_pass_ns += self.clock.now_ns() - started;
        Ok(())
    }

    /// Measures again each timed point of size number `index` measured in `passes` passes
    /// so far (after two, only those whose passes disagree); keeps the fastest pass, the
    /// next-fastest's median in `other_pass_ns`. A pass must compute the same result as
    /// the first.
    fn again(&self, plan: &mut Plan, index: usize, passes: u8) -> Result<(), RunError> {
        let Some(&n) = plan.spec.sizes.get(index) else {
            return Ok(());
        };
        let input = plan.suite.prepare(Setup {
            n,
            params: &plan.spec.params,
            threads: self.threads,
            clock: self.clock,
        });
        for (vi, variant) in plan.suite.variants().iter().enumerate() {
            if variant.mode == BatchMode::Single {
                continue;
            }
            let Some(point) = plan
                .points
                .iter_mut()
                .find(|p| p.variant == variant.id && p.n == n)
            else {
                continue;
            };
            let Outcome::Measured(kept) = &point.outcome else {
                continue;
            };
            if !wants_pass(kept, passes) {
                continue;
            }
            let mut kernel = input.kernel(vi);
            let mut again = measure(self.clock, &plan.cfg, variant.mode, &mut *kernel);
            if let Some(full) = input.verify(vi) {
                again.checksum = full;
            }
            if !again.checksum_stable || again.checksum != kept.checksum {
                return Err(RunError::Mismatch {
                    n,
                    details: format!(
                        "{}: pass {} computed {:#x}, the first {:#x}",
                        variant.id,
                        passes + 1,
                        again.checksum,
                        kept.checksum
                    ),
                });
            }
            let (kept_ns, next_ns) = (kept.summary.median_ns, kept.other_pass_ns);
            let again_ns = again.summary.median_ns;
            let mut fastest = if again_ns < kept_ns {
                again.other_pass_ns = Some(kept_ns);
                again
            } else {
                let mut kept = kept.clone();
                kept.other_pass_ns = Some(next_ns.map_or(again_ns, |o| o.min(again_ns)));
                kept
            };
            fastest.passes = passes + 1;
            point.outcome = Outcome::Measured(fastest);
        }
        Ok(())
    }

    /// Variants of one group must agree at one size; some suites also across sizes.
    fn check_agreement(&self, plan: &mut Plan, n: u64, points: &[Point]) -> Result<(), RunError> {
        let variants = plan.suite.variants();
        let mut by_group: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
        for p in points {
            if let (Some(m), Some(v)) =
                (p.measurement(), variants.iter().find(|v| v.id == p.variant))
            {
                by_group
                    .entry(v.group)
                    .or_default()
                    .push((v.id, m.checksum));
                if plan.suite.checksum_independent_of_n() {
                    match plan.first_checksum {
                        None => plan.first_checksum = Some(m.checksum),
                        Some(first) if first != m.checksum => {
                            return Err(RunError::Mismatch {
                                n,
                                details: format!(
                                    "result {:#x} differs from {:#x} at the first size",
                                    m.checksum, first
                                ),
                            })
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        for results in by_group.values() {
            if results.windows(2).any(|w| w[0].1 != w[1].1) {
                let details = results
                    .iter()
                    .map(|(id, c)| format!("{id} = {c:#x}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(RunError::Mismatch { n, details });
            }
        }
        Ok(())
    }

    /// The report of a finished plan.
    pub fn finish(&self, mut plan: Plan, elapsed_ms: f64) -> Report {
        restate_skips(&mut plan);
        let largest = plan.spec.sizes.iter().copied().max().unwrap_or(0);
        let details = plan.suite.details(largest, &plan.spec.params, self.clock);
        let fits = plan
            .suite
            .variants()
            .iter()
            .filter_map(|v| {
                let pts: Vec<(f64, f64)> = plan
                    .points
                    .iter()
                    .filter(|p| p.variant == v.id)
                    .filter_map(|p| Some((p.n as f64, p.median_per_op_ns()?)))
                    .collect();
                fit_power_law(&pts).map(|fit| VariantFit {
                    variant: v.id.into(),
                    fit,
                })
            })
            .collect();
        Report {
            widget: plan.spec.widget,
            points: plan.points,
            fits,
            timer_resolution_ns: self.cfg.resolution_ns,
            threads: self.threads as u32,
            elapsed_ms,
            details,
            floor_ns: plan.cfg.floor_ns,
            machine_ns: plan.checks_ns,
        }
    }

    /// Runs a whole spec synchronously, calling `progress(done, total)` after each size.
    pub fn run_all(
        &self,
        spec: RunSpec,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Report, RunError> {
        let started = self.clock.now_ns();
        let mut plan = self.plan(spec)?;
        let per_size = plan.points_per_size();
        let mut total = plan.total_measurements();
        let mut done = 0;
        for i in 0..plan.size_count() {
            self.run_size(&mut plan, i)?;
            done += per_size;
            progress(done, total);
        }
        if plan.measured_twice() {
            for i in 0..plan.size_count() {
                self.second_pass(&mut plan, i)?;
                done += per_size;
                progress(done, total);
            }
            for i in 0..plan.size_count() {
                let disputed = plan.disputed(i);
                if disputed > 0 {
                    self.third_pass(&mut plan, i)?;
                    done += disputed;
                    total += disputed;
                    progress(done, total);
                }
            }
        }
        let elapsed_ms = (self.clock.now_ns() - started) / 1e6;
        Ok(self.finish(plan, elapsed_ms))
    }
}

/// True when a point measured in `passes` passes so far gets another: every timed point a
/// second, and a third where its two passes disagree (`Measurement::passes_disagree`).
fn wants_pass(m: &crate::harness::Measurement, passes: u8) -> bool {
    m.passes == passes && (passes == 1 || m.passes_disagree())
}

/// How a variant's time is predicted to grow, and how long one call may take.
#[derive(Clone, Copy, Debug)]
struct Growth {
    exponential: bool,
    /// Read exponential growth from sizes of the same parity (`Suite::alternates_with_parity`).
    by_parity: bool,
    budget_ns: f64,
}

/// Restates why each skipped point was skipped from the figures the report shows. The
/// decision was taken during the sweep, from the first pass; the second pass may have
/// lowered the figures it was based on, and the readout works from the final ones, so a
/// prediction quoted in the table ("would take about 361 ms") must come from them too, or
/// the page gives two estimates for one call. A reason that would no longer hold (the
/// final figures predict less than the limit) is left as the run decided it.
fn restate_skips(plan: &mut Plan) {
    if !plan.suite.predicts_growth() {
        return;
    }
    let budget_ns = plan.suite.call_budget_ns();
    for (vi, variant) in plan.suite.variants().iter().enumerate() {
        let growth = Growth {
            exponential: plan.suite.exponential(vi),
            by_parity: plan.suite.alternates_with_parity(vi),
            budget_ns,
        };
        let mut history: Vec<(f64, f64)> = Vec::new();
        for point in plan.points.iter_mut().filter(|p| p.variant == variant.id) {
            match &mut point.outcome {
                Outcome::Measured(m) if point.n > 0 && m.summary.median_ns > 0.0 => {
                    history.push((point.n as f64, m.summary.median_ns));
                }
                Outcome::Measured(_) => {}
                Outcome::Skipped { reason } => {
                    if let Some(restated) = skip_reason(Some(&history), point.n, growth) {
                        *reason = restated;
                    }
                }
            }
        }
    }
}

/// Why a variant should not run at `n`, judged from its earlier sizes (history holds
/// only positive sizes and times, so the ratios below are finite).
fn skip_reason(history: Option<&Vec<(f64, f64)>>, n: u64, growth: Growth) -> Option<String> {
    let history = history?;
    let &(last_n, last_ns) = history.last()?;
    let budget = growth.budget_ns;
    let limit = if budget >= 1e9 {
        format!("{:.0} s", budget / 1e9)
    } else {
        format!("{:.0} ms", budget / 1e6)
    };
    if last_ns > budget {
        return Some(format!(
            "skipped: one call already took {} at n = {}, over the {limit} limit",
            crate::format::duration_ns(last_ns),
            last_n
        ));
    }
    let previous = history.len().checked_sub(2).map(|i| history[i]);
    let (predicted, model) = if growth.exponential {
        // Time multiplies by r per step of n; from the last two sizes (or two of one
        // parity), else assume 2.
        let (per_step, (base_n, base_ns)) =
            crate::stats::exponential_growth(history, n as f64, growth.by_parity)?;
        let r = per_step.map_or(2.0, |r| r.clamp(1.0, 4.0));
        (
            base_ns * r.powf(n as f64 - base_n),
            format!("×{r:.2} per step of n from smaller sizes"),
        )
    } else {
        // Growth from the last two sizes, or linear (the optimistic guess) with one.
        let exponent = match previous {
            Some((n0, t0)) if n0 < last_n && t0 > 0.0 => {
                ((last_ns / t0).ln() / (last_n / n0).ln()).clamp(1.0, 3.0)
            }
            _ => 1.0,
        };
        (
            last_ns * (n as f64 / last_n).powf(exponent),
            format!("growth n^{exponent:.1} from smaller sizes"),
        )
    };
    (predicted > budget).then(|| {
        format!(
            "skipped: one call would take about {} ({model}), over the {limit} limit",
            crate::format::duration_ns(predicted)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{detect_resolution, StdClock};
    use crate::kernels::Params;

    fn spec(widget: &str, sizes: &[u64]) -> RunSpec {
        RunSpec {
            run_id: 1,
            widget: widget.into(),
            sizes: sizes.to_vec(),
            params: Params::new(),
            fault: None,
        }
    }

    fn quick_runner(clock: &StdClock) -> Runner<'_> {
        let mut cfg = Config::for_resolution(detect_resolution(clock));
        // Keep native tests quick: short samples, small budget.
        cfg.min_sample_ns = 200_000.0;
        cfg.budget_ns = 5_000_000.0;
        Runner::new(clock, cfg, 2)
    }

    /// A runner asked to spin up is busy that long before the run's first reading: the
    /// floor and the first point meet a core that has been working, not idling.
    #[test]
    fn a_run_starts_after_its_spin_up() {
        let clock = crate::harness::StdClock::new();
        let cfg = Config::for_resolution(crate::harness::detect_resolution(&clock));
        let runner = Runner::new(&clock, cfg, 1).with_spin_up(300_000_000.0);
        let t0 = clock.now_ns();
        runner.plan(spec("queue-ops", &[10])).expect("a valid spec");
        let spent = clock.now_ns() - t0;
        assert!(spent >= 300_000_000.0, "{spent} ns");
    }

    /// A runner with machine checks times one when the run starts and one after each size
    /// of each pass; its report carries them in that order. Without, a report has none.
    #[test]
    fn a_report_carries_a_machine_check_per_size_and_pass() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock).with_machine_checks();
        let report = runner
            .run_all(spec("queue-ops", &[10, 100, 1000]), |_, _| {})
            .expect("a valid spec");
        assert_eq!(
            report.machine_ns.len(),
            1 + 2 * 3,
            "{:?}",
            report.machine_ns
        );
        assert!(
            report
                .machine_ns
                .iter()
                // Sized for CHECK_NS; a core that sped up since (this host's two run a loop
                // 1.9x apart) reads less, never a few percent of it.
                .all(|&ns| ns >= crate::harness::machine::CHECK_NS * 0.2),
            "{:?}",
            report.machine_ns
        );
        // The next run times the same work, so the two runs' checks compare.
        let sized = runner.machine_check();
        assert!(sized.is_some());
        let again = runner
            .run_all(spec("queue-ops", &[10]), |_, _| {})
            .expect("a valid spec");
        assert_eq!(again.machine_ns.len(), 3);
        assert_eq!(runner.machine_check(), sized);
        let without = quick_runner(&clock)
            .run_all(spec("queue-ops", &[10]), |_, _| {})
            .expect("a valid spec");
        assert!(without.machine_ns.is_empty());
    }

    #[test]
    fn every_widget_runs_end_to_end_on_small_sizes() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        for suite in crate::topics::all_suites() {
            let sizes: &[u64] = if suite.id() == "parallel-cpu" {
                &[1, 2]
            } else if suite.id() == "memo-fib" {
                &[0, 1, 10, 20]
            } else {
                &[0, 1, 100, 1000]
            };
            let mut s = spec(suite.id(), sizes);
            s.params.insert("work".into(), 20_000.0);
            s.params.insert("items".into(), 20_000.0);
            let mut calls = Vec::new();
            let report = runner
                .run_all(s, |done, total| calls.push((done, total)))
                .unwrap_or_else(|e| panic!("{}: {e}", suite.id()));
            // Progress after each size of both passes, and of each size given a third pass;
            // the count never goes back and ends at the total.
            let (fewest, most) = (2 * sizes.len(), 3 * sizes.len());
            assert!((fewest..=most).contains(&calls.len()), "{}", suite.id());
            assert!(calls.windows(2).all(|w| w[0].0 < w[1].0), "{calls:?}");
            assert!(calls.last().is_some_and(|(d, t)| d == t), "{calls:?}");
            assert_eq!(
                report.points.len(),
                sizes.len() * suite.variants().len(),
                "{}",
                suite.id()
            );
            for p in &report.points {
                let m = p
                    .measurement()
                    .unwrap_or_else(|| panic!("{} {} n={} skipped", suite.id(), p.variant, p.n));
                assert!(m.summary.samples >= 1);
                assert!(
                    m.summary.min_ns <= m.summary.median_ns
                        && m.summary.median_ns <= m.summary.max_ns
                );
            }
        }
    }

    #[test]
    fn every_timed_point_is_measured_twice_and_keeps_the_faster_pass() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let mut s = spec("parallel-cpu", &[1, 2]);
        s.params.insert("work".into(), 20_000.0);
        let report = runner.run_all(s, |_, _| {}).expect("runs");
        for p in &report.points {
            let m = p.measurement().expect("a measured point");
            let other = m.other_pass_ns.expect("a second pass");
            assert!(m.passes == 2 || m.passes == 3, "{m:?}");
            assert!(
                m.summary.median_ns <= other,
                "{} reported, {other} the other pass",
                m.summary.median_ns
            );
        }
        // Single-call timing shows the clock's steps, not a speed: one pass.
        let report = runner
            .run_all(spec("timer-resolution", &[1, 10]), |_, _| {})
            .expect("runs");
        for p in &report.points {
            let m = p.measurement().expect("a measured point");
            let single = p.variant == "single";
            assert_eq!(m.other_pass_ns.is_none(), single, "{} n={}", p.variant, p.n);
        }
    }

    /// Multiplies the median of every measured point of `plan` at `n` by `factor`: a pass
    /// that met a disturbed machine, made to order.
    fn disturb(plan: &mut Plan, n: u64, factor: f64) {
        for p in plan.points.iter_mut().filter(|p| p.n == n) {
            if let Outcome::Measured(m) = &mut p.outcome {
                m.summary.median_ns *= factor;
            }
        }
    }

    fn measurements(plan: &Plan, n: u64) -> Vec<crate::harness::Measurement> {
        plan.points
            .iter()
            .filter(|p| p.n == n)
            .filter_map(|p| p.measurement().cloned())
            .collect()
    }

    /// A size whose first pass met a disturbed machine (its medians made 10x slow) has
    /// passes that disagree: the third pass measures it again, and the row keeps the fastest
    /// of three, with the next-fastest (the undisturbed pass) beside it. A size whose passes
    /// agree gets no third pass.
    #[test]
    fn points_whose_passes_disagree_get_a_third_and_keep_the_fastest() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let mut plan = runner.plan(spec("queue-ops", &[100, 1000])).expect("plans");
        let variants = plan.points_per_size();
        runner.run_size(&mut plan, 0).expect("runs");
        runner.run_size(&mut plan, 1).expect("runs");
        disturb(&mut plan, 100, 10.0);
        let disturbed: Vec<f64> = measurements(&plan, 100)
            .iter()
            .map(|m| m.summary.median_ns)
            .collect();
        runner.second_pass(&mut plan, 0).expect("runs");
        for (m, slow) in measurements(&plan, 100).iter().zip(&disturbed) {
            assert_eq!(m.passes, 2);
            assert_eq!(
                m.other_pass_ns,
                Some(*slow),
                "the disturbed pass is the other"
            );
            assert!(m.passes_disagree(), "{m:?}");
        }
        assert_eq!(plan.disputed(0), variants);
        // Size 1's passes are both undisturbed: it is disputed only if this host's noise
        // moved one pass by more than the readouts' noise, and then for the same reason.
        runner.second_pass(&mut plan, 1).expect("runs");
        let agree = measurements(&plan, 1000)
            .iter()
            .filter(|m| !m.passes_disagree())
            .count();
        assert_eq!(plan.disputed(1), variants - agree);

        runner.third_pass(&mut plan, 0).expect("runs");
        for (m, slow) in measurements(&plan, 100).iter().zip(&disturbed) {
            assert_eq!(m.passes, 3);
            let next = m.other_pass_ns.expect("a next-fastest pass");
            assert!(m.summary.median_ns <= next && next < *slow, "{m:?}");
        }
        assert_eq!(plan.disputed(0), 0, "a point gets one third pass at most");
        assert!(plan.third_pass_ns > 0.0);
    }

    /// The third passes stop once they have taken as long as the whole second pass did.
    #[test]
    fn third_passes_take_no_longer_than_the_second_pass() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let mut plan = runner.plan(spec("queue-ops", &[100])).expect("plans");
        runner.run_size(&mut plan, 0).expect("runs");
        disturb(&mut plan, 100, 10.0);
        runner.second_pass(&mut plan, 0).expect("runs");
        assert!(plan.disputed(0) > 0);
        plan.third_pass_ns = plan.second_pass_ns;
        assert_eq!(plan.disputed(0), 0);
        runner.third_pass(&mut plan, 0).expect("runs");
        assert!(measurements(&plan, 100).iter().all(|m| m.passes == 2));
    }

    #[test]
    fn unknown_widget_and_empty_sizes_are_typed_errors() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        assert!(matches!(
            runner.plan(spec("nope", &[1])),
            Err(RunError::UnknownWidget(_))
        ));
        assert!(matches!(
            runner.plan(spec("queue-ops", &[])),
            Err(RunError::InvalidSpec(_))
        ));
        let mut s = spec("counting", &[10]);
        s.params.insert("k".into(), f64::NAN);
        assert!(matches!(runner.plan(s), Err(RunError::InvalidSpec(_))));
    }

    #[test]
    fn sizes_too_big_for_memory_are_refused_before_running() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let err = runner.plan(spec("search", &[1000, 1_000_000_000])).err();
        assert!(
            matches!(
                err,
                Some(RunError::TooLarge {
                    n: 1_000_000_000,
                    ..
                })
            ),
            "{err:?}"
        );
    }

    #[test]
    fn injected_panic_panics_inside_the_kernel() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let mut s = spec("sum-loop-vs-formula", &[10]);
        s.fault = Some(Fault::Panic);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            runner.run_all(s, |_, _| {})
        }));
        assert!(result.is_err(), "fault=panic must panic");
    }

    #[test]
    fn priming_settles_when_no_variant_got_faster() {
        let check = |previous: &[f64], now: &[f64], expected: bool| {
            assert_eq!(
                prime_settled(previous, now),
                expected,
                "{previous:?} -> {now:?}"
            );
        };
        check(&[], &[10.0, 20.0], false);
        check(&[10.0, 20.0], &[10.0, 20.0], true);
        // 4% faster is noise; 10% faster is the optimized code arriving.
        check(&[10.0, 20.0], &[9.6, 21.0], true);
        check(&[10.0, 20.0], &[10.0, 18.0], false);
        check(&[10.0], &[10.0, 20.0], false);
    }

    #[test]
    fn priming_calls_only_variants_never_measured() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let mut plan = runner.plan(spec("queue-ops", &[10, 20])).expect("valid");
        assert_eq!(runner.cold_variants(&plan), 2);
        assert_eq!(runner.prime(&plan, 0).len(), 2);
        runner.run_size(&mut plan, 0).expect("runs");
        assert_eq!(runner.cold_variants(&plan), 0);
        assert!(
            runner.prime(&plan, 1).is_empty(),
            "measured variants are not primed"
        );
    }

    #[test]
    fn slow_variant_is_skipped_by_prediction() {
        let power = Growth {
            exponential: false,
            by_parity: false,
            budget_ns: crate::kernels::MAX_CALL_NS,
        };
        let mut history = vec![(1000.0, 1e6), (2000.0, 4e6)]; // quadratic, 4 ms at n=2000
        assert!(
            skip_reason(Some(&history), 4000, power).is_none(),
            "16 ms is fine"
        );
        let reason = skip_reason(Some(&history), 40_000, power).expect("1.6 s predicted");
        assert!(reason.contains("n^2.0"), "{reason}");
        history.push((3000.0, 2e9));
        assert!(
            skip_reason(Some(&history), 3001, power).is_some(),
            "over the limit already"
        );
    }

    #[test]
    fn exponential_variants_are_predicted_exponentially() {
        let growth = Growth {
            exponential: true,
            by_parity: false,
            budget_ns: 60e6,
        };
        // Doubling per step: 1 ms at n=20, 32 ms at n=25, so n=30 would take about 1 s.
        let history = vec![(20.0, 1e6), (25.0, 32e6)];
        let reason = skip_reason(Some(&history), 30, growth).expect("over 60 ms");
        assert!(reason.contains("×2.00 per step"), "{reason}");
        assert!(reason.contains("60 ms limit"), "{reason}");
        assert!(skip_reason(Some(&history), 25, growth).is_none());
        // A power law from the same two points would have let n=30 run (about 80 ms
        // at n^4 is clamped to n^3: 55 ms).
        let power = Growth {
            exponential: false,
            by_parity: false,
            budget_ns: 60e6,
        };
        assert!(skip_reason(Some(&history), 30, power).is_none());
    }

    #[test]
    fn a_skip_is_restated_from_the_figures_the_report_shows() {
        use crate::protocol::fixtures::measured;
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let growth = Growth {
            exponential: true,
            by_parity: true,
            budget_ns: 60e6,
        };
        let skipped = |reason: &str| Point {
            variant: "naive".into(),
            n: 40,
            ops_per_call: 1,
            outcome: Outcome::Skipped {
                reason: reason.into(),
            },
            memory: None,
        };
        // During the sweep the first pass had n = 30 at 1.60 ms; the second pass then
        // measured it at 1.48 ms.
        let decided = skip_reason(
            Some(&vec![(25.0, 190e3), (30.0, 1.60e6), (35.0, 23.3e6)]),
            40,
            growth,
        )
        .expect("over the limit");
        let final_figures = vec![(25.0, 190e3), (30.0, 1.48e6), (35.0, 23.3e6)];
        let restated = skip_reason(Some(&final_figures), 40, growth).expect("over the limit");
        assert_ne!(decided, restated);
        let mut plan = runner
            .plan(spec("memo-fib", &[25, 30, 35, 40]))
            .expect("a plan");
        plan.points = final_figures
            .iter()
            .map(|&(n, t)| measured("naive", n as u64, 1, t, t, t))
            .chain([
                skipped(&decided),
                measured("memo", 40, 1, 1790.0, 1790.0, 1800.0),
                measured("iterative", 40, 1, 500.0, 500.0, 500.0),
            ])
            .collect();
        let report = runner.finish(plan, 1.0);
        assert_eq!(
            report.points[3].outcome,
            Outcome::Skipped {
                reason: restated.clone()
            }
        );
        // The readout quotes the same estimate: "about 181 ms".
        let estimate = restated
            .split(" (")
            .next()
            .and_then(|r| r.split("about ").nth(1))
            .expect("an estimate");
        let sentence = crate::topics::sentence(&report, &Params::new());
        assert!(
            sentence.contains(&format!("would take about {estimate}")),
            "{estimate}: {sentence}"
        );

        // A reason the final figures no longer support stays as the run decided it.
        let mut plan = runner
            .plan(spec("memo-fib", &[25, 30, 35, 40]))
            .expect("a plan");
        plan.points = vec![
            measured("naive", 25, 1, 19e6, 19e6, 19e6),
            measured("naive", 30, 1, 20e6, 20e6, 20e6),
            measured("naive", 35, 1, 21e6, 21e6, 21e6),
            skipped("skipped: as decided"),
        ];
        let report = runner.finish(plan, 1.0);
        assert_eq!(
            report.points[3].outcome,
            Outcome::Skipped {
                reason: "skipped: as decided".into()
            }
        );
    }

    #[test]
    fn memo_fib_sweep_skips_naive_recursion_and_keeps_the_others() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let report = runner
            .run_all(
                spec("memo-fib", &[5, 10, 15, 20, 25, 30, 60, 90]),
                |_, _| {},
            )
            .expect("runs");
        let naive_at_90 = report
            .points
            .iter()
            .find(|p| p.variant == "naive" && p.n == 90)
            .expect("point");
        assert!(
            matches!(&naive_at_90.outcome, Outcome::Skipped { reason } if reason.contains("per step of n")),
            "{:?}",
            naive_at_90.outcome
        );
        for v in ["memo", "iterative"] {
            assert!(report
                .points
                .iter()
                .any(|p| p.variant == v && p.n == 90 && p.measurement().is_some()));
        }
    }

    #[test]
    fn a_fingerprinted_kernel_is_checked_in_full_untimed() {
        // compare-implementations times only a fingerprint; the agreement check must see
        // the full digest of every element.
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let report = runner
            .run_all(spec("compare-implementations", &[1000]), |_, _| {})
            .expect("the four implementations agree");
        let expected = crate::topics::optimizing::compare_implementations::digest(
            &crate::topics::optimizing::compare_implementations::squares_push(
                &crate::topics::optimizing::compare_implementations::values(1000),
            ),
        );
        for p in &report.points {
            let m = p.measurement().expect("measured");
            assert_eq!(m.checksum, expected, "{}", p.variant);
        }
    }

    #[test]
    fn disagreement_is_reported_with_details() {
        let clock = StdClock::new();
        let runner = quick_runner(&clock);
        let mut plan = runner.plan(spec("queue-ops", &[10])).expect("valid");
        let fake = |v: &str, c: u64| Point {
            variant: v.into(),
            n: 10,
            ops_per_call: 1,
            memory: None,
            outcome: Outcome::Measured(crate::harness::Measurement::timed_outside(
                crate::stats::Summary {
                    samples: 1,
                    min_ns: 1.0,
                    median_ns: 1.0,
                    max_ns: 1.0,
                    mad_ns: 0.0,
                },
                1,
                c,
                1.0,
                1.0,
            )),
        };
        let pts = [fake("vec-remove-front", 1), fake("vecdeque-pop-front", 2)];
        let err = runner.check_agreement(&mut plan, 10, &pts).err();
        match err {
            Some(RunError::Mismatch { n: 10, details }) => {
                assert!(details.contains("vecdeque-pop-front = 0x2"), "{details}")
            }
            other => panic!("expected a mismatch, got {other:?}"),
        }
    }
}
