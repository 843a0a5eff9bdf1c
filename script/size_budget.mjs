// The bundle size budget (run by script/test after the release build; deterministic, so it
// may fail the build). Each artifact's wasm + JS glue, gzip -9, against its budget; over
// budget, it prints the artifact's largest functions, read from wasm-bindgen's output
// (before wasm-opt strips the names), and exits 1.
//
// `node script/size_budget.mjs [--top N]` prints the sizes, and the N largest functions of
// each artifact, whatever the budget says.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const NAMED = path.join(ROOT, "target/wasm-bindgen/release");

/**
 * Budgets in bytes (gzip -9 of wasm + JS). Each is where its artifact stands today plus a
 * little room (UI 223.4 KB on 2026-12-01, eighth session: the glossary fetched as prose like
 * the lessons, 238.1 -> 234.6 KB, and the home page's fixed text as markup, -> 234.4 KB, paid
 * for the phone's folding lesson menu, +0.9 KB; the results table's rows as markup,
 * `table::rows`, 234.4 -> 232.8 KB; the environment panel as markup, `engine::panel`, -> 230.1
 * KB; the ranking and the resource monitor's readings as markup, `ranking::table` and
 * `resources::table`, -> 228.9 KB; "Show the code that ran" and the native Python note as
 * markup, `kernels::source_markup` and `python_figures::note_markup`, -> 226.7 KB; the home
 * page's course map, `Progress::course_map`, -> 225.7 KB; a widget's status lines,
 * `status::lines`, -> 223.4 KB; the prediction panel as markup with one listener per event
 * kind, `prediction::form_markup`, -> 221.0 KB; the profile's sortable table written by the
 * chart worker and sorted in the page, `view::sort_rows`, -> 217.1 KB, chart worker 121.7 ->
 * 122.8 KB; a widget's head and stale notice, the environment panel's waiting lines and the
 * page banner as markup, -> 215.6 KB; every chart's figure built in the chart worker from
 * the data the UI sends (`plot::wire::Plot`, `series::figure_of`: the UI links neither the
 * figure builders nor the figure types), -> 209.0 KB, chart worker 122.8 -> 126.9 KB; three
 * memos made plain reads (a memo compares each new value with the last: the one over a run's
 * details linked `Details`' derived equality and clone, the ranking's and the prediction's
 * their own), -> 204.6 KB; four derived signals passed to the chart and the share bar made
 * reads inside them (each `Signal<T>` type is its own arena and subscriber code), -> 201.2
 * KB; the pool size and the permalink read where used instead of memoized, the share bar's
 * four buttons on one listener, the run's message kept with its written text instead of in
 * a signal of its own, -> 199.7 KB: issue 17's goal, 200 KB, which is now the budget; the
 * prediction panel's two memos of markup made signals of text set from an effect (no memo
 * type left in the UI), -> 198.4 KB; one helper for listeners that serve many buttons, `event_element`, +0.1 KB). The
 * chart worker writes every run's sentence and details markup (the widgets' prose: their text,
 * formatting and the report decoder it reads them from): UI 255.4 -> 236.7 KB, chart worker
 * 78.6 -> 119.6 KB, loaded once the bench worker is ready, off the page's first paint. Byte
 * axes with ticks at whole binary sizes (powers of two on log axes, the resource monitor
 * drawn in its largest unit) took the chart worker 119.7 -> 120.4 KB (a linspace axis in
 * plotters instead would have cost 4.3 KB: a second copy of the mesh code). Readouts that
 * name a tie (chunk-size's range of equally fast sizes) and read memo-fib's growth between
 * sizes of one parity: 120.4 -> 121.2 KB. The Python panel costs the UI about 3.4 KB (the shell
 * under each widget with a twin and the context text it hands the panel); the panel itself
 * (editor, worker protocol, markup, the answers it checks, its sentence) is its own module,
 * loaded when a reader first opens a panel, beside 13 MB of Pyodide. Moving the sentence and
 * the context's arithmetic there took the UI 261.0 -> 257.9 KB and the panel 42.8 -> 45.1 KB.
 * wasm-opt removes server_fn's unused wasm-streams exports from the three `ui` modules (UI
 * 256.8 -> 255.4 KB, chart worker 80.0 -> 78.6 KB, panel 45.0 -> 43.7 KB). The workers keep the kernels' source text out of
 * them (it used to ride along in every worker: about 35 KB gzipped each). Their allocator's
 * cache-line placement of large blocks (src/alloc.rs) links dlmalloc's memalign path:
 * +2.7 KB threaded, +1.1 KB single-thread. The spin-up before each run's first reading
 * (`harness::spin_up`): +0.2 KB threaded (196.8 -> 197.0 KB), +0.2 KB single-thread. The machine
 * check (`harness::machine`: a fixed loop timed at a run's start and after each size, its
 * times in the report, the readout's note when they spread over 5% and its
 * `data-machine-ns`): UI 198.6 -> 199.0 KB, threaded worker 197.0 -> 197.8 KB, single-thread
 * 177.8 -> 179.2 KB (the report's encoder is no longer inlined into the response's: most of
 * it), chart worker 126.9 -> 127.6 KB (the note). The readout's comparison of a Run with the
 * page's previous Run of the same settings (`readout::rerun_note`, the chart worker keeping each
 * widget's last report): chart worker 127.6 -> 129.5 KB. A third pass for the points whose two
 * passes disagree (`Runner::third_pass`, `Measurement::passes`, the worker's loop that grows the
 * progress total, the table's "fastest of 3 passes"): threaded worker 198.0 -> 198.8 KB,
 * single-thread 179.4 -> 180.2 KB, UI 199.1 -> 199.3 KB, chart worker 129.5 -> 129.6 KB. The
 * comparison with the previous Run naming a change in the machine's own speed between the two
 * (`harness::machine::typical`): chart worker 129.6 -> 129.9 KB.
 */
