// The threaded bench worker's pool threads (src/worker/pool.rs). This one module is both
// sides: the bench worker's glue imports it to start the threads, and each thread runs it
// as its script, recognised by its worker name.

const THREAD_NAME = "benchbook pool thread";

// Kept for the worker's lifetime. Firefox collects a worker that shares a WebAssembly memory
// but that nothing references (https://bugzilla.mozilla.org/show_bug.cgi?id=1702191).
let threads = [];

// Starts `count` threads and resolves once each has loaded `module` on `memory` and waits
// for its rayon builder on the channel at `handoff`.
export async function startPoolThreads(glue, module, memory, handoff, count) {
  const message = { glue: String(glue), module, memory, handoff };
  const starting = [];
  for (let i = 0; i < count; i++) starting.push(startThread(message, i));
  threads = await Promise.all(starting);
}

function startThread(message, index) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(import.meta.url, { type: "module", name: THREAD_NAME });
    worker.onmessage = ({ data }) => {
      worker.onmessage = null;
      worker.onerror = null;
      if (data && data.ready) resolve(worker);
      else reject(new Error(`pool thread ${index} did not start: ${data && data.failed}`));
    };
    worker.onerror = (event) => {
      reject(new Error(`pool thread ${index} did not start: ${event.message || "worker error"}`));
    };
    worker.postMessage(message);
  });
}

if (typeof WorkerGlobalScope !== "undefined" && self.name === THREAD_NAME) {
  self.onmessage = async ({ data }) => {
    self.onmessage = null;
    let glue;
    try {
      glue = await import(data.glue);
      await glue.default({ module_or_path: data.module, memory: data.memory });
    } catch (e) {
      postMessage({ failed: String(e && e.message ? e.message : e) });
      return;
    }
    postMessage({ ready: true });
    // Blocks this thread in rayon's loop for the worker's lifetime.
    glue.runPoolThread(data.handoff);
  };
}
