//! The chart worker's runtime (wasm32 only): holds the `OffscreenCanvas`es the UI
//! transfers to it and draws each [`PaintRequest::Paint`] on its canvas, answering every
//! one with [`PaintResponse::Painted`] (which the UI uses to pace its requests and to
//! show a drawing error under the chart).
//!
//! Drawing here keeps plotters out of the UI bundle and chart rendering off the UI
//! thread. The bench worker is never asked to draw: that would disturb its timings.

use super::backend::{context_of, OffscreenBackend};
use super::draw::{self, DrawError};
use super::series::Figure;
use crate::order::SmallMap;
use crate::plot::wire::{Frame, PaintRequest, PaintResponse};
use crate::protocol::{decode, encode, Params, Report};
use plotters::prelude::IntoDrawingArea;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    DedicatedWorkerGlobalScope, MessageEvent, OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

/// A canvas handed over, with the 2D context asked of it once (see `context_of`), or why
/// it gave none.
struct Attached {
    canvas: OffscreenCanvas,
    ctx: Result<OffscreenCanvasRenderingContext2d, String>,
}

thread_local! {
    /// The canvases handed over, by the UI's number.
    static CANVASES: RefCell<SmallMap<u32, Attached>> = const { RefCell::new(SmallMap::new()) };
    /// The last finished Run on this page of each widget and settings (slider values), the
    /// most recent last, for the next Run of the same settings (`topics::compared`).
    static LAST_RUNS: RefCell<Vec<(Params, Report)>> = const { RefCell::new(Vec::new()) };
}

/// How many Runs [`LAST_RUNS`] keeps (the oldest go first): a reader who tries a few
/// settings on several widgets and comes back still finds the Run to compare with.
const KEPT_RUNS: usize = 64;

/// A finished Run's text (`topics::written`), with how it compares to the page's previous
/// Run of the widget with the same settings, if any; this Run becomes that previous one.
fn written_after(report: Report, values: Params) -> crate::readout::Written {
    let mut written = crate::topics::written(&report, &values);
    let note = LAST_RUNS.with_borrow_mut(|runs| {
        let same = runs
            .iter()
            .position(|(v, r)| r.widget == report.widget && *v == values);
        let note = same.and_then(|i| crate::topics::compared(&runs[i].1, &report));
        if let Some(i) = same {
            runs.remove(i);
        } else if runs.len() >= KEPT_RUNS {
            runs.remove(0);
        }
        runs.push((values, report));
        note
    });
    if let Some(note) = note {
        // On a line of its own (the readout keeps line breaks: `white-space: pre-line`).
        written.sentence.push('\n');
        written.sentence.push_str(&note);
    }
    written
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &PaintResponse) {
    let _ = scope().post_message(&js_sys::Uint8Array::from(encode(msg).as_slice()));
}

/// Installs the message handler and tells the UI it is listening.
pub fn start() {
    // Debug builds keep panic messages: show them with their location (release traps).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Ok(parts) = event.data().dyn_into::<js_sys::Array>() else {
            return;
        };
        let Ok(bytes) = parts.get(0).dyn_into::<js_sys::Uint8Array>() else {
            return;
        };
        match decode::<PaintRequest>(&bytes.to_vec()) {
            Ok(PaintRequest::Attach { canvas }) => {
                if let Ok(offscreen) = parts.get(1).dyn_into::<OffscreenCanvas>() {
                    let ctx = context_of(&offscreen).map_err(|e| e.0);
                    let attached = Attached {
                        canvas: offscreen,
                        ctx,
                    };
                    CANVASES.with_borrow_mut(|m| m.insert(canvas, attached));
                }
            }
            Ok(PaintRequest::Paint {
                canvas,
                frame,
                plot,
            }) => {
                let figure = plot.as_ref().and_then(super::series::figure_of);
                let error = paint(canvas, frame, figure.as_ref())
                    .err()
                    .map(|e| e.to_string());
                post(&PaintResponse::Painted { canvas, error });
            }
            Ok(PaintRequest::Detach { canvas }) => {
                CANVASES.with_borrow_mut(|m| m.remove(&canvas));
            }
            Ok(PaintRequest::Write { job, done, values }) => {
                let written = match decode::<crate::protocol::Response>(&done) {
                    Ok(crate::protocol::Response::Done { report, .. }) => {
                        Ok(written_after(report, values))
                    }
                    Ok(_) => Err("the message was not a finished run".into()),
                    Err(e) => Err(e.to_string()),
                };
                post(&PaintResponse::Written { job, written });
            }
            // The UI reads our `Ready` with the same decoder: a page from another build
            // has already said so to the reader.
            Err(e) => web_sys::console::warn_1(&JsValue::from_str(&format!(
                "chart worker: unreadable message ({e})"
            ))),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&PaintResponse::Ready);
}

/// Resizes canvas `id` to `frame` (which clears it) and draws `figure`, if any.
fn paint(id: u32, frame: Frame, figure: Option<&Figure>) -> Result<(), DrawError> {
    CANVASES.with_borrow(|canvases| {
        let attached = canvases.get(&id).ok_or_else(|| {
            DrawError::Canvas("the chart worker was not given this canvas".into())
        })?;
        let ctx = attached
            .ctx
            .as_ref()
            .map_err(|e| DrawError::Canvas(e.clone()))?;
        let backend = OffscreenBackend::new(
            &attached.canvas,
            ctx,
            frame.width,
            frame.height,
            frame.scale,
        )
        .map_err(|e| DrawError::Canvas(e.0))?;
        let Some(figure) = figure else {
            return Ok(());
        };
        draw::set_dark(frame.dark);
        let area = backend.into_drawing_area();
        draw::figure(&area, figure)?;
        area.present().map_err(|e| DrawError::Plot(e.to_string()))
    })
}
