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
pub static LESSONS: [Lesson; 8] = [
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::WIDGETS;

    #[test]
    fn every_widget_appears_in_exactly_one_lesson() {
        for w in &WIDGETS {
            let homes = LESSONS.iter().filter(|l| l.widgets.contains(&w.id)).count();
            assert_eq!(homes, 1, "widget {} is on {homes} lesson pages", w.id);
        }
        for l in &LESSONS {
            for id in l.widgets {
                assert!(
                    crate::catalog::widget(id).is_some(),
                    "lesson {} names unknown widget {id}",
                    l.slug
                );
            }
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
