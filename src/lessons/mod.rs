//! Lesson pages: the prose of `content/lessons/<slug>.html` (see `lesson_text`) with the
//! widgets mounted where its markers say (the glossary too: prose without widgets).
//! The figures a page quotes come from its widgets' live readouts.

use crate::course::{frame_markup, Lesson};
use crate::lesson_text::Segment;
use crate::widgets::Widget;
use leptos::prelude::*;

/// The page for `lesson`, framed with its heading and previous/next links. The prose is
/// fetched (see `lesson_text::url`); the heading and navigation show at once.
pub fn page(lesson: &'static Lesson) -> impl IntoView {
    let text = RwSignal::new(None::<Result<String, String>>);
    leptos::task::spawn_local(async move {
        let fetched = crate::fetch_text(&crate::lesson_text::url(lesson.slug)).await;
        text.try_set(Some(fetched));
        // The browser looked for the address's #anchor (a widget, from a shared link or
        // the glossary) before the prose arrived; go there now that it exists.
        request_animation_frame(scroll_to_hash);
    });
    // Fixed parts, the placeholder and the prose are markup (`course::frame_markup`,
    // `lesson_text`); only the widgets are views.
    let part = |html: String| view! { <div class="prose-part" inner_html=html></div> }.into_any();
    let body = move || match text.get() {
        Some(Ok(text)) => crate::lesson_text::segments(&text)
            .into_iter()
            .map(|segment| match segment {
                Segment::Html(html) => part(html),
                // Only the lesson's own widgets (ids as 'static, from the course list).
                Segment::Widget(id) => match lesson.widgets.iter().find(|w| **w == id) {
                    Some(id) => view! { <Widget id=*id/> }.into_any(),
                    None => part(crate::lesson_text::unknown_widget(&id)),
                },
            })
            .collect_view()
            .into_any(),
        Some(Err(e)) => part(crate::lesson_text::placeholder(Some(&e))),
        None => part(crate::lesson_text::placeholder(None)),
    };
    let (top, nav) = frame_markup(lesson);
    view! {
        <article class="prose lesson" data-lesson=lesson.slug>
            <div class="contents" inner_html=top></div>
            {body}
            <div class="contents" inner_html=nav></div>
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
