//! The course's table of contents (pure): which lessons exist, their routes and widgets.
//! Pages render from `lessons` (wasm, `ui` feature); tests and the home page read this.

/// One lesson page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Lesson number in the course (curriculum.md).
    pub number: u32,
    /// Route segment: the page is at `/lessons/<slug>`.
    pub slug: &'static str,
    /// Title.
    pub title: &'static str,
    /// One line for the course map.
    pub summary: &'static str,
    /// Widget ids on the page, in order.
    pub widgets: &'static [&'static str],
    /// True when part of the lesson's curriculum is still to come.
    pub partial: bool,
}

/// Lessons that exist today, in course order.
pub static LESSONS: [Lesson; 11] = [
    Lesson {
        number: 1,
        slug: "measuring-time",
        title: "Measuring time",
        summary: "Clocks, their resolution, batching, warm-up, and the optimizer that deletes what you time.",
        widgets: &["timer-resolution", "sum-loop-vs-formula"],
        partial: false,
    },
    Lesson {
        number: 2,
        slug: "profiling",
        title: "Profiling",
        summary: "Find the bottleneck before you optimize: where the time goes, and where the memory goes.",
        widgets: &["profile-pipeline", "memory-profile"],
        partial: false,
    },
    Lesson {
        number: 3,
        slug: "data-structures",
        title: "Choosing data structures",
        summary: "Queues, lookups and counting: the same job at O(n²), O(n), O(log n) and O(1).",
        widgets: &["queue-ops", "search", "counting"],
        partial: false,
    },
    Lesson {
        number: 4,
        slug: "vectorization",
        title: "Vectorization",
        summary: "SIMD: when the compiler does it for you, when it cannot, and what dominates anyway.",
        widgets: &["elementwise-add", "square-plus-sin", "temporaries-vs-in-place", "describe-stats"],
        partial: false,
    },
    Lesson {
        number: 5,
        slug: "parallel-processing",
        title: "Parallel processing",
        summary: "Threads and workers: Amdahl's law, chunk sizes, copying versus sharing, and limits on concurrent requests.",
        widgets: &["parallel-cpu", "chunk-size", "copy-vs-share", "io-concurrency"],
        partial: false,
    },
    Lesson {
        number: 6,
        slug: "async-io",
        title: "Async I/O",
        summary: "Waiting is not working: overlapping waits, and keeping the page responsive.",
        widgets: &["async-gather", "blocking-the-ui"],
        partial: false,
    },
    Lesson {
        number: 7,
        slug: "memory",
        title: "Memory optimization",
        summary: "What a value costs in memory, why the order you read it in matters, streaming, and pools.",
        widgets: &["bytes-per-element", "row-vs-column", "stream-vs-collect", "object-pool"],
        partial: false,
    },
    Lesson {
        number: 8,
        slug: "caching",
        title: "Caching and memoization",
        summary: "Remembering answers: memoized recursion, LRU and TTL caches, and a cache that survives a reload.",
        widgets: &["memo-fib", "lru-hit-rate", "ttl-cache", "persistent-cache"],
        partial: false,
    },
    Lesson {
        number: 9,
        slug: "optimizing",
        title: "Profiling-driven optimization",
        summary: "Compare implementations honestly: verify they agree, then rank them, at more than one size.",
        widgets: &["compare-implementations"],
        partial: false,
    },
    Lesson {
        number: 10,
        slug: "resources",
        title: "Resource monitoring",
        summary: "What a run costs besides time: WebAssembly memory, the allocator's live and peak bytes, the JS heap.",
        widgets: &["resource-monitor"],
        partial: false,
    },
    Lesson {
        number: 11,
        slug: "glossary",
        title: "Glossary and what's next",
        summary: "The key terms in a paragraph each, linked to the widgets that show them.",
        widgets: &[],
        partial: false,
    },
];

/// The lesson at this slug.
pub fn lesson(slug: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.slug == slug)
}

