// The per-engine benchmark behind script/bench (a report, not a test: it asserts nothing).
// In each engine (engines.mjs; $ENGINES picks some): its clock's resolution, its threads,
// start-up, every widget's default sweep wall time, and each variant's median at the largest
// n, with the ratio to Chromium's. The same Rust kernel in V8, SpiderMonkey and JavaScriptCore.
//
//   node tests/e2e/engines_bench.mjs            chromium, firefox, webkit-sab
//   ENGINES=chromium,webkit node tests/e2e/engines_bench.mjs
import fs from "node:fs";
import { startServer } from "./serve.mjs";
import { DIST, LESSONS, fmtNs } from "./helpers.mjs";
import { chosenEngines, driven } from "./engines.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const lines = [];
const say = (s = "") => {
  lines.push(s);
  console.log(s);
};

const srv = await startServer({ dir: DIST, isolation: true });
const base = `http://127.0.0.1:${srv.port}`;
// By default WebKit once, as Safari behaves (with SharedArrayBuffer): the kernels are the same
// without it, only the pool is missing.
const engines = chosenEngines(["chromium", "firefox", "webkit-sab"]);
const results = {}; // engine name -> { env, startup, sweeps: {id: {wall, state}}, medians: {"id/variant": {n, median}} }

for (const spec of engines) {
  let b;
  try {
    b = await spec.start();
  } catch (e) {
    say(`${spec.name}: could not start (${e.message})`);
    continue;
  }
  const d = driven(b);
  const r = { sweeps: {}, medians: {} };
  results[spec.name] = r;
  try {
    const starts = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await d.open(`${base}/`);
      await d.env();
      starts.push(Date.now() - t0);
    }
    r.startup = median(starts);
    r.env = await d.env();
    for (const lesson of LESSONS) {
      if (lesson.widgets.length === 0) continue;
      await d.open(`${base}/lessons/${lesson.slug}`);
      for (const id of lesson.widgets) {
        const run = await d.run(id, 300_000);
        r.sweeps[id] = { wall: run.wall, state: run.state, points: run.rows.filter((x) => x.state === "measured").length };
        const largest = {};
        for (const row of run.rows) {
          if (row.median !== null && row.state === "measured" && (!largest[row.variant] || row.n > largest[row.variant].n)) largest[row.variant] = row;
        }
        for (const [variant, row] of Object.entries(largest)) r.medians[`${id}/${variant}`] = { n: row.n, median: row.median };
      }
    }
  } catch (e) {
    say(`${spec.name}: stopped early (${e.message})`);
  } finally {
    await b.quit();
  }
}
srv.server.close();

const names = Object.keys(results);
const col = (s, w = 16) => String(s).padStart(w);
say(`Benchbook per-engine benchmark — ${new Date().toISOString().slice(0, 10)}, default sweeps, one Run each on a fresh page`);
say(`${"".padEnd(44)}${names.map((n) => col(n)).join("")}`);
const row = (label, f) => say(`${label.padEnd(44)}${names.map((n) => col(f(results[n]))).join("")}`);
row("browser", (r) => (r.env?.browser ?? "–").split(" (")[0]);
row("engine", (r) => r.env?.engine ?? "–");
row("clock resolution", (r) => fmtNs(r.env?.clock));
row("threads (navigator.hardwareConcurrency)", (r) => `${r.env?.threads ?? "–"} (${r.env?.cores ?? "–"})`);
row("start-up (navigation to worker ready)", (r) => (r.startup ? `${r.startup} ms` : "–"));
say();
say("sweep wall time per widget (default settings)");
const ids = LESSONS.flatMap((l) => l.widgets);
for (const id of ids) row(`  ${id}`, (r) => (r.sweeps[id] ? `${(r.sweeps[id].wall / 1000).toFixed(2)} s${r.sweeps[id].state === "done" ? "" : "!"}` : "–"));
row("  total", (r) => `${(Object.values(r.sweeps).reduce((a, s) => a + s.wall, 0) / 1000).toFixed(1)} s`);
say();
const ref = results.chromium;
say(`median per call at each variant's largest n${ref ? ", and the ratio to Chromium" : ""}`);
const keys = [...new Set(names.flatMap((n) => Object.keys(results[n].medians)))];
const ratios = Object.fromEntries(names.map((n) => [n, []]));
for (const key of keys) {
  // Ratios only where the engines ran the same n (a sweep's largest n is the same by default).
  row(`  ${key}`, (r) => {
    const m = r.medians[key];
    if (!m) return "–";
    const c = ref?.medians[key];
    if (!c || c.n !== m.n || r === ref) return fmtNs(m.median);
    return `${fmtNs(m.median)} ${(m.median / c.median).toFixed(2)}x`;
  });
  for (const n of names) {
    const [m, c] = [results[n].medians[key], ref?.medians[key]];
    // The single-call timer variant measures the clock itself, not a kernel.
    if (m && c && c.n === m.n && key !== "timer-resolution/single") ratios[n].push(m.median / c.median);
  }
}
if (ref) row("  median ratio to Chromium", (r) => {
  const n = names.find((k) => results[k] === r);
  return ratios[n].length ? `${median(ratios[n]).toFixed(2)}x (${ratios[n].length})` : "–";
});

if (process.env.BENCH_OUT) fs.appendFileSync(process.env.BENCH_OUT, lines.join("\n") + "\n");
