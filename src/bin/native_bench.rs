//! Native side of `script/bench`: every widget's kernels at the widget's default largest
//! n (except the runs that wait on the browser, see `async_runs`), measured by the same harness and runtime the browser worker uses, with
//! `std::time::Instant` as the clock and real OS threads for rayon.
//!
//! Prints one JSON object per line: {"widget", "variant", "n", "median_ns"} (per op).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use benchbook::harness::{detect_resolution, Config, StdClock};
    use benchbook::runtime::Runner;

    let clock = StdClock::new();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runner = Runner::new(
        &clock,
        Config::for_resolution(detect_resolution(&clock)),
        threads,
    )
    // As in the workers, so the two tables are measured the same way.
    .with_spin_up(benchbook::harness::SPIN_UP_NS)
    .with_machine_checks();
    for widget in benchbook::topics::widgets() {
        // A widget without kernels of its own (the resource monitor watches another
        // widget's run) has nothing to time.
        if benchbook::topics::info(widget.id).is_none() {
            continue;
        }
        let mut spec = widget.run_spec(1, &widget.defaults(threads as u32), threads as u32);
        // Runs that wait on the browser (timers, another worker, the UI thread) measure the
        // browser itself: there is nothing native to compare them with.
        if benchbook::topics::waits(widget.id) {
            continue;
        }
        // The largest size only (a speedup chart: every thread count, so speedup is visible).
        if widget.chart != benchbook::catalog::ChartKind::Speedup {
            spec.sizes = spec.sizes.last().copied().into_iter().collect();
        }
        match runner.run_all(spec, |_, _| {}) {
            Ok(report) => {
                for p in &report.points {
                    if let Some(median) = p.median_per_op_ns() {
                        println!(
                            "{{\"widget\":\"{}\",\"variant\":\"{}\",\"n\":{},\"median_ns\":{}}}",
                            widget.id, p.variant, p.n, median
                        );
                    }
                }
            }
            Err(e) => eprintln!("{}: {e}", widget.id),
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
