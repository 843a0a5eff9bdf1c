//! Lesson pages, one file each. A page is prose with widgets placed where the prose
//! talks about them; the figures a page quotes come from its widgets' live readouts.

mod async_io;
mod caching;
mod data_structures;
mod glossary;
mod measuring_time;
mod memory;
mod optimizing;
mod parallel_processing;
mod profiling;
mod resources;
mod vectorization;

use crate::course::{neighbours, Lesson};
use leptos::prelude::*;
use leptos_router::components::A;

/// The page for `lesson`, framed with its heading and previous/next links.
pub fn page(lesson: &'static Lesson) -> impl IntoView {
    let body = match lesson.slug {
        "measuring-time" => measuring_time::body().into_any(),
        "data-structures" => data_structures::body().into_any(),
        "parallel-processing" => parallel_processing::body().into_any(),
        "profiling" => profiling::body().into_any(),
        "vectorization" => vectorization::body().into_any(),
        "async-io" => async_io::body().into_any(),
        "memory" => memory::body().into_any(),
        "caching" => caching::body().into_any(),
        "optimizing" => optimizing::body().into_any(),
        "resources" => resources::body().into_any(),
        "glossary" => glossary::body().into_any(),
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
