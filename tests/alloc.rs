//! The counting allocator counts known allocations exactly. Its own test binary, without
//! libtest's harness (`harness = false` in Cargo.toml), so it can be the global allocator
//! with nothing else allocating concurrently: libtest's main thread allocates while a test
//! runs on its own thread, and a fresh-clone CI run once counted 3 allocations for 1.

use benchbook::alloc::{measure_memory, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

fn main() {
    counts_known_allocations_exactly();
    println!("test counts_known_allocations_exactly ... ok");
    a_run_leaves_the_heap_as_it_found_it();
    println!("test a_run_leaves_the_heap_as_it_found_it ... ok");
}

// One test function, on the main thread: counters are global.
fn counts_known_allocations_exactly() {
    // One Vec with capacity 1000 u64: one allocation of 8000 bytes, freed at the end.
    let (_, m) = measure_memory(&ALLOC, || {
        let v: Vec<u64> = Vec::with_capacity(1000);
        v.capacity()
    });
    assert_eq!(m.allocations, 1, "with_capacity allocates once");
    assert_eq!(m.allocated_bytes, 8000);
    assert_eq!(m.peak_bytes, 8000);

    // Nothing allocated: nothing counted.
    let (_, m) = measure_memory(&ALLOC, || 2 + 2);
    assert_eq!(m, Default::default());

    // Two live buffers at once, then one: the peak is their sum.
    let (_, m) = measure_memory(&ALLOC, || {
        let a = vec![0u8; 4096];
        let b = vec![1u8; 1024];
        drop(a);
        #[allow(clippy::useless_vec)] // the point is a heap allocation to count
        let c = vec![2u8; 100];
        b.len() + c.len()
    });
    assert_eq!(m.allocations, 3);
    assert_eq!(m.allocated_bytes, 4096 + 1024 + 100);
    assert_eq!(m.peak_bytes, 4096 + 1024, "peak is the most held at once");

    // Growing by push reallocates: more calls and more bytes than with_capacity.
    let (_, grown) = measure_memory(&ALLOC, || (0..1000u64).collect::<Vec<_>>().len());
    let (_, pushed) = measure_memory(&ALLOC, || {
        let mut v = Vec::new();
        for i in 0..1000u64 {
            v.push(i);
        }
        v.len()
    });
    assert_eq!(
        grown.allocations, 1,
        "collect from an exact-size iterator allocates once"
    );
    assert!(pushed.allocations > 5, "push grows by doubling: {pushed:?}");
    assert!(pushed.allocated_bytes > 8000);

    // Allocations on other threads count too (rayon pool threads in the worker). A joined
    // thread, not a scoped one: `thread::scope` returns once the closure is done, while the
    // thread may still be running its exit (thread-local destructors) and would then be
    // counted in the next measurement; `join` waits for the whole exit.
    let (_, m) = measure_memory(&ALLOC, || {
        std::thread::spawn(|| std::hint::black_box(vec![0u8; 10_000]).len())
            .join()
            .expect("the thread ran")
    });
    assert!(m.allocated_bytes >= 10_000, "{m:?}");

    // Growing and shrinking across alloc::ALIGNED_FROM (where blocks start on a cache
    // line) keeps the bytes, and counts one allocation per resize.
    let (sum, m) = measure_memory(&ALLOC, || {
        let mut v: Vec<u8> = Vec::with_capacity(10);
        v.extend(1..=10u8);
        v.reserve_exact(390); // 10 -> 400 bytes
        assert_eq!(v.as_ptr() as usize % benchbook::alloc::BLOCK_ALIGN, 0);
        v.extend((11..=400u32).map(|i| i as u8));
        v.truncate(20);
        v.shrink_to_fit(); // 400 -> 20 bytes
        v.iter().map(|&b| u64::from(b)).sum::<u64>()
    });
    assert_eq!(sum, 210, "the first 20 bytes survived both moves");
    assert_eq!(m.allocations, 3, "{m:?}");
    assert_eq!(m.allocated_bytes, 10 + 400 + 20);

    // bytes-per-element: what each container costs, through the widget's own probe.
    let clock = benchbook::harness::StdClock::new();
    let input = benchbook::topics::suite("bytes-per-element")
        .expect("suite")
        .prepare(benchbook::kernels::Setup {
            n: 1000,
            params: &Default::default(),
            threads: 1,
            clock: &clock,
        });
    let per_element: Vec<(u64, u64)> = (0..5)
        .map(|i| {
            let mut probe = input.memory_probe(i).expect("probe");
            let (_, m) = measure_memory(&ALLOC, || probe.call());
            (m.peak_bytes / 1000, m.allocations)
        })
        .collect();
    // Box<i64>: an 8-byte pointer in the Vec plus an 8-byte box, and one allocation each.
    assert_eq!(per_element[0], (16, 1001));
    // The same boxes in shuffled order: the same bytes and allocations.
    assert_eq!(per_element[1], (16, 1001));
    assert_eq!(per_element[2], (8, 1));
    assert_eq!(per_element[3], (4, 1));
    assert_eq!(per_element[4], (2, 1));
}

/// A run frees everything it allocates, the first run included: the runner keeps nothing
/// it allocated during a run, so every run starts from the heap the one before it found.
/// (A record of warmed variants that grew during the first run kept a block among that
/// run's freed memory; the allocator then served later runs' small blocks from around it,
/// and `compare-implementations`' `filter-map` at n = 10 took 4.95 ns per value in the
/// first Run and 6.0 in the later ones, docs/first-runs.md.)
fn a_run_leaves_the_heap_as_it_found_it() {
    use benchbook::harness::{detect_resolution, Config, StdClock};
    use benchbook::runtime::Runner;
    // The pool exists before any run, as in the threaded worker (it starts before Ready).
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build_global()
        .expect("the global pool");
    // Its threads start on their own time and allocate their queues as they do (2,304
    // bytes for two): a job on each makes sure they have before the first reading.
    rayon::broadcast(|_| ());
    let clock: &'static StdClock = Box::leak(Box::new(StdClock::new()));
    let mut cfg = Config::for_resolution(detect_resolution(clock));
    cfg.min_sample_ns = 200_000.0;
    cfg.budget_ns = 3_000_000.0;
    let runner = Runner::new(clock, cfg, 2).with_allocator(&ALLOC);
    let mut checked = 0;
    // Every widget that measures kernels, twice over (first runs, then later ones), at its
    // two smallest default sizes.
    for round in 0..2 {
        for widget in benchbook::topics::monitorable() {
            let before = ALLOC.stats().live_bytes;
            let mut spec = widget.run_spec(1, &widget.defaults(2), 2);
            spec.sizes.truncate(2);
            let report = runner.run_all(spec, |_, _| {});
            let ran = report.is_ok();
            drop(report);
            let after = ALLOC.stats().live_bytes;
            assert!(ran, "{} ran", widget.id);
            assert_eq!(
                after,
                before,
                "{}, run {}: the runner kept {} bytes allocated during the run",
                widget.id,
                round + 1,
                after as i64 - before as i64
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} runs checked");
}
