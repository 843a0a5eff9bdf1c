//! The app shell: router, page chrome, home page and not-found page.
//! Routes come from the course registry (`course::LESSONS`).

use crate::course::{self, LESSONS};
use crate::lessons;
use crate::widgets::env::{EnvBanner, EnvPanel};
use crate::worker::client::{self, WorkerStatus};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let status = RwSignal::new(WorkerStatus::Starting);
    provide_context(status);
    client::init(status);
    crate::widgets::progress::provide();
    crate::widgets::theme::dark();

    // Tests and tools wait for this attribute: the app has mounted.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-ready", "true");
        }
    });

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <A href="/" attr:class="brand">"Benchbook"</A>
                <nav aria-label="Lessons">
                    <ul>
                        {LESSONS
                            .iter()
                            .map(|l| {
                                let href = format!("/lessons/{}", l.slug);
                                view! { <li><A href=href>{format!("{}. {}", l.number, l.title)}</A></li> }
                            })
                            .collect_view()}
                    </ul>
                </nav>
                <crate::widgets::theme::ThemeToggle/>
            </header>
            <EnvBanner/>
            <main id="main">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/lessons/:slug") view=LessonRoute/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>
                    "Every figure on these pages is measured live in your browser by Rust compiled to WebAssembly, "
                    "running in a Web Worker. Numbers differ between machines: that is the point."
                </p>
            </footer>
        </Router>
    }
}

/// The home page: what this is, the course map, and the environment panel.
#[component]
fn Home() -> impl IntoView {
    set_title("Benchbook");
    view! {
        <article class="prose home">
            <h1>"Benchbook"</h1>
            <p class="lede">
                "A course on making programs fast in which every claim comes with a benchmark you run yourself. "
                "Read a paragraph, move a slider, press Run, and see the claim hold up (or not) on your own machine."
            </p>
            <h2>"How to read a widget"</h2>
            <ul>
                <li>"Sliders choose the sizes to measure; their values are kept in the address bar, so a link reproduces your setup."</li>
                <li>"Run measures every variant at every size in a background worker; Stop ends it at once. The page never freezes, except in the one widget whose subject is freezing, and only when you press its Run."</li>
                <li>"Variants must compute the same result before any time is shown. Each figure is a median of repeated, calibrated samples; bars show the fastest and slowest sample."</li>
                <li>"The sentence under the chart is written from your run, and the table below it holds the same numbers. \u{201c}Show the code\u{201d} reveals the exact Rust that ran."</li>
            </ul>
            <h2>"The course"</h2>
            <ol class="course-map">
                {LESSONS
                    .iter()
                    .map(|l| {
                        let href = format!("/lessons/{}", l.slug);
                        let progress = crate::widgets::progress::progress();
                        let read = move || progress.with(|p| p.read.contains(l.slug));
                        let ran = move || progress.with(|p| p.widgets_run(l));
                        view! {
                            <li value=l.number data-lesson=l.slug data-read=move || read().to_string()>
                                <A href=href>{l.title}</A>
                                <span class="summary">{l.summary}</span>
                                {l.partial.then(|| view! { <span class="badge">"first part"</span> })}
                                <span class="progress-note">
                                    {move || {
                                        let (done, all) = ran();
                                        let mut parts = Vec::new();
                                        if read() { parts.push("read".to_owned()); }
                                        if all > 0 && done > 0 { parts.push(format!("{done} of {all} widgets run")); }
                                        parts.join(" · ")
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p class="progress-controls">
                "Your progress is remembered in this browser only. "
                <crate::widgets::progress::ResetProgress/>
            </p>
            <EnvPanel/>
        </article>
    }
}

/// `/lessons/:slug`: the lesson page, or not-found for an unknown slug.
#[component]
fn LessonRoute() -> impl IntoView {
    let params = use_params_map();
    move || {
        let slug = params.read().get("slug").unwrap_or_default();
        match course::lesson(&slug) {
            Some(lesson) => {
                set_title(&format!("{}. {} — Benchbook", lesson.number, lesson.title));
                crate::widgets::progress::mark_read(lesson.slug);
                lessons::page(lesson).into_any()
            }
            None => view! { <NotFound/> }.into_any(),
        }
    }
}

/// Any path the app does not know.
#[component]
fn NotFound() -> impl IntoView {
    set_title("Page not found — Benchbook");
    view! {
        <article class="prose not-found" data-page="not-found">
            <h1>"This page does not exist"</h1>
            <p>"The address may be mistyped, or the lesson may not have been written yet. These lessons exist:"</p>
            <ul>
                {LESSONS
                    .iter()
                    .map(|l| {
                        let href = format!("/lessons/{}", l.slug);
                        view! { <li><A href=href>{format!("Lesson {}: {}", l.number, l.title)}</A></li> }
                    })
                    .collect_view()}
            </ul>
            <p><A href="/">"Back to the course map"</A></p>
        </article>
    }
}

fn set_title(text: &str) {
    document().set_title(text);
}
