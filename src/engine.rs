//! Which browser engine is running the course, and the plain sentences that say what it
//! lacks. Pure: the user agent and the feature checks come in as arguments, so every
//! sentence a reader can see is tested natively.

/// The three engines the course is tested in, and anything else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Browser {
    /// "Chromium 156", "Firefox 153", "Safari 60" (WebKit's own version when it is not
    /// Safari), or the raw user agent.
    pub name: String,
    /// The JavaScript and WebAssembly engine inside it.
    pub engine: Engine,
}

/// The JavaScript and WebAssembly engine of a browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Chromium, Chrome, Edge, Opera.
    V8,
    /// Firefox.
    SpiderMonkey,
    /// Safari, every browser on an iPhone, WebKitGTK's browsers.
    JavaScriptCore,
    /// Not recognised from the user agent.
    Unknown,
}

impl Engine {
    /// The engine's name as its makers write it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::V8 => "V8",
            Engine::SpiderMonkey => "SpiderMonkey",
            Engine::JavaScriptCore => "JavaScriptCore",
            Engine::Unknown => "an engine this page does not recognise",
        }
    }
}

/// Reads the browser and its engine from a user agent string.
pub fn browser(ua: &str) -> Browser {
    let version_after = |marker: &str| {
        ua.split(marker)
            .nth(1)
            .map(|rest| rest.split(['.', ' ']).next().unwrap_or("").to_owned())
    };
    let (name, engine) = if let Some(v) = version_after("Firefox/") {
        (format!("Firefox {v}"), Engine::SpiderMonkey)
    } else if let Some(v) = version_after("Edg/") {
        (format!("Edge {v}"), Engine::V8)
    } else if let Some(v) = version_after("Chrome/") {
        (format!("Chromium {v}"), Engine::V8)
    } else if let (Some(v), true) = (version_after("Version/"), ua.contains("Safari/")) {
        (format!("Safari {v}"), Engine::JavaScriptCore)
    } else if ua.contains("AppleWebKit/") {
        ("a WebKit browser".to_owned(), Engine::JavaScriptCore)
    } else {
        (ua.to_owned(), Engine::Unknown)
    };
    Browser { name, engine }
}

/// Why benchmarks run on one thread, most fundamental cause first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OneThread {
    /// The server did not send the COOP/COEP headers.
    NotIsolated,
    /// The page is isolated, but the browser offers no `SharedArrayBuffer` (WebKitGTK
    /// ships with it switched off; Safari turns it on for isolated pages).
    NoSharedMemory,
    /// The pool failed to start; the browser's own message.
    PoolFailed(String),
    /// The browser reports one logical processor.
    OneProcessor,
}

impl OneThread {
    /// A stable name for tests and styling.
    pub fn id(&self) -> &'static str {
        match self {
            OneThread::NotIsolated => "not-isolated",
            OneThread::NoSharedMemory => "no-shared-memory",
            OneThread::PoolFailed(_) => "pool-failed",
            OneThread::OneProcessor => "one-processor",
        }
    }

    /// The reason, as a clause that completes "Benchmarks run on one thread because …";
    /// `browser` names the browser and its engine where the cause is the browser's.
    pub fn because(&self, browser: &Browser) -> String {
        match self {
            OneThread::NotIsolated => "this page is not cross-origin isolated (the server did not send the COOP and COEP headers), so the browser withholds shared memory from it".to_owned(),
            OneThread::NoSharedMemory => format!("this browser ({}, engine {}) does not offer shared memory (SharedArrayBuffer) even on this cross-origin isolated page, and worker threads cannot share a WebAssembly memory without it", browser.name, browser.engine.name()),
            OneThread::PoolFailed(message) => {
                let message = message.trim().trim_end_matches('.').trim();
                if message.is_empty() {
                    format!("the thread pool did not start, and {} gave no reason", browser.name)
                } else {
                    format!("the thread pool did not start ({} said: “{message}”)", browser.name)
                }
            }
            OneThread::OneProcessor => "the browser reports a single logical processor".to_owned(),
        }
    }
}

