//! Lesson pages: the prose of `content/lessons/<slug>.html` (see `lesson_text`) with the
//! widgets mounted where its markers say (the glossary too: prose without widgets).
//! The figures a page quotes come from its widgets' live readouts.

use crate::course::{neighbours, Lesson};
use crate::lesson_text::Segment;
use crate::widgets::Widget;
use leptos::prelude::*;

/// The page for `lesson`, framed with its heading and previous/next links. The prose is
/// fetched (see `lesson_text::url`); the heading and navigation show at once.
pub fn page(lesson: &'static Lesson) -> impl IntoView {
    let body = {
        let text = RwSignal::new(None::<Result<String, String>>);
        leptos::task::spawn_local(async move {
            let fetched = crate::fetch_text(&crate::lesson_text::url(lesson.slug)).await;
            text.try_set(Some(fetched));
            // The browser looked for the address's #anchor (a widget, from a shared link
            // or the glossary) before the prose arrived; go there now that it exists.
            request_animation_frame(scroll_to_hash);
        });
        (move || match text.get() {
            None => view! { <p class="muted" data-loading="lesson">"Loading the lesson\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! {
                <p role="alert" class="banner banner-error">
                    {format!("The text of this lesson could not be loaded ({e}). Check the connection and reload the page.")}
                </p>
            }
            .into_any(),
            Some(Ok(html)) => crate::lesson_text::segments(&html)
                .into_iter()
                .map(|segment| match segment {
                    Segment::Html(html) => {
                        view! { <div class="prose-part" inner_html=html></div> }.into_any()
                    }
                    // Only the lesson's own widgets (ids as 'static, from the course list).
                    Segment::Widget(id) => match lesson.widgets.iter().find(|w| **w == id) {
                        Some(id) => view! { <Widget id=*id/> }.into_any(),
                        None => view! { <p role="alert">{format!("This lesson names a widget it does not have: {id}.")}</p> }.into_any(),
                    },
                })
                .collect_view()
                .into_any(),
        })
        .into_any()
    };
    let (prev, next) = neighbours(lesson.slug);
    view! {
        <article class="prose lesson" data-lesson=lesson.slug>
            <p class="eyebrow">{format!("Lesson {}", lesson.number)}</p>
            <h1>{lesson.title}</h1>
            {body}
            <nav class="lesson-nav" aria-label="Previous and next lesson">
                {prev.map(|l| view! { <a href=format!("/lessons/{}", l.slug) rel="prev">{format!("← {}", l.title)}</a> })}
                {next.map(|l| view! { <a href=format!("/lessons/{}", l.slug) rel="next">{format!("{} →", l.title)}</a> })}
            </nav>
        </article>
    }
}

/// Scrolls to the element the address's fragment names, if there is one.
fn scroll_to_hash() {
    let hash = window().location().hash().unwrap_or_default();
    let id = hash.trim_start_matches('#');
    if id.is_empty() {
        return;
    }
    if let Some(target) = document().get_element_by_id(id) {
        target.scroll_into_view();
    }
}
