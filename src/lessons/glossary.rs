//! Lesson 11, Glossary and what's next: the seed's key terms, each defined and linked to
//! the widget that shows it.

use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "Each term of the course, defined in a paragraph, with a link to the widget that lets you see it "
            "on your own machine. The definitions are short; the widgets are the long version."
        </p>
        <dl class="glossary">
            {crate::course::GLOSSARY.iter().map(|(term, definition, slug, widget)| {
                let title = crate::topics::widget(widget).map_or(*widget, |w| w.title);
                view! {
                    <div class="term" data-term=*term>
                        <dt>{*term}</dt>
                        <dd>
                            <p>{*definition}</p>
                            <p class="see">"See it: "<a href=format!("/lessons/{slug}#{widget}")>{title}</a></p>
                        </dd>
                    </div>
                }
            }).collect_view()}
        </dl>

        <h2>"What's next"</h2>
        <p>
            "The habits outlast the examples. Measure before changing anything, and measure the whole "
            "program, not only the part you suspect. Check that a faster version gives the same answers. "
            "Compare at the sizes your program really meets, with enough repetitions to see the spread, and "
            "remember that a figure from one machine and one browser is a fact about them. Then choose the "
            "cheapest change that moves the figure that matters: a better data structure usually beats a "
            "clever loop, and not doing the work at all beats both."
        </p>
        <p>
            "The seed's next lesson is an end-to-end data project: planning a pipeline, building it, "
            "documenting it and presenting the results. Every stage of such a pipeline is a place to apply "
            "this course: profile the pipeline once it works, and optimize the stage the profile names."
        </p>
    }
}