/// The lessons before and after `slug`.
pub fn neighbours(slug: &str) -> (Option<&'static Lesson>, Option<&'static Lesson>) {
    let Some(i) = LESSONS.iter().position(|l| l.slug == slug) else {
        return (None, None);
    };
    (i.checked_sub(1).map(|j| &LESSONS[j]), LESSONS.get(i + 1))
}

/// The frame of lesson `lesson`'s page as markup: above the prose, its number and title;
/// below it, the links to the previous and next lessons.
pub fn frame_markup(lesson: &Lesson) -> (String, String) {
    use crate::html::Markup;
    let mut top = Markup::new();
    top.element(
        "p",
        &[("class", "eyebrow")],
        &format!("Lesson {}", lesson.number),
    )
    .element("h1", &[], lesson.title);
    let (prev, next) = neighbours(lesson.slug);
    let mut nav = Markup::new();
    nav.open(
        "nav",
        &[
            ("class", "lesson-nav"),
            ("aria-label", "Previous and next lesson"),
        ],
    );
    for (l, rel, text) in [
        (prev, "prev", prev.map(|l| format!("← {}", l.title))),
        (next, "next", next.map(|l| format!("{} →", l.title))),
    ] {
        if let (Some(l), Some(text)) = (l, text) {
            nav.element(
                "a",
                &[("href", &format!("/lessons/{}", l.slug)), ("rel", rel)],
                &text,
            );
        }
    }
    nav.close("nav");
    (top.finish(), nav.finish())
}

