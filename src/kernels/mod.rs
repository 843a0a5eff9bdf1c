//! Pure benchmark kernels, one file per topic. No Leptos, no web-sys, no clocks.
//!
//! Each widget of the course has one [`Suite`]: a set of variants that do the same work
//! in different ways, plus the code that builds their inputs. The runtime builds inputs
//! with [`Suite::prepare`] (untimed), then hands each variant's closure to the harness.
//!
//! Every variant's source sits between `// region: <id>` and `// endregion` comments in
//! its topic file; [`source_of`] cuts that text out of the same file the compiler built,
//! so the code a reader sees is the code that ran.

use crate::harness::{BatchMode, Kernel};

pub mod latency;
pub mod rng;

pub use crate::protocol::Params;

/// A variant predicted to take longer than this per call at the next size is skipped, ns
/// (a suite may ask for less: [`Suite::call_budget_ns`]).
pub const MAX_CALL_NS: f64 = 1.0e9;

/// Params from (name, value) pairs; a later pair with the same name wins, as with
/// `collect`. Inserting one by one keeps `BTreeMap::from_iter`'s sort (one compiled copy
/// per call site) out of the UI bundle.
pub fn params_from(pairs: impl Iterator<Item = (String, f64)>) -> Params {
    let mut params = Params::new();
    for (name, value) in pairs {
        params.insert(name, value);
    }
    params
}

/// Reads parameter `name`, or `default` when it is absent or not finite.
pub fn param(params: &Params, name: &str, default: f64) -> f64 {
    params
        .get(name)
        .copied()
        .filter(|v| v.is_finite())
        .unwrap_or(default)
}

/// One way of doing a suite's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Stable id, used in the DOM (`data-variant`), the URL and the source regions.
    pub id: &'static str,
    /// What a reader sees in legends and tables.
    pub label: &'static str,
    /// Variants in the same group must return the same checksum for the same input.
    pub group: &'static str,
    /// How the harness batches calls of this variant.
    pub mode: BatchMode,
}

impl Variant {
    /// A calibrated variant: the common case.
    pub const fn new(id: &'static str, label: &'static str, group: &'static str) -> Self {
        Self {
            id,
            label,
            group,
            mode: BatchMode::Calibrated,
        }
    }
}

/// The prepared inputs of one size, able to produce each variant's kernel.
pub trait Prepared {
    /// A closure that runs variant `index` once and returns its checksum.
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_>;
    /// How many operations one call performs (e.g. lookups per call), for per-op figures.
    fn ops_per_call(&self, _index: usize) -> u64 {
        1
    }
    /// What to run under the counting allocator instead of the timed kernel, when the
    /// memory a lesson is about is not the kernel's (e.g. building the data structure
    /// whose footprint the widget shows, while the kernel only reads it).
    fn memory_probe(&self, _index: usize) -> Option<Box<dyn Kernel + '_>> {
        None
    }
    /// A full check of variant `index`'s result, run once, untimed, after measuring, for
    /// kernels whose timed calls return only a cheap fingerprint (so that checking does
    /// not add a second pass over the output to the time). The variants must agree on it
    /// as they must on a checksum.
    fn verify(&self, _index: usize) -> Option<u64> {
        None
    }
}

/// Everything the runtime needs to know about one widget's kernels.
/// What a suite builds one size's inputs from ([`Suite::prepare`]). The inputs may borrow
/// the clock (`'c`), never the slider values (`'p`).
#[derive(Clone, Copy)]
pub struct Setup<'p, 'c> {
    /// The size.
    pub n: u64,
    /// The slider values of the run.
    pub params: &'p Params,
    /// Threads in the pool (1 without one).
    pub threads: usize,
    /// The harness's clock, for kernels that read it themselves (the profiler).
    pub clock: &'c dyn crate::harness::Clock,
}

pub trait Suite: Sync {
    /// The widget id from curriculum.md.
    fn id(&self) -> &'static str;
    /// The variants, in display order.
    fn variants(&self) -> &'static [Variant];
    /// The topic file's path from the crate's root (`file!()`), which holds every
    /// variant's `// region:`. Readers fetch the text from the site (`dist/source/`); the
    /// binaries carry only the path, and native tests check the regions on disk.
    fn source_path(&self) -> &'static str;
    /// Upper bound of the bytes the inputs and working set take at size `n`.
    fn bytes_needed(&self, n: u64, params: &Params) -> u64;
    /// Builds the inputs for one size (never timed). Most suites read only `at.n`; an
    /// impl names the fields it uses in its parameter's pattern
    /// (`Setup { n, params, .. }: Setup<'_, 'c>`).
    fn prepare<'c>(&self, at: Setup<'_, 'c>) -> Box<dyn Prepared + 'c>;
    /// True when every point of a run does the same work whatever its `n` (a thread
    /// count, a chunk size), so all points must agree, not just the variants at one `n`;
    /// such runs are never skipped by growth prediction either.
    fn checksum_independent_of_n(&self) -> bool {
        false
    }
    /// True when the widget reports what each call allocates (counting allocator).
    fn measures_memory(&self) -> bool {
        false
    }
    /// False when n is not a problem size whose growth predicts time (a cache's
    /// capacity, a time-to-live): the runtime then never skips a size by prediction.
    fn predicts_growth(&self) -> bool {
        !self.checksum_independent_of_n()
    }
    /// True when variant `index`'s time grows exponentially with n (naive Fibonacci), so
    /// the runtime predicts its next size with an exponential model, not a power law.
    fn exponential(&self, _index: usize) -> bool {
        false
    }
    /// True when variant `index`'s cost per call alternates with n's parity (the compiled
    /// naive Fibonacci), so its growth is read from sizes an even number of steps apart
    /// (`stats::exponential_growth`).
    fn alternates_with_parity(&self, _index: usize) -> bool {
        false
    }
    /// Longest one call may take: a variant predicted to exceed it at the next size is
    /// skipped there, ns.
    fn call_budget_ns(&self) -> f64 {
        MAX_CALL_NS
    }
    /// Results to show besides timings, computed (untimed) at size `n`.
    fn details(
        &self,
        _n: u64,
        _params: &Params,
        _clock: &dyn crate::harness::Clock,
    ) -> Option<crate::protocol::Details> {
        None
    }
}

