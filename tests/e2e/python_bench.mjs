// The Python twins' figures for script/bench (a report: it asserts nothing). For each
// widget with a Python twin: Pyodide's load time on a fresh profile and again from the
// browser's cache, then, at the widget's default sizes, the same Python timed three ways
// (in this browser by Pyodide, natively by CPython through the same harness) beside the
// Rust compiled to WebAssembly, with ratios.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { newPage, open, widget, PYTHON_TWINS, ROOT, LESSONS, fmtNs } from "./helpers.mjs";


async function tableRows(page, id) {
  return widget(page, id)
    .locator("table[data-results] tbody tr[data-state=measured]")
    .evaluateAll((trs) => trs.map((tr) => ({ lang: tr.dataset.lang, twin: tr.dataset.twin, ops: Number(tr.dataset.ops || 1), variant: tr.dataset.variant, n: Number(tr.dataset.n), median: Number(tr.dataset.medianNs) })));
}

/** Runs widget `id`'s Rust sweep, then its Python twin; returns the load time, code and rows. */
async function runBoth(page, base, slug, id) {
  await open(page, `${base}/lessons/${slug}`);
  await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
  await widget(page, id).getByRole("button", { name: "Run", exact: true }).click();
  await page.waitForSelector(`[data-widget="${id}"][data-state="done"]`, { timeout: 300_000 });
  const panel = page.locator(`details[data-python="${id}"]`);
  await panel.locator("summary").click();
  await page.waitForSelector(`[data-python-run="${id}"]:not([disabled])`, { timeout: 30_000 });
  await page.locator(`[data-python-run="${id}"]`).click();
  await page.waitForSelector(`details[data-python="${id}"][data-python-state="done"], details[data-python="${id}"][data-python-state="failed"]`, { timeout: 600_000 });
  const loadMs = Number(await panel.locator("[data-load-ms]").getAttribute("data-load-ms"));
  const code = await panel.locator("textarea").inputValue();
  const params = JSON.parse(await panel.getAttribute("data-python-params"));
  return { loadMs, code, params, rows: await tableRows(page, id) };
}

/** The same code through the same harness in native CPython, with the slider values the
 * browser's run had: median per function and n. */
function nativeCPython(code, functions, sizes, params) {
  const out = spawnSync("python3", [path.join(ROOT, "src/python/harness.py"), "--time"], {
    input: JSON.stringify({ code, functions, sizes, params }),
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const medians = new Map();
  let version = "";
  for (const line of (out.stdout || "").split("\n").filter(Boolean)) {
    const m = JSON.parse(line);
    if (m.type !== "point") continue;
    const s = [...m.samples_ns].sort((a, b) => a - b);
    const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    medians.set(`${m.function}@${m.n}`, mid);
  }
  version = spawnSync("python3", ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" }).stdout.trim();
  return { medians, version };
}

export async function pythonBench({ browser, base, say }) {
  for (const id of PYTHON_TWINS) {
    const slug = LESSONS.find((l) => l.widgets.includes(id))?.slug;
    if (!slug) continue;
    const { page, close } = await newPage(browser);
    const first = await runBoth(page, base, slug, id);
    // The same profile again: Pyodide now comes from the browser's caches.
    const again = await runBoth(page, base, slug, id);
    await close();
    const python = again.rows.filter((r) => r.lang === "python");
    const rust = again.rows.filter((r) => r.lang === "rust");
    const functions = [...new Set(python.map((r) => r.variant))];
    const sizes = [...new Set(python.map((r) => r.n))].sort((a, b) => a - b);
    const native = nativeCPython(again.code, functions, sizes, again.params);
    say();
    say(`Python in the browser (${id}): Pyodide loads in ${(first.loadMs / 1000).toFixed(2)} s on a fresh profile, ` +
        `${(again.loadMs / 1000).toFixed(2)} s from the browser's cache`);
    say(`  the same Python in Pyodide (this browser), in native CPython ${native.version} (same harness), and the Rust twin in wasm`);
    say("  function           n           Pyodide      CPython   Pyodide/CPython   Rust (wasm) variant          time    Pyodide/Rust");
    for (const n of sizes) {
      for (const f of functions) {
        const row = python.find((r) => r.variant === f && r.n === n);
        const p = row?.median;
        // Native figures are per call; the table's are per operation, as the Rust twin counts.
        const c = row ? native.medians.get(`${f}@${n}`) / row.ops : undefined;
        const twin = python.find((x) => x.variant === f)?.twin;
        const r = rust.find((x) => x.variant === twin && x.n === n)?.median;
        say(`  ${f.padEnd(16)} ${String(n).padEnd(9)} ${fmtNs(p).padStart(10)}  ${fmtNs(c).padStart(10)}   ${(p && c ? `${(p / c).toFixed(2)}x` : "–").padStart(8)}        ${String(twin ?? "–").padEnd(20)} ${fmtNs(r).padStart(10)}   ${(p && r ? `${(p / r).toFixed(1)}x` : "–").padStart(8)}`);
      }
    }
  }
}
