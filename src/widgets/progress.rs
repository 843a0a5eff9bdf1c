//! The reader's progress, kept in localStorage: lessons opened, widgets run. A browser
//! that refuses storage still shows the course; progress then lasts for the visit.

use crate::progress::{Progress, KEY};
use leptos::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

thread_local! {
    /// The page's progress signal. A thread-local, not a context: runs finish in async
    /// tasks that have no reactive owner to look a context up from.
    static PROGRESS: std::cell::OnceCell<RwSignal<Progress>> = const { std::cell::OnceCell::new() };
}

/// Loads the stored progress (called once by `App`, before anything reads it).
pub fn provide() {
    progress();
}

/// The progress signal, loaded from storage on first use.
pub fn progress() -> RwSignal<Progress> {
    PROGRESS.with(|cell| {
        *cell.get_or_init(|| {
            let stored = storage().and_then(|s| s.get_item(KEY).ok().flatten());
            RwSignal::new(Progress::parse(stored.as_deref()))
        })
    })
}

fn save(p: &Progress) {
    if let Some(s) = storage() {
        // A full or blocked storage only means progress is not remembered.
        let _ = s.set_item(KEY, &p.to_text());
    }
}

/// Records that a lesson was opened.
pub fn mark_read(slug: &str) {
    let p = progress();
    if !p.with_untracked(|p| p.read.contains_key(slug)) {
        p.update(|p| {
            p.read.add(slug.to_owned());
        });
        p.with_untracked(save);
    }
}

/// Stores (or, with `None`, forgets) the reader's prediction for `widget`.
pub fn set_prediction(widget: &str, prediction: Option<crate::prediction::Prediction>) {
    let p = progress();
    p.update(|p| match prediction {
        Some(pr) => {
            p.predicted.insert(widget.to_owned(), pr);
        }
        None => {
            p.predicted.remove(widget);
        }
    });
    p.with_untracked(save);
}

/// Records that a widget finished a run.
pub fn mark_ran(widget: &str) {
    let p = progress();
    if !p.with_untracked(|p| p.ran.contains_key(widget)) {
        p.try_update(|p| {
            p.ran.add(widget.to_owned());
        });
        p.with_untracked(save);
    }
}

/// The Reset button: asks first, then forgets everything.
#[component]
pub fn ResetProgress() -> impl IntoView {
    let p = progress();
    let reset = move |_| {
        let sure = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(
                    "Forget which lessons you have read and which widgets you have run?",
                )
                .ok()
            })
            .unwrap_or(false);
        if sure {
            p.set(Progress::default());
            if let Some(s) = storage() {
                let _ = s.remove_item(KEY);
            }
        }
    };
    view! {
        <button type="button" class="reset-progress" on:click=reset
            disabled=move || p.with(|p| p.read.is_empty() && p.ran.is_empty())>"Reset progress"</button>
    }
}