/// The three [`Suite`] methods every suite writes the same way: its widget's id, its
/// variants, and its source file (this macro's caller: `file!()` names the file where the
/// macro is invoked, which is where the variants' `// region:` markers are).
macro_rules! suite_facts {
    ($id:literal, $variants:expr) => {
        fn id(&self) -> &'static str {
            $id
        }
        fn variants(&self) -> &'static [$crate::kernels::Variant] {
            &$variants
        }
        fn source_path(&self) -> &'static str {
            file!()
        }
    };
}
pub(crate) use suite_facts;

/// What the UI needs to know about a widget's kernels, as plain data.
///
/// The UI must not reach the [`Suite`] trait objects: referencing them links every kernel
/// into the UI bundle. This registry holds only statics (variant lists, source paths),
/// and a test keeps it identical to the suites.
#[derive(Clone, Copy, Debug)]
pub struct SuiteInfo {
    /// The variants, in display order.
    pub variants: &'static [Variant],
    /// Where the topic file holding every variant's source region is, relative to `src/`.
    /// The build copies `src/kernels/` (and `src/worker/waits.rs`) to `dist/source/`, and the
    /// UI fetches the file from there when a reader opens "Show the code that ran": the text
    /// is not in the UI bundle, and it is the very file the worker was compiled from.
    pub source_path: &'static str,
    /// Whether runs report memory per call.
    pub measures_memory: bool,
}

/// The source of variant `id` in `file`: the lines between `// region: id` and the next
/// `// endregion`, with their common indentation removed.
pub fn source_of(file: &str, id: &str) -> Option<String> {
    region(file, id, "//")
}

/// "Show the code that ran" as markup: while the kernel source `file` loads (`None`) a
/// line saying so, an alert if it could not be loaded (`Err` with why), then each of
/// `variants`' label and Rust source (`data-source`), and its compiled WebAssembly from
/// `listings` (the listing file: `None` while it loads, `Err` with why it could not), a
/// closed `<details>` with `data-wasm-for`, or the summary alone for a variant inlined
/// into its caller. Every text escaped.
pub fn source_markup(
    variants: &[Variant],
    file: Option<Result<&str, &str>>,
    listings: Option<Result<&str, &str>>,
) -> String {
    let mut m = crate::html::Markup::new();
    let file = match file {
        None => {
            m.element("p", &[("class", "muted")], "Loading the source…");
            return m.finish();
        }
        Some(Err(e)) => {
            m.element(
                "p",
                &[("role", "alert")],
                &format!("The source could not be loaded ({e})."),
            );
            return m.finish();
        }
        Some(Ok(file)) => file,
    };
    for v in variants {
        let code = source_of(file, v.id).unwrap_or_else(|| "(source not found)".into());
        m.element("h4", &[], v.label)
            .open("pre", &[])
            .element("code", &[("data-source", v.id)], &code)
            .close("pre");
        let muted = [("class", "muted")];
        match listings {
            None => m.element("p", &muted, "Loading the compiled WebAssembly…"),
            Some(Err(e)) => m.element(
                "p",
                &muted,
                &format!("The compiled WebAssembly could not be loaded ({e})."),
            ),
            Some(Ok(listings)) => match wasm_listing_of(listings, v.id) {
                // Inlined into its caller: the summary says so, there is no body.
                Some((summary, text)) if text.trim().is_empty() => m.element(
                    "p",
                    &[("class", "muted"), ("data-wasm-for", v.id)],
                    &summary,
                ),
                Some((summary, text)) => m
                    .open("details", &[("class", "wasm")])
                    .element(
                        "summary",
                        &[],
                        &format!("The WebAssembly it compiled to: {summary}"),
                    )
                    .open("pre", &[])
                    .element("code", &[("data-wasm-for", v.id)], &text)
                    .close("pre")
                    .close("details"),
                None => m.element("p", &muted, "No compiled listing for this variant."),
            },
        };
    }
    m.finish()
}