/// The whole banner sentence after "Threads are off.".
pub fn one_thread_sentence(cause: &OneThread, browser: &Browser, clock: &str) -> String {
    format!(
        "Benchmarks run on one thread because {}. Every widget still works; parallel ones have nothing to compare, and the clock is coarser ({clock}).",
        cause.because(browser)
    )
}

/// The banner every page shows when benchmarks run on one thread (`cause`, with the
/// clock's resolution `clock`), as markup: `data-threads-off` names the cause.
pub fn one_thread_banner(cause: &OneThread, browser: &Browser, clock: &str) -> String {
    let mut m = crate::html::Markup::new();
    m.open(
        "div",
        &[
            ("class", "banner"),
            ("role", "status"),
            ("data-threads-off", cause.id()),
        ],
    )
    .element("strong", &[], "Threads are off. ")
    .text(&one_thread_sentence(cause, browser, clock))
    .close("div");
    m.finish()
}

/// What the page says while the bench worker is not ready: in the environment panel
/// (`banner` false) and on every page (`banner` true, only once it failed), as markup.
/// `failed`: why it could not start; `None` while it starts.
pub fn worker_not_ready(failed: Option<&str>, banner: bool) -> String {
    let mut m = crate::html::Markup::new();
    match (failed, banner) {
        (None, false) => {
            m.element("p", &[], "Starting the benchmark worker…");
        }
        (None, true) => {}
        (Some(why), false) => {
            m.element("p", &[("role", "alert")], &format!("The benchmark worker could not start: {why}. Widgets cannot run; try reloading."));
        }
        (Some(why), true) => {
            m.element("div", &[("class", "banner banner-error"), ("role", "alert")], &format!("The benchmark worker could not start ({why}). Widgets cannot run on this page."));
        }
    }
    m.finish()
}

/// What the pool size rests on, for the environment panel.
pub fn threads_source(threads: u32) -> String {
    if threads <= 1 {
        return String::new();
    }
    format!(
        "{threads} is the browser's navigator.hardwareConcurrency, its count of logical processors. Browsers may round it (one engine reports 4 on a 2-core machine); threads beyond the real cores take turns, and the parallel lesson's chart shows where the speedup stops"
    )
}

/// The environment panel's figures once the worker is ready, as markup (a `<dl>`, every
/// value escaped): the DOM contract's `data-threads-source`, `data-floor-ns` (once the floor
/// is measured), `data-wake-ns` (where a pool can sleep), `data-engine`, `data-missing`.
/// `simd`: whether this browser validates SIMD128; `missing`: what it lacks, as phrases.
pub fn panel(
    info: &crate::protocol::WorkerInfo,
    simd: bool,
    browser: &Browser,
    missing: &[&str],
) -> String {
    use crate::format::{duration_ns, shortest};
    let mut m = crate::html::Markup::new();
    m.open("dl", &[])
        .element("dt", &[], "Threads for benchmarks");
    m.open("dd", &[]).text(&info.threads.to_string());
    if let Some(e) = &info.pool_error {
        m.text(&format!(" (pool unavailable: {e})"));
    }
    if info.threads > 1 {
        m.open("br", &[]).element(
            "small",
            &[("class", "muted"), ("data-threads-source", "")],
            &threads_source(info.threads),
        );
    }
    m.close("dd")
        .element("dt", &[], "Cross-origin isolated")
        .element(
            "dd",
            &[],
            if info.isolated {
                "yes: shared memory and the fine clock are available"
            } else {
                "no: one thread, coarse clock"
            },
        );
    m.element("dt", &[], "Clock resolution (measured in the worker)")
        .element("dd", &[], &duration_ns(info.timer_resolution_ns))
        .element(
            "dt",
            &[],
            "Harness floor (an empty kernel through the timing loop)",
        );
    if info.floor_ns > 0.0 {
        m.element(
            "dd",
            &[("data-floor-ns", &shortest(info.floor_ns))],
            &format!(
                "{} per call: points within {}× of it are marked, not compared",
                duration_ns(info.floor_ns),
                shortest(crate::harness::FLOOR_FACTOR)
            ),
        );
    } else {
        m.element("dd", &[], "measuring…");
    }
    if info.threads > 1 {
        m.element("dt", &[], "Waking a sleeping pool thread");
        match info.wake {
            Some(w) => m.element(
                "dd",
                &[("data-wake-ns", &shortest(w.median_ns))],
                &format!(
                    "{} (median; longest {}): a parallel kernel pays this when it hands work to threads that have gone to sleep, and again when it waits for them to finish",
                    duration_ns(w.median_ns),
                    duration_ns(w.max_ns)
                ),
            ),
            None => m.element("dd", &[], "measuring…"),
        };
    }
    let build = match info.build {
        crate::protocol::WorkerBuild::Threaded => "threaded (rayon pool)",
        crate::protocol::WorkerBuild::SingleThreaded => "single-threaded",
    };
    m.element("dt", &[], "Worker build")
        .element("dd", &[], build)
        .element("dt", &[], "WebAssembly SIMD")
        .element("dd", &[], if simd { "supported" } else { "not supported" })
        .element("dt", &[], "Browser")
        .element(
            "dd",
            &[("data-engine", browser.engine.name())],
            &format!(
                "{} (JavaScript and WebAssembly engine: {})",
                browser.name,
                browser.engine.name()
            ),
        );
    if !missing.is_empty() {
        m.element("dt", &[], "Missing in this browser").element(
            "dd",
            &[("data-missing", &missing.len().to_string())],
            &missing.join("; "),
        );
    }
    m.close("dl");
    m.finish()
}

