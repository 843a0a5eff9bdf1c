//! The lessons' prose: static HTML in `content/lessons/<slug>.html`, with each widget's
//! place marked `<!--widget:ID-->` (pure: the UI renders the HTML parts and mounts the
//! widgets between them).
//!
//! Prose is data, not code: written as Leptos views, every paragraph became typed view
//! code, and the lessons were about 300 KB of the gzipped UI bundle; as HTML text they
//! are about 20 KB.

/// A piece of a lesson page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Trusted static HTML (from this repository, never from input).
    Html(&'static str),
    /// A widget, by id.
    Widget(&'static str),
}

/// The HTML of the lesson at `slug`, if it is written as prose (the glossary is built
/// from the course's term list instead).
pub fn html(slug: &str) -> Option<&'static str> {
    Some(match slug {
        "measuring-time" => include_str!("../content/lessons/measuring-time.html"),
        "profiling" => include_str!("../content/lessons/profiling.html"),
        "data-structures" => include_str!("../content/lessons/data-structures.html"),
        "vectorization" => include_str!("../content/lessons/vectorization.html"),
        "parallel-processing" => include_str!("../content/lessons/parallel-processing.html"),
        "async-io" => include_str!("../content/lessons/async-io.html"),
        "memory" => include_str!("../content/lessons/memory.html"),
        "caching" => include_str!("../content/lessons/caching.html"),
        "optimizing" => include_str!("../content/lessons/optimizing.html"),
        "resources" => include_str!("../content/lessons/resources.html"),
        _ => return None,
    })
}

const OPEN: &str = "<!--widget:";
const CLOSE: &str = "-->";

/// Splits lesson HTML at its widget markers.
pub fn segments(text: &'static str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let html = rest[..at].trim();
        if !html.is_empty() {
            out.push(Segment::Html(html));
        }
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else {
            break;
        };
        out.push(Segment::Widget(after[..end].trim()));
        rest = &after[end + CLOSE.len()..];
    }
    let tail = rest.trim();
    if !tail.is_empty() {
        out.push(Segment::Html(tail));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::LESSONS;

    #[test]
    fn every_prose_lesson_places_exactly_its_widgets_in_order() {
        for lesson in LESSONS.iter().filter(|l| l.slug != "glossary") {
            let text = html(lesson.slug).unwrap_or_else(|| panic!("{} has no prose", lesson.slug));
            let widgets: Vec<&str> = segments(text)
                .into_iter()
                .filter_map(|s| match s {
                    Segment::Widget(id) => Some(id),
                    Segment::Html(_) => None,
                })
                .collect();
            assert_eq!(widgets, lesson.widgets, "{}", lesson.slug);
        }
    }

    #[test]
    fn prose_is_well_formed_enough_to_render_as_written() {
        for lesson in LESSONS.iter().filter(|l| l.slug != "glossary") {
            let text = html(lesson.slug).expect("prose");
            for s in segments(text) {
                let Segment::Html(h) = s else { continue };
                for tag in ["p", "code", "h2", "ul", "ol", "li", "em"] {
                    let opened = h.matches(&format!("<{tag}>")).count()
                        + h.matches(&format!("<{tag} ")).count();
                    let closed = h.matches(&format!("</{tag}>")).count();
                    assert_eq!(
                        opened, closed,
                        "{}: <{tag}> opened {opened}, closed {closed}",
                        lesson.slug
                    );
                }
                assert!(
                    !h.contains("<Widget"),
                    "{}: an unconverted widget tag",
                    lesson.slug
                );
                assert!(
                    !h.contains("{{") && !h.contains("\\u{"),
                    "{}: Rust syntax left in prose",
                    lesson.slug
                );
            }
        }
    }

    #[test]
    fn markers_split_prose_and_widgets() {
        let s = segments("<p>a</p>\n<!--widget:x-->\n<p>b</p><!--widget:y-->");
        assert_eq!(
            s,
            vec![
                Segment::Html("<p>a</p>"),
                Segment::Widget("x"),
                Segment::Html("<p>b</p>"),
                Segment::Widget("y")
            ]
        );
    }
}