/// The compiled WebAssembly of variant `id`, from a listing file the build writes
/// (script/wasm_listings.mjs, served at `/wasm/<source path>.wat`), and its one-line
/// summary (SIMD instructions, bounds checks, calls), without the comment marker.
pub fn wasm_listing_of(file: &str, id: &str) -> Option<(String, String)> {
    let text = region(file, id, ";;")?;
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let summary = first.trim_start_matches(";;").trim().to_owned();
    Some((summary, rest.to_owned()))
}

/// The lines of `file` between `<comment> region: id` and the next `<comment> endregion`,
/// with their common indentation removed.
fn region(file: &str, id: &str, comment: &str) -> Option<String> {
    let start_marker = format!("{comment} region: {id}");
    let end_marker = format!("{comment} endregion");
    let mut lines = file.lines().skip_while(|l| l.trim() != start_marker);
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| l.trim() != end_marker).collect();
    if body.is_empty() {
        return None;
    }
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = body
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim()
            }
        })
        .collect();
    Some(text.join("\n"))
}

/// Mixes a 64-bit value (splitmix64's finaliser): used to fold results into checksums
/// that differ when any element differs.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A checksum of `out`'s length, 32 evenly spaced elements and the last 7 elements.
pub fn sample_checksum<T: Copy + Into<f64>>(out: &[T]) -> u64 {
    let n = out.len();
    let step = (n / 32).max(1);
    let picks = (0..n).step_by(step).chain(n.saturating_sub(7)..n);
    picks.fold(n as u64, |acc, i| {
        mix64(acc ^ out[i].into().to_bits() ^ ((i as u64) << 32))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_checksum_sees_the_tail() {
        let a = vec![1.0f64; 1000];
        let mut b = a.clone();
        b[998] = 2.0;
        assert_ne!(sample_checksum(&a), sample_checksum(&b));
    }

    #[test]
    fn source_of_strips_indentation() {
        let file = "x\n    // region: a\n    fn a() {\n        1\n    }\n    // endregion\n";
        assert_eq!(source_of(file, "a").as_deref(), Some("fn a() {\n    1\n}"));
        assert_eq!(source_of(file, "b"), None);
        let listing = ";; region: a\n;; add: 3 lines, 4 SIMD (v128) instructions\n (func $add\n  (f32x4.add)\n;; endregion\n;; region: b\n;; endregion\n";
        let (summary, text) = wasm_listing_of(listing, "a").expect("region a");
        assert_eq!(summary, "add: 3 lines, 4 SIMD (v128) instructions");
        assert!(text.trim_start().starts_with("(func $add"), "{text}");
        assert!(!text.contains("region"), "{text}");
        assert_eq!(wasm_listing_of(listing, "c"), None);
    }

    #[test]
    fn the_code_that_ran_is_source_then_listing_escaped() {
        let file = "// region: a\nfn a() -> Vec<u8> { vec![] }\n// endregion\n// region: b\nfn b() {}\n// endregion\n";
        let listing = ";; region: a\n;; a: 2 lines\n (func $a\n  (i32.lt_u))\n;; endregion\n;; region: b\n;; b: inlined into its caller\n;; endregion\n";
        static VARIANTS: [Variant; 3] = [
            Variant::new("a", "A & co", "g"),
            Variant::new("b", "B", "g"),
            Variant::new("c", "C", "g"),
        ];
        let html = source_markup(&VARIANTS, Some(Ok(file)), Some(Ok(listing)));
        assert!(
            html.starts_with("<h4>A &amp; co</h4><pre><code data-source=\"a\">fn a() -&gt; Vec&lt;u8&gt; { vec![] }</code></pre><details class=\"wasm\"><summary>The WebAssembly it compiled to: a: 2 lines</summary><pre><code data-wasm-for=\"a\">"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"muted\" data-wasm-for=\"b\">b: inlined into its caller</p>"),
            "{html}"
        );
        assert!(html.contains("<code data-source=\"c\">(source not found)</code></pre><p class=\"muted\">No compiled listing for this variant.</p>"), "{html}");
        let loading = source_markup(&VARIANTS[..1], Some(Ok(file)), None);
        assert!(
            loading.ends_with("<p class=\"muted\">Loading the compiled WebAssembly…</p>"),
            "{loading}"
        );
        let failed = source_markup(&VARIANTS[..1], Some(Ok(file)), Some(Err("404")));
        assert!(
            failed.ends_with(
                "<p class=\"muted\">The compiled WebAssembly could not be loaded (404).</p>"
            ),
            "{failed}"
        );
        // Before the source: a line while it loads, an alert when it cannot be loaded.
        assert_eq!(
            source_markup(&VARIANTS, None, None),
            "<p class=\"muted\">Loading the source…</p>"
        );
        assert_eq!(
            source_markup(&VARIANTS, Some(Err("HTTP <404>")), None),
            "<p role=\"alert\">The source could not be loaded (HTTP &lt;404&gt;).</p>"
        );
    }
}
