//! What every part of the bench worker does with its own global scope: post a
//! [`Response`] to the page, wait on a timer, ask whether the page is cross-origin
//! isolated. Below both `runtime` (the message loop, the sweeps) and `waits` (the runs
//! that wait), so neither imports the other for them.

use crate::protocol::{encode, Response};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::DedicatedWorkerGlobalScope;

/// This worker's global scope.
pub(super) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub(super) fn post(msg: &Response) {
    // Posting bytes to our own parent cannot fail in a dedicated worker. The copy into a
    // fresh Uint8Array also takes the bytes out of (possibly shared) wasm memory.
    let _ = scope().post_message(&js_sys::Uint8Array::from(encode(msg).as_slice()));
}

/// Resolves `ms` milliseconds from now (a `setTimeout` promise); a timer that cannot be
/// scheduled resolves at once.
pub(super) fn sleep_ms(ms: f64) -> JsFuture {
    let promise = Promise::new(&mut |resolve, _reject| {
        if scope()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.round() as i32)
            .is_err()
        {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    JsFuture::from(promise)
}

/// `crossOriginIsolated` as this worker sees it.
pub(super) fn is_isolated() -> bool {
    Reflect::get(&scope(), &JsValue::from_str("crossOriginIsolated"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
