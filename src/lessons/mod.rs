//! Lesson pages: the prose of `content/lessons/<slug>.html` (see `lesson_text`) with the
//! widgets mounted where its markers say; the glossary is built from the course's terms.
//! The figures a page quotes come from its widgets' live readouts.

mod glossary;

use crate::course::{neighbours, Lesson};
use crate::lesson_text::Segment;
use crate::widgets::Widget;
use leptos::prelude::*;
use leptos_router::components::A;

/// The page for `lesson`, framed with its heading and previous/next links.
pub fn page(lesson: &'static Lesson) -> impl IntoView {
    let body = match (lesson.slug, crate::lesson_text::html(lesson.slug)) {
        ("glossary", _) => glossary::body().into_any(),
        (_, Some(text)) => crate::lesson_text::segments(text)
            .into_iter()
            .map(|segment| match segment {
                Segment::Html(html) => {
                    view! { <div class="prose-part" inner_html=html></div> }.into_any()
                }
                Segment::Widget(id) => view! { <Widget id=id/> }.into_any(),
            })
            .collect_view()
            .into_any(),
        _ => view! { <p role="alert">"This lesson has no page yet."</p> }.into_any(),
    };
    let (prev, next) = neighbours(lesson.slug);
    view! {
        <article class="prose lesson" data-lesson=lesson.slug>
            <p class="eyebrow">{format!("Lesson {}", lesson.number)}</p>
            <h1>{lesson.title}</h1>
            {body}
            <nav class="lesson-nav" aria-label="Previous and next lesson">
                {prev.map(|l| view! { <A href=format!("/lessons/{}", l.slug) attr:rel="prev">{format!("← {}", l.title)}</A> })}
                {next.map(|l| view! { <A href=format!("/lessons/{}", l.slug) attr:rel="next">{format!("{} →", l.title)}</A> })}
            </nav>
        </article>
    }
}
