//! The UI's smallest shared pieces (Leptos, no app state): the effect helper, the block a
//! chart and its table share, and the sorter of markup tables. Below both the generic widget shell
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

/// The chart of a widget's details: given the canvas's accessible label, the `<figure>` with
/// the canvas the shell paints (and its alert if painting fails). The shell owns the
/// surface; a widget's details view places the chart where its layout wants it.
pub type Chart<'a> = &'a dyn Fn(String) -> AnyView;

/// A widget's details block written as markup (`html::Block`): one Leptos view type for
/// every such block, so a widget's table costs the UI only the text that writes it. The
/// markup sits in `display: contents` wrappers, around the chart when the block has one.
pub fn markup_block(block: crate::html::Block, chart: Chart) -> AnyView {
    let crate::html::Block {
        class,
        kind,
        before,
        chart: label,
        after,
    } = block;
    view! {
        <div class=class data-details=(!kind.is_empty()).then_some(kind) on:click=sort_rows>
            <div class="contents" inner_html=before></div>
            {label.map(chart)}
            {(!after.is_empty()).then(|| view! { <div class="contents" inner_html=after></div> })}
        </div>
    }
    .into_any()
}

/// A click on a sortable table's heading (a button with `data-sort`, as
/// `html::sort_attribute` describes): orders the table's rows by that column, largest
/// first, and marks the heading `aria-sort="descending"`. Other clicks pass.
pub fn sort_rows(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let Some(button) = crate::event_element(&ev, "button[data-sort]") else {
        return;
    };
    let (Some(label), Ok(Some(table))) =
        (button.get_attribute("data-sort"), button.closest("table"))
    else {
        return;
    };
    let key = crate::html::sort_attribute(&label);
    let (Ok(Some(body)), Ok(heads)) = (
        table.query_selector("tbody"),
        table.query_selector_all("th[aria-sort]"),
    ) else {
        return;
    };
    for i in 0..heads.length() {
        if let Some(th) = heads
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let by = th.contains(Some(&button));
            let _ = th.set_attribute("aria-sort", if by { "descending" } else { "none" });
        }
    }
    let children = body.children();
    let mut rows: Vec<(f64, web_sys::Element)> = (0..children.length())
        .filter_map(|i| children.item(i))
        .map(|row| {
            let figure = row
                .get_attribute(&key)
                .and_then(|v| crate::format::parse_number(&v))
                .unwrap_or(f64::NEG_INFINITY);
            (figure, row)
        })
        .collect();
    crate::order::sort_small_by(&mut rows, |a, b| a.0 > b.0);
    for (_, row) in rows {
        let _ = body.append_child(&row);
    }
}
