// Benchbook's Python worker: CPython compiled to WebAssembly (Pyodide, from the npm
// package, served by this site under /pyodide/) times the Python twin of a widget.
// Started by the page only when a reader first presses "Run in Python"; stopped by
// terminating it (Stop), so no Python code, however endless, can hold the page.
//
// Protocol (src/python_panel.rs decodes these; every message is a plain object):
//   page -> worker  {type: "run", code, functions: [name], sizes: [n], params: {slider: value}}
//   worker -> page  {type: "loading"}                        Pyodide is being loaded
//                   {type: "ready", version, load_ms,        loaded (once per worker), and one
//                    step_ms}                                step of the event loop, ms
//                   {type: "started", tick_ns, total}        the code compiled; timing starts
//                   {type: "point", function, n, samples_ns, batch, shortest_ns,
//                    first_call_ns, answer}                  one measured point
//                   {type: "skipped", function, n, reason}
//                   {type: "stdout", text}                   what the code printed
//                   {type: "failed", kind, line, message}    syntax, exception, answer, missing,
//                                                            numpy, load
//                   {type: "done"}
// The timing itself is src/python/harness.py, run inside Python.
let python = null;

async function load() {
  if (python) return python;
  self.postMessage({ type: "loading" });
  const start = performance.now();
  const { loadPyodide } = await import("/pyodide/pyodide.mjs");
  // A worker has no prompt(): reading stdin (input()) gets end-of-file instead.
  const py = await loadPyodide({ indexURL: "/pyodide/", stdin: () => null });
  py.setStdout({ batched: (text) => self.postMessage({ type: "stdout", text }) });
  py.setStderr({ batched: (text) => self.postMessage({ type: "stdout", text }) });
  // The harness, and the input generator twins import (`from benchbook import ...`).
  const [harness, generator] = await Promise.all(["/python/harness.py", "/python/benchbook.py"].map((u) => fetch(u)));
  for (const r of [harness, generator]) if (!r.ok) throw new Error(`${r.url} could not be loaded (HTTP ${r.status})`);
  py.FS.writeFile("/home/pyodide/benchbook.py", await generator.text());
  py.runPython(await harness.text(), { filename: "harness.py" });
  const load_ms = performance.now() - start;
  // One step of the event loop, measured once: an async twin's total includes it after
  // every wait (4 ms in Safari's engine, where Pyodide schedules steps with setTimeout(0)).
  const stepMs = py.globals.get("event_loop_step_ms");
  let step_ms;
  try {
    step_ms = await stepMs();
  } finally {
    stepMs.destroy();
  }
  python = py;
  self.postMessage({ type: "ready", version: py.version, load_ms, step_ms });
  return py;
}

self.onmessage = async (event) => {
  const message = event.data;
  if (!message || message.type !== "run") return;
  let py;
  try {
    py = await load();
  } catch (error) {
    self.postMessage({ type: "failed", kind: "load", line: null, message: `Python could not be loaded: ${error && error.message ? error.message : error}` });
    return;
  }
  const run = py.globals.get("run");
  try {
    // run is a coroutine (async twins await simulated requests): awaiting its proxy runs
    // it on Pyodide's event loop, whose timers are this worker's.
    await run(message.code, JSON.stringify(message.functions), JSON.stringify(message.sizes), JSON.stringify(message.params || {}),
      (json) => self.postMessage(JSON.parse(json)));
  } catch (error) {
    // The harness reports the reader's errors itself; this is the harness failing.
    self.postMessage({ type: "failed", kind: "exception", line: null, message: String(error && error.message ? error.message : error) });
  } finally {
    run.destroy();
  }
};
