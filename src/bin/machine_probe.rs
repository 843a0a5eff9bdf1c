//! Which loop follows the kernels when a shared host changes speed? (issue 14,
//! docs/first-runs.md, twentieth session). Natively, for `seconds` (default 30), every
//! quarter second: the machine check's chunk (`harness::machine::chunk`, independent
//! multiply-add chains), the check it replaced (one chain of `black_box`ed additions,
//! each waiting on the one before), and three `elementwise-add` kernels, each timed as the
//! median of five readings. Prints each loop's spread over the rounds and how closely each
//! kernel's series follows each check's (Pearson's r); `--rounds` prints every round too.
//!
//! `cargo run --release --bin machine_probe -- 60 --rounds`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use benchbook::harness::machine::chunk;
    use benchbook::topics::vectorization::elementwise_add::{
        add_indexed, add_inputs, add_scalar, add_zipped,
    };
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    /// The machine check until the twentieth session: 4,096 additions in one chain.
    #[inline(never)]
    fn additions(seed: u64) -> u64 {
        let mut x = seed;
        for i in 0..4096 {
            x = black_box(x.wrapping_add(i));
        }
        x
    }
    /// Median of five readings of `reps` calls, ns per call.
    fn time(reps: u32, mut f: impl FnMut()) -> f64 {
        let readings: Vec<f64> = (0..5)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..reps {
                    f();
                }
                start.elapsed().as_nanos() as f64 / f64::from(reps)
            })
            .collect();
        benchbook::stats::summarize(&readings).map_or(f64::NAN, |s| s.median_ns)
    }
    fn mean(xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
    fn cv(xs: &[f64]) -> f64 {
        let m = mean(xs);
        (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64).sqrt() / m
    }
    fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
        let (mx, my) = (mean(xs), mean(ys));
        let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        let var = |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>();
        cov / (var(xs, mx) * var(ys, my)).sqrt()
    }

    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(30);
    let every_round = args.iter().any(|a| a == "--rounds");
    let (a_small, b_small) = add_inputs(10_000);
    let (a_big, b_big) = add_inputs(100_000);
    let mut c_small = vec![0.0f32; 10_000];
    let mut c_big = vec![0.0f32; 100_000];
    let names = [
        "check: multiply-add chains (ns per call)",
        "former check: additions (ns per call)",
        "scalar n=10000 (ns per element)",
        "zipped n=10000 (ns per element)",
        "indexed n=100000 (ns per element)",
    ];
    let mut series: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let start = Instant::now();
    while start.elapsed().as_secs() < seconds {
        let round = [
            time(100, || {
                black_box(chunk(black_box(3)));
            }),
            time(100, || {
                black_box(additions(black_box(3)));
            }),
            time(50, || {
                add_scalar(black_box(&a_small), &b_small, &mut c_small)
            }) / 1e4,
            time(200, || {
                add_zipped(black_box(&a_small), &b_small, &mut c_small)
            }) / 1e4,
            time(20, || add_indexed(black_box(&a_big), &b_big, &mut c_big)) / 1e5,
        ];
        if every_round {
            let cells: Vec<String> = round.iter().map(|x| format!("{x:.4}")).collect();
            println!(
                "{:6.2} s  {}",
                start.elapsed().as_secs_f64(),
                cells.join("  ")
            );
        }
        for (s, x) in series.iter_mut().zip(round) {
            s.push(x);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    println!("{} rounds over {seconds} s", series[0].len());
    for (name, s) in names.iter().zip(&series) {
        let (lo, hi) = s
            .iter()
            .fold((f64::MAX, 0.0f64), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
        println!(
            "{name:42} CV {:5.1}%  slowest/fastest {:.2}x",
            100.0 * cv(s),
            hi / lo
        );
    }
    for (name, s) in names.iter().zip(&series).skip(2) {
        println!(
            "{name:42} follows the check r = {:+.2}, the former check r = {:+.2}",
            pearson(s, &series[0]),
            pearson(s, &series[1])
        );
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
