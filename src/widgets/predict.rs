//! "Predict first": an optional panel beside a widget's Run button. The reader picks the
//! variant they expect to be fastest at the largest size and how many times faster than
//! the slowest; the prediction is kept with their progress, and after each run the panel
//! says how close it was (`prediction::verdict`, pure and native-tested).
//!
//! The panel is markup (`prediction::form_markup`, `prediction::result_markup`) with one
//! listener per event kind on its root: the form's own state (the chosen variant, the
//! slider's position) lives in the DOM until Save, so nothing re-renders under the
//! reader's pointer.

use super::state::RunState;
use crate::prediction::{self, factor_of, Prediction};
use crate::protocol::Point;
use leptos::prelude::*;

/// The panel for `widget`, whose variants are `(id, label)`.
#[component]
pub fn PredictPanel(
    widget: &'static str,
    variants: Vec<(&'static str, &'static str)>,
    points: RwSignal<Vec<Point>>,
    state: RwSignal<RunState>,
) -> impl IntoView {
    let progress = super::progress::progress();
    let stored = move || progress.with(|p| p.predicted.get(widget).cloned());
    let ids: Vec<&'static str> = variants.iter().map(|(id, _)| *id).collect();
    // The panel's two parts as markup, rewritten only when their text changes (never under
    // the reader's pointer for an unrelated change of progress). Signals of text set from
    // an effect rather than memos: the UI already links both, a memo of text would be a
    // third kind of reactive node.
    let form = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let set = |signal: RwSignal<String>, text: String| {
        if signal.with_untracked(|s| *s != text) {
            signal.set(text);
        }
    };
    crate::view::effect(move || {
        let p = stored();
        set(form, prediction::form_markup(widget, &variants, p.as_ref()));
        let verdict = || {
            let p = p?;
            (state.get() == RunState::Done).then_some(())?;
            let v = points.with(|pts| prediction::verdict(&p, &ids, pts))?;
            Some(prediction::result_markup(widget, &p, &v))
        };
        set(result, verdict().unwrap_or_default());
    });
    let root = NodeRef::<leptos::html::Div>::new();
    // The form's state, read from the DOM when Save is pressed.
    let field = move |selector: &str| {
        root.get_untracked()
            .and_then(|r| r.query_selector(selector).ok().flatten())
    };
    let on_change = move |ev: leptos::ev::Event| {
        if crate::event_element(&ev, "input[type=radio]").is_some() {
            if let Some(save) = field("[data-action=save]") {
                let _ = save.remove_attribute("disabled");
            }
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let Some(t) = crate::event_element(&ev, "input") else {
            return;
        };
        if t.get_attribute("name").as_deref() != Some("predict-factor") {
            return;
        }
        let step = crate::format::parse_number(&event_target_value(&ev)).unwrap_or(0.0);
        let shown = crate::format::ratio(factor_of(step));
        let _ = t.set_attribute("aria-valuetext", &shown);
        if let Some(output) = field("output") {
            output.set_text_content(Some(&shown));
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let action =
            crate::event_element(&ev, "[data-action]").and_then(|t| t.get_attribute("data-action"));
        match action.as_deref() {
            Some("change") => super::progress::set_prediction(widget, None),
            Some("save") => {
                let winner =
                    field("input[type=radio]:checked").and_then(|c| c.get_attribute("value"));
                let step = field("input[name=predict-factor]")
                    .map(|s| event_value(&s))
                    .and_then(|v| crate::format::parse_number(&v));
                if let Some(p) = winner
                    .zip(step)
                    .and_then(|(w, s)| Prediction::new(&w, factor_of(s)))
                {
                    super::progress::set_prediction(widget, Some(p));
                }
            }
            _ => {}
        }
    };
    view! {
        <div class="predict" data-predict=widget node_ref=root
            on:change=on_change on:input=on_input on:click=on_click>
            <div class="contents" inner_html=move || form.get()></div>
            <div class="contents" inner_html=move || result.get()></div>
        </div>
    }
}

/// An input's current value (its `value` property, which the attribute does not follow).
fn event_value(input: &web_sys::Element) -> String {
    js_sys::Reflect::get(input, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
