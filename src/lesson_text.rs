//! The lessons' prose: static HTML in `content/lessons/<slug>.html`, with each widget's
//! place marked `<!--widget:ID-->` (pure: the UI renders the HTML parts and mounts the
//! widgets between them).
//!
//! Prose is data, not code: written as Leptos views, every paragraph became typed view
//! code, and the lessons were about 300 KB of the gzipped UI bundle; as HTML text
//! compiled in they were about 20 KB; fetched when a lesson opens, nothing.

/// A piece of a lesson page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Trusted static HTML (served from this repository's build, never from input).
    Html(String),
    /// A widget, by id.
    Widget(String),
}

/// Where the build puts the lesson's HTML (Trunk copies `content/lessons/` to `/text/`;
/// the service worker caches every file there for offline reading). Fetched when the page
/// opens rather than compiled in: about 20 KB less of the gzipped UI bundle.
pub fn url(slug: &str) -> String {
    format!("/text/{slug}.html")
}

const OPEN: &str = "<!--widget:";
const CLOSE: &str = "-->";

/// Splits lesson HTML at its widget markers.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let html = rest[..at].trim();
        if !html.is_empty() {
            out.push(Segment::Html(html.to_owned()));
        }
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else {
            break;
        };
        out.push(Segment::Widget(after[..end].trim().to_owned()));
        rest = &after[end + CLOSE.len()..];
    }
    let tail = rest.trim();
    if !tail.is_empty() {
        out.push(Segment::Html(tail.to_owned()));
    }
    out
}

/// What a lesson page shows in place of its prose: while it loads (`None`), or when it
/// could not be loaded (`Err` with why), as markup.
pub fn placeholder(fetched: Option<&str>) -> String {
    let mut m = crate::html::Markup::new();
    match fetched {
        None => m.element(
            "p",
            &[("class", "muted"), ("data-loading", "lesson")],
            "Loading the lesson…",
        ),
        Some(e) => m.element(
            "p",
            &[("role", "alert"), ("class", "banner banner-error")],
            &format!("The text of this lesson could not be loaded ({e}). Check the connection and reload the page."),
        ),
    };
    m.finish()
}

/// The line a lesson shows where its text names a widget that is not among its own.
pub fn unknown_widget(id: &str) -> String {
    let mut m = crate::html::Markup::new();
    m.element(
        "p",
        &[("role", "alert")],
        &format!("This lesson names a widget it does not have: {id}."),
    );
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::LESSONS;

    fn html(slug: &str) -> String {
        let path = format!("{}/content/lessons/{slug}.html", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_build_and_the_service_worker_ship_every_lesson_text() {
        let root = env!("CARGO_MANIFEST_DIR");
        let index = std::fs::read_to_string(format!("{root}/index.html")).expect("index.html");
        assert!(
            index.contains(r#"href="content/lessons/" data-target-path="text""#),
            "index.html copies the lesson texts to /text/"
        );
        let sw = std::fs::read_to_string(format!("{root}/public/sw.js")).expect("sw.js");
        for lesson in LESSONS.iter() {
            assert!(
                sw.contains(&format!("\"{}\"", url(lesson.slug))),
                "sw.js does not cache {}",
                url(lesson.slug)
            );
        }
    }

    #[test]
    fn every_prose_lesson_places_exactly_its_widgets_in_order() {
        for lesson in LESSONS.iter() {
            let text = html(lesson.slug);
            let widgets: Vec<String> = segments(&text)
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
    fn every_glossary_term_links_to_a_widget_on_its_lesson_by_its_title() {
        let text = html("glossary");
        assert_eq!(text.matches("<div class=\"term\" data-term=").count(), 9);
        let links: Vec<&str> = text.split("<a href=\"/lessons/").skip(1).collect();
        assert_eq!(links.len(), 9, "one link per term");
        for link in links {
            let (target, rest) = link.split_once("\">").expect("a closed href");
            let (slug, widget) = target.split_once('#').expect("a widget anchor");
            let shown = rest.split_once("</a>").expect("a closed link").0;
            let lesson = crate::course::lesson(slug).unwrap_or_else(|| panic!("no lesson {slug}"));
            assert!(
                lesson.widgets.contains(&widget),
                "{widget} is not on {slug}"
            );
            let title = crate::topics::widget(widget).map(|w| w.title);
            assert_eq!(Some(shown), title, "the link to {widget} shows its title");
        }
    }

    #[test]
    fn every_lesson_ends_with_take_aways_and_a_note_from_python() {
        // The glossary, a list of terms with no widget of its own, excepted.
        for lesson in LESSONS.iter().filter(|l| !l.widgets.is_empty()) {
            let text = html(lesson.slug);
            let away = text.find("<h2>What to take away</h2>");
            let python = text.find("<h2>From Python</h2>");
            assert!(away.is_some(), "{}: no take-away list", lesson.slug);
            assert!(
                python > away,
                "{}: no 'From Python' note after the take-aways",
                lesson.slug
            );
            let list = &text[away.unwrap_or(0)..python.unwrap_or(0)];
            assert!(
                list.matches("<li>").count() >= 3,
                "{}: a short list, at least three items",
                lesson.slug
            );
        }
    }

    #[test]
    fn prose_is_well_formed_enough_to_render_as_written() {
        for lesson in LESSONS.iter() {
            let text = html(lesson.slug);
            for s in segments(&text) {
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
                Segment::Html("<p>a</p>".into()),
                Segment::Widget("x".into()),
                Segment::Html("<p>b</p>".into()),
                Segment::Widget("y".into())
            ]
        );
    }
}
