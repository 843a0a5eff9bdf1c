//! The UI's smallest shared pieces (Leptos, no app state): the effect helper, table
//! headings and the block a chart and its table share. Below both the generic widget shell
//! (`widgets`) and the widgets' own views in `topics`, so that a widget's details table can
//! live in its own file without that file importing the shell.

use leptos::prelude::*;

/// Runs `f` now and again whenever a signal it read changes (a Leptos `Effect`). Every
/// effect of the UI goes through here as one boxed closure type, so `Effect::new`'s
/// machinery (several KB of wasm per closure type) is compiled once, not once per effect.
pub fn effect(f: impl FnMut() + 'static) {
    let boxed: Box<dyn FnMut()> = Box::new(f);
    Effect::new(boxed);
}

/// A table's column headings (`<thead>`), one `<th scope="col">` each: the tables under the
/// charts all label their columns this way.
pub fn column_heads(labels: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead><tr>
            {labels.iter().map(|label| view! { <th scope="col">{*label}</th> }).collect_view()}
        </tr></thead>
    }
}

/// The chart of a widget's details: given the canvas's accessible label, the `<figure>` with
/// the canvas the shell paints (and its alert if painting fails). The shell owns the
/// surface; a widget's details view places the chart where its layout wants it.
pub type Chart<'a> = &'a dyn Fn(&'static str) -> AnyView;

/// A details block with a chart above its data table (the table is the chart's text
/// alternative).
pub fn charted(kind: &'static str, heading: String, chart: AnyView, table: AnyView) -> AnyView {
    view! {
        <div class="details" data-details=kind>
            <h4>{heading}</h4>
            {chart}
            <div class="table-wrap">{table}</div>
        </div>
    }
    .into_any()
}

/// A details block that is one table: its caption, its column headings and its rows.
pub fn details_table(
    kind: &'static str,
    caption: &'static str,
    heads: &'static [&'static str],
    rows: AnyView,
) -> AnyView {
    view! {
        <div class="table-wrap details" data-details=kind>
            <table class="results">
                <caption>{caption}</caption>
                {column_heads(heads)}
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
