//! What the resource monitor reports about a run, from the worker's memory readings
//! (pure).

use crate::format::{bytes, count, duration_ns};
use crate::protocol::ResourceSample;

/// Bytes in one WebAssembly memory page.
pub const WASM_PAGE: u64 = 65_536;

/// A run's resource use, from its first and last readings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Time from the first to the last reading, ms.
    pub elapsed_ms: f64,
    /// Linear memory at the start and at the end, bytes.
    pub wasm: (u64, u64),
    /// Allocator live bytes at the start and at the end.
    pub live: (u64, u64),
    /// Most bytes live at once during the run.
    pub peak: u64,
    /// Allocation calls during the run.
    pub allocations: u64,
}

impl Summary {
    /// Pages the linear memory grew by.
    pub fn grown_pages(&self) -> u64 {
        self.wasm.1.saturating_sub(self.wasm.0) / WASM_PAGE
    }
}

/// The summary of a run's readings, in time order.
pub fn summarize(samples: &[ResourceSample]) -> Option<Summary> {
    let (first, last) = (samples.first()?, samples.last()?);
    Some(Summary {
        elapsed_ms: last.t_ms - first.t_ms,
        wasm: (first.wasm_bytes, last.wasm_bytes),
        live: (first.live_bytes, last.live_bytes),
        peak: samples.iter().map(|s| s.peak_bytes).max().unwrap_or(0),
        allocations: last.allocations.saturating_sub(first.allocations),
    })
}

/// The monitor's sentence: what the run used, and what the figures mean.
pub fn sentence(workload: &str, s: &Summary, js_heap: Option<(u64, u64)>) -> String {
    let mut out = format!(
        "The run of \u{201c}{workload}\u{201d} took {}. The worker's WebAssembly memory went from {} to {}",
        duration_ns(s.elapsed_ms * 1e6),
        bytes(s.wasm.0),
        bytes(s.wasm.1)
    );
    out += &if s.grown_pages() > 0 {
        format!(
            " (+{} pages of 64 KiB; it never shrinks, so a second run of the same size reuses it)",
            count(s.grown_pages())
        )
    } else {
        " (no growth: what the run needed fitted in memory the worker already had)".to_owned()
    };
    out += &format!(
        ". The allocator held at most {} at once, {} at the end, and served {} allocations.",
        bytes(s.peak),
        bytes(s.live.1),
        count(s.allocations)
    );
    if let Some((before, after)) = js_heap {
        out += &format!(
            " The UI thread's JS heap went from {} to {}.",
            bytes(before),
            bytes(after)
        );
    }
    out
}

/// The readings as a table (markup, every value escaped): one row per reading with the
/// DOM contract's `data-sample`, `data-wasm-bytes`, `data-live-bytes`, `data-peak-bytes`.
pub fn table(samples: &[ResourceSample]) -> String {
    let mut m = crate::html::Markup::new();
    m.table(
        &[("data-results", "resources")],
        "The worker's readings: at the start of the run and after each size of the sweep.",
        &[
            "Time",
            "WebAssembly memory",
            "Allocator live",
            "Allocator peak",
            "Allocations so far",
        ],
        |m| {
            for s in samples {
                m.row(
                    &[
                        ("data-sample", "true"),
                        ("data-wasm-bytes", &s.wasm_bytes.to_string()),
                        ("data-live-bytes", &s.live_bytes.to_string()),
                        ("data-peak-bytes", &s.peak_bytes.to_string()),
                    ],
                    &duration_ns(s.t_ms * 1e6),
                    &[
                        &format!(
                            "{} ({} pages)",
                            bytes(s.wasm_bytes),
                            count(s.wasm_bytes / WASM_PAGE)
                        ),
                        &bytes(s.live_bytes),
                        &bytes(s.peak_bytes),
                        &count(s.allocations),
                    ],
                );
            }
        },
    );
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t_ms: f64, wasm: u64, live: u64, peak: u64, allocations: u64) -> ResourceSample {
        ResourceSample {
            t_ms,
            wasm_bytes: wasm,
            live_bytes: live,
            peak_bytes: peak,
            allocations,
        }
    }

    #[test]
    fn a_run_is_summarized_from_its_readings() {
        let samples = [
            at(0.0, 2 * WASM_PAGE, 1000, 1000, 10),
            at(50.0, 18 * WASM_PAGE, 900_000, 1_000_000, 40),
            at(120.0, 18 * WASM_PAGE, 1200, 1_000_000, 60),
        ];
        let s = summarize(&samples).expect("summary");
        assert_eq!(s.elapsed_ms, 120.0);
        assert_eq!(s.grown_pages(), 16);
        assert_eq!(s.peak, 1_000_000);
        assert_eq!(s.allocations, 50);
        let text = sentence("Search", &s, Some((1 << 20, 2 << 20)));
        assert!(text.contains("+16 pages of 64 KiB"), "{text}");
        assert!(text.contains("served 50 allocations"), "{text}");
        assert!(
            text.contains("JS heap went from 1.00 MiB to 2.00 MiB"),
            "{text}"
        );
        let flat = summarize(&samples[2..]).expect("summary");
        assert!(sentence("x", &flat, None).contains("no growth"));
        assert!(summarize(&[]).is_none());
    }

    #[test]
    fn the_readings_table_has_a_row_per_reading() {
        let html = table(&[ResourceSample {
            t_ms: 50.0,
            wasm_bytes: 85 * WASM_PAGE,
            live_bytes: 4_200_000,
            peak_bytes: 4_210_000,
            allocations: 1_234,
        }]);
        assert!(html.starts_with("<table class=\"results\" data-results=\"resources\"><caption>The worker's readings"), "{html}");
        assert!(
            html.contains("<tr data-sample=\"true\" data-wasm-bytes=\"5570560\" data-live-bytes=\"4200000\" data-peak-bytes=\"4210000\"><th scope=\"row\">50.0 ms</th><td>5.31 MiB (85 pages)</td><td>4.01 MiB</td><td>4.01 MiB</td><td>1,234</td></tr>"),
            "{html}"
        );
    }
}
