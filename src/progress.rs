//! The reader's progress through the course: lessons read and widgets run, kept in the
//! browser's localStorage as a few lines of text (pure: the UI reads and writes the text).
//! Plain lines rather than JSON keep a JSON parser out of the UI bundle.

use crate::order::{SmallMap, SmallSet};
use crate::prediction::Prediction;

/// The localStorage key.
pub const KEY: &str = "benchbook-progress";

/// First line of the stored text (its format's name and version).
const HEADER: &str = "benchbook progress v1";

/// What the reader has done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Slugs of lessons opened.
    pub read: SmallSet<String>,
    /// Ids of widgets run to completion.
    pub ran: SmallSet<String>,
    /// The reader's predictions, by widget id.
    pub predicted: SmallMap<String, Prediction>,
}

impl Progress {
    /// Reads stored text; anything unreadable counts as no progress (and is overwritten
    /// by the next save), never as an error page. The text is a header line, then one
    /// `read <slug>`, `ran <widget>` or `predict <widget> <variant> <factor>` line each
    /// (an older page skips the lines it does not know).
    pub fn parse(text: Option<&str>) -> Self {
        let mut progress = Self::default();
        let Some(mut lines) = text.map(str::lines) else {
            return progress;
        };
        if lines.next() != Some(HEADER) {
            return progress;
        }
        for line in lines {
            match line.split_once(' ') {
                Some(("read", slug)) if !slug.is_empty() => {
                    progress.read.add(slug.to_owned());
                }
                Some(("ran", id)) if !id.is_empty() => {
                    progress.ran.add(id.to_owned());
                }
                Some(("predict", rest)) => {
                    let mut parts = rest.split(' ');
                    if let (Some(widget), Some(variant), Some(factor), None) =
                        (parts.next(), parts.next(), parts.next(), parts.next())
                    {
                        let parsed = crate::format::parse_number(factor);
                        if let Some(p) = parsed.and_then(|f| Prediction::new(variant, f)) {
                            progress.predicted.insert(widget.to_owned(), p);
                        }
                    }
                }
                _ => {}
            }
        }
        progress
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        let mut text = String::from(HEADER);
        for slug in self.read.keys() {
            text.push_str("\nread ");
            text.push_str(slug);
        }
        for id in self.ran.keys() {
            text.push_str("\nran ");
            text.push_str(id);
        }
        for (widget, p) in self.predicted.iter() {
            text.push_str(&format!(
                "\npredict {widget} {} {}",
                p.winner,
                crate::format::shortest(p.factor)
            ));
        }
        text
    }

    /// Widgets of `lesson` run so far, and how many it has.
    pub fn widgets_run(&self, lesson: &crate::course::Lesson) -> (usize, usize) {
        let run = lesson
            .widgets
            .iter()
            .filter(|w| self.ran.contains_key(**w))
            .count();
        (run, lesson.widgets.len())
    }

    /// The home page's course map as markup: one `<li>` per lesson (`data-lesson`,
    /// `data-read`), its link, summary, and what this reader has done there.
    pub fn course_map(&self) -> String {
        let mut m = crate::html::Markup::new();
        for l in &crate::course::LESSONS {
            let read = self.read.contains_key(l.slug);
            let (done, all) = self.widgets_run(l);
            let mut note = Vec::new();
            if read {
                note.push("read".to_owned());
            }
            if all > 0 && done > 0 {
                note.push(format!("{done} of {all} widgets run"));
            }
            m.open(
                "li",
                &[
                    ("value", &l.number.to_string()),
                    ("data-lesson", l.slug),
                    ("data-read", if read { "true" } else { "false" }),
                ],
            )
            .element("a", &[("href", &format!("/lessons/{}", l.slug))], l.title)
            .element("span", &[("class", "summary")], l.summary);
            if l.partial {
                m.element("span", &[("class", "badge")], "first part");
            }
            m.element("span", &[("class", "progress-note")], &note.join(" · "))
                .close("li");
        }
        m.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_map_says_what_was_read_and_run() {
        let mut p = Progress::default();
        p.read.insert("measuring-time".to_owned(), ());
        p.ran.insert("timer-resolution".to_owned(), ());
        let html = p.course_map();
        assert!(
            html.starts_with("<li value=\"1\" data-lesson=\"measuring-time\" data-read=\"true\"><a href=\"/lessons/measuring-time\">Measuring time</a><span class=\"summary\">"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"progress-note\">read · 1 of 2 widgets run</span></li>"),
            "{html}"
        );
        assert!(
            html.contains("data-lesson=\"caching\" data-read=\"false\">"),
            "{html}"
        );
        assert_eq!(html.matches("<li ").count(), crate::course::LESSONS.len());
    }

    #[test]
    fn progress_round_trips_and_bad_text_is_empty() {
        let mut p = Progress::default();
        p.read.add("caching".into());
        p.ran.add("memo-fib".into());
        assert_eq!(Progress::parse(Some(&p.to_text())), p);
        assert_eq!(Progress::parse(Some("{oops")), Progress::default());
        assert_eq!(
            Progress::parse(Some("{\"read\":[\"caching\"],\"ran\":[]}")),
            Progress::default(),
            "the earlier JSON form reads as no progress"
        );
        let odd = format!("{HEADER}\nread caching\nnonsense\nran \nran memo-fib\n");
        assert_eq!(Progress::parse(Some(&odd)), p, "unknown lines are skipped");
        assert_eq!(Progress::parse(None), Progress::default());
        let lesson = crate::course::lesson("caching").expect("exists");
        assert_eq!(p.widgets_run(lesson), (1, 4));
        // Predictions round-trip; a malformed one is skipped, the rest kept.
        let mut with = p.clone();
        with.predicted.insert(
            "queue-ops".into(),
            Prediction::new("vecdeque-pop-front", 25.0).expect("a number"),
        );
        assert_eq!(Progress::parse(Some(&with.to_text())), with);
        let damaged = format!(
            "{}\npredict search linear banana\npredict x\n",
            with.to_text()
        );
        assert_eq!(Progress::parse(Some(&damaged)), with);
    }
}