/// The not-found page's body as markup: what happened, and every lesson's link.
pub fn not_found_markup() -> String {
    let mut m = crate::html::Markup::new();
    m.element("h1", &[], "This page does not exist").element(
        "p",
        &[],
        "The address may be mistyped, or the lesson may not have been written yet. These lessons exist:",
    );
    m.open("ul", &[]);
    for l in &LESSONS {
        m.open("li", &[])
            .element(
                "a",
                &[("href", &format!("/lessons/{}", l.slug))],
                &format!("Lesson {}: {}", l.number, l.title),
            )
            .close("li");
    }
    m.close("ul")
        .open("p", &[])
        .element("a", &[("href", "/")], "Back to the course map")
        .close("p");
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_page_links_its_neighbours_and_not_found_lists_every_lesson() {
        let (top, nav) = frame_markup(&LESSONS[0]);
        assert!(
            top.starts_with("<p class=\"eyebrow\">Lesson 1</p><h1>"),
            "{top}"
        );
        assert_eq!(
            nav.matches("<a ").count(),
            1,
            "the first lesson has only a next: {nav}"
        );
        assert!(
            nav.contains(&format!(
                "href=\"/lessons/{}\" rel=\"next\">",
                LESSONS[1].slug
            )),
            "{nav}"
        );
        let (_, nav) = frame_markup(&LESSONS[1]);
        assert!(
            nav.contains("rel=\"prev\">← ") && nav.contains("rel=\"next\">"),
            "{nav}"
        );
        let page = not_found_markup();
        assert_eq!(
            page.matches("<li><a href=\"/lessons/").count(),
            LESSONS.len(),
            "{page}"
        );
    }

    #[test]
    fn every_widget_appears_in_exactly_one_lesson() {
        for w in crate::topics::widgets() {
            let homes = LESSONS.iter().filter(|l| l.widgets.contains(&w.id)).count();
            assert_eq!(homes, 1, "widget {} is on {homes} lesson pages", w.id);
        }
        for l in &LESSONS {
            for id in l.widgets {
                assert!(
                    crate::topics::widget(id).is_some(),
                    "lesson {} names unknown widget {id}",
                    l.slug
                );
            }
        }
    }

    /// The course as the browser tests read it (`tests/fixtures/course.json`, loaded by
    /// `tests/e2e/helpers.mjs`): every lesson's slug and widgets, in order, which of them
    /// have a Python twin or wait instead of sweeping, and each one's quick sweep.
    fn course_json() -> String {
        let lessons: Vec<String> = LESSONS
            .iter()
            .map(|l| {
                let quoted = |w: &&str| format!("\"{w}\"");
                let widgets: Vec<String> = l.widgets.iter().map(quoted).collect();
                let python: Vec<String> = l
                    .widgets
                    .iter()
                    .filter(|w| crate::topics::python(w).is_some())
                    .map(quoted)
                    .collect();
                // Runs that wait (timers, another worker, the UI thread, storage) instead
                // of sweeping kernels: the first-run report leaves them out.
                let waits: Vec<String> = l
                    .widgets
                    .iter()
                    .filter(|w| crate::topics::waits(w))
                    .map(quoted)
                    .collect();
                // Each widget's quick sweep: the sliders the tests move, how far, and to what.
                let steps: Vec<String> = l
                    .widgets
                    .iter()
                    .filter_map(|w| crate::topics::widget(w))
                    .map(|w| {
                        // Each slider: the steps, and the value they reach.
                        let moves: Vec<String> = w
                            .quick_sweep
                            .iter()
                            .map(|(name, n)| {
                                let value = w
                                    .slider(name)
                                    .and_then(|s| s.values(None).get(*n as usize).copied())
                                    .unwrap_or(f64::NAN);
                                format!("\"{name}\": [{n}, {value}]")
                            })
                            .collect();
                        format!("\"{}\": {{ {} }}", w.id, moves.join(", "))
                    })
                    .collect();
                format!(
                    "  {{ \"slug\": \"{}\", \"widgets\": [{}], \"python\": [{}], \"waits\": [{}],\n    \"quick_sweep\": {{ {} }} }}",
                    l.slug,
                    widgets.join(", "),
                    python.join(", "),
                    waits.join(", "),
                    steps.join(", ")
                )
            })
            .collect();
        format!("[\n{}\n]\n", lessons.join(",\n"))
    }

    /// Every widget with sliders tells the browser tests how to make a quick sweep, in
    /// sliders it has and steps its sliders can take; the one widget without sliders
    /// (`resource-monitor`, which picks another widget's run) has a test of its own.
    #[test]
    fn every_widget_names_a_quick_sweep_its_sliders_can_make() {
        for w in crate::topics::widgets() {
            if w.sliders.is_empty() {
                assert!(w.quick_sweep.is_empty(), "{}", w.id);
                continue;
            }
            assert!(
                !w.quick_sweep.is_empty(),
                "{}: no quick sweep for the browser tests",
                w.id
            );
            for (name, steps) in w.quick_sweep {
                let slider = w.slider(name);
                let slider = slider.unwrap_or_else(|| panic!("{}: no slider {name}", w.id));
                let stops = slider.values(None).len() as u32;
                assert!(
                    *steps < stops,
                    "{}.{name}: {steps} steps of {stops} stops",
                    w.id
                );
            }
        }
    }

    /// The browser tests cover exactly the widgets this list places, so a widget cannot be
    /// left out of them: when the list changes, this test writes the new file and fails
    /// until it is committed.
    #[test]
    fn the_browser_tests_read_this_course() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/course.json");
        let want = course_json();
        let have = std::fs::read_to_string(path).unwrap_or_default();
        if have != want {
            std::fs::write(path, &want).unwrap_or_else(|e| panic!("{path}: {e}"));
            panic!("{path} was out of date with course::LESSONS; it has been rewritten: commit it");
        }
    }

    #[test]
    fn slugs_are_unique_and_ordered() {
        for pair in LESSONS.windows(2) {
            assert!(pair[0].number < pair[1].number);
            assert_ne!(pair[0].slug, pair[1].slug);
        }
        assert_eq!(lesson("data-structures").map(|l| l.number), Some(3));
        assert!(lesson("nope").is_none());
        let (prev, next) = neighbours("data-structures");
        assert_eq!(prev.map(|l| l.number), Some(2));
        assert_eq!(next.map(|l| l.number), Some(4));
    }
}