/// While a sweep runs in a browser whose clock is coarser than Chromium's isolated 5 µs:
/// why it takes longer there. `None` for a fine clock.
pub fn coarse_clock_note(resolution_ns: f64) -> Option<String> {
    use crate::harness::{Config, SAMPLE_TO_RESOLUTION};
    (resolution_ns > 7_500.0).then(|| {
        let cfg = Config::for_resolution(resolution_ns);
        format!(
            "This browser's clock ticks every {}, so every sample must last {} (at least {} ticks) and each point takes {} samples: sweeps take longer here than with a finer clock.",
            crate::format::duration_ns(resolution_ns),
            crate::format::duration_ns(cfg.min_sample_ns),
            crate::format::shortest(SAMPLE_TO_RESOLUTION),
            cfg.target_samples
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banner_and_waiting_lines_say_what_is_wrong() {
        let firefox =
            browser("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0");
        let b = one_thread_banner(&OneThread::NotIsolated, &firefox, "20 µs");
        assert!(b.starts_with("<div class=\"banner\" role=\"status\" data-threads-off=\"not-isolated\"><strong>Threads are off. </strong>Benchmarks run on one thread because"), "{b}");
        assert!(b.ends_with("(20 µs).</div>"), "{b}");
        assert_eq!(worker_not_ready(None, true), "");
        assert_eq!(
            worker_not_ready(None, false),
            "<p>Starting the benchmark worker…</p>"
        );
        assert!(worker_not_ready(Some("no <wasm>"), true).starts_with("<div class=\"banner banner-error\" role=\"alert\">The benchmark worker could not start (no &lt;wasm&gt;)."));
        assert!(worker_not_ready(Some("x"), false)
            .starts_with("<p role=\"alert\">The benchmark worker could not start: x."));
    }

    #[test]
    fn the_environment_panel_carries_its_figures_and_escapes_what_it_is_told() {
        use crate::protocol::{WakeUp, WorkerBuild, WorkerInfo};
        let chromium = browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.8078.73 Safari/537.36");
        let mut info = WorkerInfo {
            build: WorkerBuild::Threaded,
            threads: 2,
            isolated: true,
            timer_resolution_ns: 5000.0,
            pool_error: None,
            floor_ns: 0.0,
            wake: None,
        };
        let html = panel(&info, true, &chromium, &[]);
        assert!(html.starts_with("<dl><dt>Threads for benchmarks</dt><dd>2<br><small class=\"muted\" data-threads-source=\"\">2 is the browser's"), "{html}");
        assert!(html.contains("<dd>5.00 µs</dd>"), "{html}");
        // Until measured, the floor and the wake-up say so and carry no figure.
        assert_eq!(html.matches("<dd>measuring…</dd>").count(), 2, "{html}");
        assert!(!html.contains("data-floor-ns") && !html.contains("data-wake-ns"));
        assert!(
            html.contains(
                "<dd data-engine=\"V8\">Chromium 156 (JavaScript and WebAssembly engine: V8)</dd>"
            ),
            "{html}"
        );
        assert!(!html.contains("Missing"), "{html}");
        assert!(html.ends_with("</dd></dl>"), "{html}");
        info.floor_ns = 0.7;
        info.wake = Some(WakeUp {
            median_ns: 85_000.0,
            max_ns: 120_000.0,
        });
        let html = panel(&info, true, &chromium, &[]);
        assert!(
            html.contains("<dd data-floor-ns=\"0.7\">0.700 ns per call: points within 3× of it"),
            "{html}"
        );
        assert!(
            html.contains("<dd data-wake-ns=\"85000\">85.0 µs (median; longest 120 µs)"),
            "{html}"
        );
        // One thread: no pool to wake; what the browser lacks, escaped.
        info.threads = 1;
        info.build = WorkerBuild::SingleThreaded;
        info.pool_error = Some("no <SharedArrayBuffer>".into());
        let html = panel(&info, false, &chromium, &["a & b", "c"]);
        assert!(
            html.contains("<dd>1 (pool unavailable: no &lt;SharedArrayBuffer&gt;)</dd>"),
            "{html}"
        );
        assert!(
            !html.contains("Waking") && !html.contains("data-threads-source"),
            "{html}"
        );
        assert!(
            html.contains("<dd>single-threaded</dd>") && html.contains("<dd>not supported</dd>"),
            "{html}"
        );
        assert!(
            html.contains("<dd data-missing=\"2\">a &amp; b; c</dd>"),
            "{html}"
        );
    }

    #[test]
    fn engines_are_read_from_the_user_agent() {
        let chromium = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.8078.73 Safari/537.36";
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
        let webkitgtk = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15";
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
        assert_eq!(
            browser(chromium),
            Browser {
                name: "Chromium 156".into(),
                engine: Engine::V8
            }
        );
        assert_eq!(browser(firefox).engine, Engine::SpiderMonkey);
        assert_eq!(browser(firefox).name, "Firefox 153");
        assert_eq!(browser(webkitgtk).engine, Engine::JavaScriptCore);
        assert_eq!(browser(iphone).engine, Engine::JavaScriptCore);
        assert_eq!(browser("curl/8").engine, Engine::Unknown);
    }

    fn webkit() -> Browser {
        browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15")
    }

    #[test]
    fn the_one_thread_sentence_is_well_formed_for_every_cause() {
        let causes = [
            OneThread::NotIsolated,
            OneThread::NoSharedMemory,
            OneThread::PoolFailed("The object can not be cloned.".into()),
            OneThread::PoolFailed("  ".into()),
            OneThread::OneProcessor,
        ];
        for cause in causes {
            let s = one_thread_sentence(&cause, &webkit(), "20.0 µs");
            assert!(!s.contains(".."), "{s}");
            assert!(!s.contains(". ."), "{s}");
            // No capital letter straight after "because ".
            let after = s
                .split("because ")
                .nth(1)
                .expect("the sentence says because");
            assert!(after.starts_with(|c: char| c.is_lowercase()), "{s}");
            assert!(s.ends_with("(20.0 µs)."), "{s}");
        }
        assert!(one_thread_sentence(
            &OneThread::PoolFailed("The object can not be cloned.".into()),
            &webkit(),
            "5 µs"
        )
        .contains("(Safari 60 said: “The object can not be cloned”)."));
        assert!(
            one_thread_sentence(&OneThread::NoSharedMemory, &webkit(), "20 µs").contains(
                "this browser (Safari 60, engine JavaScriptCore) does not offer shared memory"
            )
        );
    }

    #[test]
    fn a_coarse_clock_explains_the_longer_sweep() {
        assert_eq!(coarse_clock_note(5_000.0), None);
        let s = coarse_clock_note(20_000.0).expect("20 µs is coarse");
        assert!(s.contains("ticks every 20"), "{s}");
        assert!(s.contains("must last 10"), "{s}");
        assert!(s.contains("5 samples"), "{s}");
    }

    #[test]
    fn the_pool_size_names_its_source() {
        assert_eq!(threads_source(1), "");
        assert!(threads_source(4).starts_with("4 is the browser's navigator.hardwareConcurrency"));
    }
}
