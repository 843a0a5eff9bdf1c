//! A widget's status lines as markup (pure, native-tested): the worker starting, the
//! sweep's progress bar, the run's error, the note that it was stopped. They change with
//! every point a run reports; written as text they cost the words, where a Leptos view per
//! line was compiled code per line in the UI bundle (see `html`). Every text is escaped.

use crate::html::Markup;

/// What a widget's status lines show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    /// The bench worker is ready (Run is possible).
    pub ready: bool,
    /// A run is under way: (measurements done, in all).
    pub running: Option<(u32, u32)>,
    /// What the run waits for, said instead of the count.
    pub waiting: Option<&'static str>,
    /// Why sweeps take longer in this browser (a coarse clock), under the progress bar.
    pub coarse_clock: Option<String>,
    /// The last run failed, and why.
    pub error: Option<String>,
    /// The last run was stopped.
    pub cancelled: bool,
    /// The results shown were measured with other settings than the sliders show now:
    /// those settings ("n = 10,000, k = 10").
    pub stale: Option<String>,
}

/// The lines, in order: starting, progress (`role="status"`), error (`role="alert"`),
/// stopped.
pub fn lines(s: &Status) -> String {
    let mut m = Markup::new();
    let muted = [("class", "muted"), ("role", "status")];
    if !s.ready && s.running.is_none() {
        m.element("p", &muted, "Starting the benchmark worker…");
    }
    if let Some((done, total)) = s.running {
        m.open("div", &[("class", "progress"), ("role", "status")])
            .open(
                "progress",
                &[
                    ("max", &total.max(1).to_string()),
                    ("value", &done.to_string()),
                    ("aria-label", "Sweep progress"),
                ],
            )
            .close("progress")
            .open("span", &[])
            .text(
                &s.waiting
                    .map_or_else(|| format!("{done} of {total} measurements…"), str::to_owned),
            );
        if let Some(note) = &s.coarse_clock {
            m.open("br", &[]).element(
                "small",
                &[("class", "muted"), ("data-coarse-clock", "")],
                note,
            );
        }
        m.close("span").close("div");
    }
    if let Some(e) = &s.error {
        m.element("p", &[("class", "error"), ("role", "alert")], e);
    }
    if s.cancelled {
        m.element("p", &muted, "Stopped. Press Run to measure again.");
    }
    if let Some(settings) = &s.stale {
        m.element(
            "p",
            &[("class", "notice"), ("role", "status"), ("data-stale", "true")],
            &format!("These results were measured with {settings}. Press Run to measure the settings above; Copy link and the downloads describe the results shown."),
        );
    }
    m.finish()
}

/// What a widget says under its title: why values in the address were not taken
/// (`notices`), and for a speedup chart the page's pool of `pool` threads.
pub fn head(notices: &[String], pool: Option<u32>) -> String {
    let mut m = Markup::new();
    if !notices.is_empty() {
        m.open(
            "div",
            &[
                ("class", "notice"),
                ("role", "status"),
                ("data-notice", "params"),
            ],
        );
        for n in notices {
            m.element("p", &[], n);
        }
        m.close("div");
    }
    match pool {
        None => {}
        Some(1) => {
            m.element("p", &[("class", "widget-note")], "Only one thread is available on this page, so the sweep has a single point. The banner at the top says why.");
        }
        Some(p) => {
            m.element("p", &[("class", "widget-note")], &format!("This page has a pool of {p} threads; the sweep runs the same work on 1 to the chosen number of them."));
        }
    }
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_has_its_line() {
        assert_eq!(
            lines(&Status::default()),
            "<p class=\"muted\" role=\"status\">Starting the benchmark worker…</p>"
        );
        let ready = Status {
            ready: true,
            ..Status::default()
        };
        assert_eq!(lines(&ready), "");
        let running = Status {
            running: Some((3, 12)),
            coarse_clock: Some("ticks <20 µs>".into()),
            ..ready.clone()
        };
        assert_eq!(
            lines(&running),
            "<div class=\"progress\" role=\"status\"><progress max=\"12\" value=\"3\" aria-label=\"Sweep progress\"></progress><span>3 of 12 measurements…<br><small class=\"muted\" data-coarse-clock=\"\">ticks &lt;20 µs&gt;</small></span></div>"
        );
        let queued = Status {
            running: Some((0, 0)),
            waiting: Some("Waiting for another widget's run to finish…"),
            ..ready.clone()
        };
        assert!(lines(&queued).contains("max=\"1\" value=\"0\""));
        assert!(lines(&queued).contains("<span>Waiting for another widget's run to finish…</span>"));
        let failed = Status {
            error: Some("the worker <crashed>".into()),
            cancelled: true,
            ..ready
        };
        assert_eq!(
            lines(&failed),
            "<p class=\"error\" role=\"alert\">the worker &lt;crashed&gt;</p><p class=\"muted\" role=\"status\">Stopped. Press Run to measure again.</p>"
        );
        let stale = Status {
            stale: Some("n = 10,000, k = <10>".into()),
            ..Status::default()
        };
        assert!(lines(&stale).ends_with("<p class=\"notice\" role=\"status\" data-stale=\"true\">These results were measured with n = 10,000, k = &lt;10&gt;. Press Run to measure the settings above; Copy link and the downloads describe the results shown.</p>"));
    }

    #[test]
    fn the_head_names_refused_values_and_the_pool() {
        assert_eq!(head(&[], None), "");
        assert_eq!(
            head(&["n = <x> is not a number".into()], Some(1)),
            "<div class=\"notice\" role=\"status\" data-notice=\"params\"><p>n = &lt;x&gt; is not a number</p></div><p class=\"widget-note\">Only one thread is available on this page, so the sweep has a single point. The banner at the top says why.</p>"
        );
        assert!(head(&[], Some(4)).contains("a pool of 4 threads"));
    }
}
