//! The reader's progress through the course: lessons read and widgets run, kept in the
//! browser's localStorage as JSON (pure: the UI reads and writes the text).

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The localStorage key.
pub const KEY: &str = "benchbook-progress";

/// What the reader has done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Slugs of lessons opened.
    pub read: BTreeSet<String>,
    /// Ids of widgets run to completion.
    pub ran: BTreeSet<String>,
}

impl Progress {
    /// Reads stored text; anything unreadable counts as no progress (and is overwritten
    /// by the next save), never as an error page.
    pub fn parse(text: Option<&str>) -> Self {
        text.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Widgets of `lesson` run so far, and how many it has.
    pub fn widgets_run(&self, lesson: &crate::course::Lesson) -> (usize, usize) {
        let run = lesson
            .widgets
            .iter()
            .filter(|w| self.ran.contains(**w))
            .count();
        (run, lesson.widgets.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_bad_text_is_empty() {
        let mut p = Progress::default();
        p.read.insert("caching".into());
        p.ran.insert("memo-fib".into());
        assert_eq!(Progress::parse(Some(&p.to_text())), p);
        assert_eq!(Progress::parse(Some("{oops")), Progress::default());
        assert_eq!(Progress::parse(None), Progress::default());
        let lesson = crate::course::lesson("caching").expect("exists");
        assert_eq!(p.widgets_run(lesson), (1, 4));
    }
}
