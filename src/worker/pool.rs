//! The threaded bench worker's rayon pool: Web Workers that share this worker's memory.
//!
//! How it starts. [`start`] makes a channel for rayon's per-thread builders and asks
//! `pool.js` to start `threads` Web Workers; each one loads this same module and memory and
//! calls [`run_pool_thread`], which waits on the channel. Then rayon's global pool is built
//! with a spawn handler that sends each thread's builder down the channel. Once every pool
//! thread has run a job it is past the channel, and the channel is freed, here, during
//! start-up.
//!
//! Why not wasm-bindgen-rayon's `init_thread_pool`, which does the same: its builder object
//! is handed to JavaScript and never freed by the crate. wasm-bindgen's `FinalizationRegistry`
//! frees it when the engine collects the wrapper, which on our pages was during the first
//! Run. So the first Run met a heap 528 bytes fuller than every later one, and small-n points
//! ran at two speeds (docs/first-runs.md, twenty-sixth and twenty-seventh sessions). This
//! module frees its channel at a moment we choose, before start-up reports Ready.

use crossbeam_channel::{bounded, Receiver, Sender};
use rayon::ThreadBuilder;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/worker/pool.js")]
extern "C" {
    /// Starts `count` pool threads; resolves when each has loaded the module and waits on
    /// the channel at `handoff`.
    #[wasm_bindgen(js_name = startPoolThreads, catch)]
    fn start_pool_threads(
        glue: &js_sys::JsString,
        module: JsValue,
        memory: JsValue,
        handoff: usize,
        count: usize,
    ) -> Result<js_sys::Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The URL of this build's JavaScript glue, which a pool thread imports.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: js_sys::JsString;
}

/// Runs on each pool thread (called by `pool.js`): takes this thread's rayon builder off the
/// channel at `handoff` and runs rayon's loop on it for as long as the worker lives.
///
/// `handoff` is the address [`start`] passed to `pool.js`; the channel stays alive until
/// every thread has taken its builder. Exported to JavaScript only for `pool.js`.
#[wasm_bindgen(js_name = runPoolThread)]
pub fn run_pool_thread(handoff: usize) {
    // SAFETY: `handoff` is the address of the `Receiver` boxed in `start`, which outlives
    // every pool thread's `recv` (see `start`). No other caller passes an address here.
    let receiver = unsafe { &*(handoff as *const Receiver<ThreadBuilder>) };
    if let Ok(thread) = receiver.recv() {
        thread.run();
    }
}

/// Starts the global rayon pool on `threads` Web Workers. Returns the pool's thread count,
/// or why there is no pool.
pub async fn start(threads: usize) -> Result<usize, String> {
    if threads == 0 {
        return Err("a pool needs at least one thread".into());
    }
    let (sender, receiver) = bounded::<ThreadBuilder>(threads);
    let receiver = Box::new(receiver);
    let handoff = &*receiver as *const Receiver<ThreadBuilder> as usize;
    match build(&sender, handoff, threads).await {
        Ok(()) => {
            // Each pool thread took its builder before it could run a job, so after this
            // no thread touches the channel again.
            rayon::broadcast(|_| ());
            drop(sender);
            drop(receiver);
            Ok(rayon::current_num_threads())
        }
        Err(why) => {
            // Threads that did start may still wait in `recv`: the channel must outlive them.
            std::mem::forget(sender);
            Box::leak(receiver);
            Err(why)
        }
    }
}

async fn build(
    sender: &Sender<ThreadBuilder>,
    handoff: usize,
    threads: usize,
) -> Result<(), String> {
    let glue = GLUE_URL.with(Clone::clone);
    let started = start_pool_threads(
        &glue,
        wasm_bindgen::module(),
        wasm_bindgen::memory(),
        handoff,
        threads,
    )
    .map_err(|e| crate::js_error_message(&e))?;
    JsFuture::from(started)
        .await
        .map_err(|e| crate::js_error_message(&e))?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(|thread| {
            // The channel has room for every thread, so this never waits.
            sender
                .send(thread)
                .map_err(|_| std::io::Error::other("the pool's channel closed"))
        })
        .build_global()
        .map_err(|e| e.to_string())
}
