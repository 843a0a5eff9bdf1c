//! "Predict first": an optional panel beside a widget's Run button. The reader picks the
//! variant they expect to be fastest at the largest size and how many times faster than
//! the slowest; the prediction is kept with their progress, and after each run the panel
//! says how close it was (`prediction::verdict`, pure and native-tested).

use super::state::RunState;
use crate::prediction::{self, Prediction, FACTOR_RANGE};
use crate::protocol::Point;
use leptos::prelude::*;

/// Slider steps per decade of the factor slider (log scale).
const STEPS_PER_DECADE: f64 = 4.0;

fn factor_of(step: f64) -> f64 {
    10f64.powf(step / STEPS_PER_DECADE)
}

/// The panel for `widget`, whose variants are `(id, label)`.
#[component]
pub fn PredictPanel(
    widget: &'static str,
    variants: Vec<(&'static str, &'static str)>,
    points: RwSignal<Vec<Point>>,
    state: RwSignal<RunState>,
) -> impl IntoView {
    let progress = super::progress::progress();
    let stored = Memo::new(move |_| progress.with(|p| p.predicted.get(widget).cloned()));
    let ids: Vec<&'static str> = variants.iter().map(|(id, _)| *id).collect();
    let choice = RwSignal::new(None::<&'static str>);
    let step = RwSignal::new(STEPS_PER_DECADE); // 10×
    let max_step = FACTOR_RANGE.1.log10() * STEPS_PER_DECADE;
    let save = move |_| {
        if let Some(p) = choice
            .get_untracked()
            .and_then(|w| Prediction::new(w, factor_of(step.get_untracked())))
        {
            super::progress::set_prediction(widget, Some(p));
        }
    };
    let result = {
        let ids = ids.clone();
        move || {
            let p = stored.get()?;
            (state.get() == RunState::Done).then_some(())?;
            let v = points.with(|pts| prediction::verdict(&p, &ids, pts))?;
            Some(view! {
                <p class="prediction-result" role="status"
                    data-prediction-result=if v.winner_right { "right" } else { "wrong" }>
                    {prediction::sentence(widget, &p, &v)}
                </p>
            })
        }
    };
    let name = format!("predict-{widget}");
    view! {
        <div class="predict" data-predict=widget>
            {move || match stored.get() {
                Some(p) => view! {
                    <p class="muted" data-prediction=p.winner.clone()>
                        {format!("Your prediction: {} fastest, about {} faster than the slowest. ",
                            crate::topics::label(widget, &p.winner), crate::format::ratio(p.factor))}
                        <button type="button" on:click=move |_| super::progress::set_prediction(widget, None)>"Change it"</button>
                    </p>
                }.into_any(),
                None => view! {
                    <details>
                        <summary>"Predict first (optional)"</summary>
                        <fieldset>
                            <legend>"Which will be fastest at the largest size?"</legend>
                            {variants.iter().map(|&(id, label)| {
                                let name = name.clone();
                                view! {
                                    <label class="choice">
                                        <input type="radio" name=name value=id
                                            on:change=move |_| choice.set(Some(id))/>
                                        {label}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <label class="slider">
                            "How many times faster than the slowest? "
                            <input type="range" name="predict-factor" min="0" max=crate::format::shortest(max_step) step="1"
                                prop:value=move || crate::format::shortest(step.get())
                                aria-valuetext=move || crate::format::ratio(factor_of(step.get()))
                                on:input=move |ev| {
                                    if let Some(v) = crate::format::parse_number(&event_target_value(&ev)) {
                                        step.set(v);
                                    }
                                }/>
                            <output>{move || crate::format::ratio(factor_of(step.get()))}</output>
                        </label>
                        <button type="button" disabled=move || choice.get().is_none() on:click=save>"Save my prediction"</button>
                    </details>
                }.into_any(),
            }}
            {result}
        </div>
    }
}