export const BUDGETS = [
  { name: "UI", stem: "benchbook", budget: 200_000, engineNumbers: true },
  { name: "threaded worker", stem: "worker_mt", budget: 199_000 },
  { name: "single-thread worker", stem: "worker_st", budget: 180_400 },
  { name: "chart worker", stem: "worker_charts", budget: 130_000 },
  { name: "Python panel", stem: "python_panel", budget: 44_500, engineNumbers: true },
];

/**
 * Rust's float formatting and parsing (core's flt2dec and dec2flt, with their tables: about
 * 20 KB of wasm). Bundles marked `engineNumbers` read and write numbers through the engine
 * (`format::parse_number`, `format::fixed`, `format::shortest`); one `{:.1}` or `{}` of an
 * f64 brings Rust's back, so finding any of these functions in them fails the build.
 */
const RUST_FLOAT_TEXT = /core\[[0-9a-f]+\]::(num::imp::(flt2dec|dec2flt)|fmt::float)::/;

/**
 * Exports no module of ours may keep: server_fn's wasm-streams adapters, which Leptos links
 * into every module built with the `ui` feature and which wasm-opt removes (index.html,
 * `data-wasm-opt-params`). Finding one means that step was lost.
 */
const UNUSED_EXPORTS = /intounderlying/i;

const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** Unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0, shift = 0, b;
  do {
    b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

/** Every defined function's body size and name (from the name section), largest first. */
export function largestFunctions(file) {
  const bytes = fs.readFileSync(file);
  let at = 8, imported = 0, sizes = [];
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at];
    let size;
    [size, at] = leb(bytes, at + 1);
    const end = at + size;
    if (id === 2) {
      // Imports: count the functions, whose indices come before the module's own.
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        for (let s = 0; s < 2; s++) { let len; [len, p] = leb(bytes, p); p += len; }
        const kind = bytes[p++];
        if (kind === 0) { imported++; [, p] = leb(bytes, p); }
        else if (kind === 1) { p += 1; const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 2) { const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 3) p += 2;
        else if (kind === 4) { p += 1; [, p] = leb(bytes, p); }
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let body;
        [body, p] = leb(bytes, p);
        sizes.push({ index: imported + i, bytes: body });
        p += body;
      }
    } else if (id === 0) {
      let [len, p] = leb(bytes, at);
      const custom = bytes.subarray(p, p + len).toString("utf8");
      p += len;
      if (custom === "name") {
        while (p < end) {
          const sub = bytes[p];
          let subSize;
          [subSize, p] = leb(bytes, p + 1);
          const subEnd = p + subSize;
          if (sub === 1) {
            let [count, q] = leb(bytes, p);
            for (let i = 0; i < count; i++) {
              let index, nameLen;
              [index, q] = leb(bytes, q);
              [nameLen, q] = leb(bytes, q);
              names.set(index, bytes.subarray(q, q + nameLen).toString("utf8"));
              q += nameLen;
            }
          }
          p = subEnd;
        }
      }
    }
    at = end;
  }
  return sizes
    .map((f) => ({ ...f, name: names.get(f.index) ?? `function ${f.index}` }))
    .sort((a, b) => b.bytes - a.bytes);
}

function main() {
  const args = process.argv.slice(2);
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 0;
  let over = false;
  for (const { name, stem, budget, engineNumbers } of BUDGETS) {
    const wasm = path.join(DIST, `${stem}_bg.wasm`);
    const js = path.join(DIST, `${stem}.js`);
    const total = gz(wasm) + gz(js);
    const fits = total <= budget;
    over ||= !fits;
    console.log(`${fits ? "ok  " : "OVER"} ${name.padEnd(22)} ${(total / 1000).toFixed(1).padStart(6)} KB of ${(budget / 1000).toFixed(1)} KB (gzip -9, wasm + JS)`);
    const show = fits ? top : Math.max(top, 15);
    const named = path.join(NAMED, `${stem}_bg.wasm`);
    const kept = WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(wasm)))
      .map((e) => e.name)
      .filter((n) => UNUSED_EXPORTS.test(n));
    if (kept.length > 0) {
      over = true;
      console.log(`OVER ${name}: exports wasm-opt should have removed (index.html, data-wasm-opt-params): ${kept.join(", ")}`);
    }
    if (engineNumbers && fs.existsSync(named)) {
      const found = largestFunctions(named).filter((f) => RUST_FLOAT_TEXT.test(f.name));
      if (found.length > 0) {
        over = true;
        console.log(`OVER ${name}: Rust's float text conversion is linked in (format an f64 with crate::format::fixed or shortest, read one with parse_number):`);
        for (const f of found.slice(0, 5)) console.log(`     ${String(f.bytes).padStart(8)}  ${f.name.slice(0, 110)}`);
      }
    }
    if (show > 0 && fs.existsSync(named)) {
      console.log(`     largest functions (before wasm-opt, bytes of code):`);
      for (const f of largestFunctions(named).slice(0, show)) {
        console.log(`     ${String(f.bytes).padStart(8)}  ${f.name.length > 110 ? f.name.slice(0, 107) + "..." : f.name}`);
      }
    }
  }
  if (over) {
    console.error("A bundle is over its budget or links what it must not (script/size_budget.mjs): make it smaller, or raise the budget and say why in the commit.");
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
