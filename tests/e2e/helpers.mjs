// Shared helpers for the browser tests and the browser benchmark.
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(ROOT, "dist");

// The flags these machines need: no sandbox as root (CI runs as root), no network
// chatter from Chromium's background services, a fresh profile every launch.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // For investigations: V8 flags for every Chromium the tests and reports start, e.g.
  // CHROMIUM_JS_FLAGS=--no-wasm-inlining node tests/e2e/first_run.mjs memo-fib
  ...(process.env.CHROMIUM_JS_FLAGS ? [`--js-flags=${process.env.CHROMIUM_JS_FLAGS}`] : []),
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Starts the isolated and the non-isolated static servers on free ports. */
export async function servers() {
  const isolated = await startServer({ dir: DIST, isolation: true });
  const plain = await startServer({ dir: DIST, isolation: false });
  return {
    isolated: `http://127.0.0.1:${isolated.port}`,
    plain: `http://127.0.0.1:${plain.port}`,
    close: () => {
      isolated.server.close();
      plain.server.close();
    },
  };
}

/**
 * A page at devicePixelRatio 2 that records console errors and uncaught exceptions,
 * from the page and from its workers.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("worker", (w) => w.on("console", (m) => m.type() === "error" && errors.push(`worker: ${m.text()}`)));
  keepJournal(page);
  return { page, errors, close: () => context.close() };
}

/**
 * What each page printed, failed to fetch or is still fetching, for `whyNotReady`: a test
 * that cannot open the app then says what the page saw instead of only "timeout".
 */
const JOURNALS = new WeakMap();

function keepJournal(page) {
  const lines = [];
  const pending = new Set();
  const note = (line) => lines.length < 100 && lines.push(line.slice(0, 400));
  page.on("console", (m) => note(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => note(`uncaught: ${e.message}`));
  page.on("crash", () => note("the page's process crashed"));
  page.on("worker", (w) => w.on("console", (m) => note(`worker console.${m.type()}: ${m.text()}`)));
  page.on("request", (r) => pending.add(r));
  page.on("requestfinished", (r) => pending.delete(r));
  page.on("requestfailed", (r) => {
    pending.delete(r);
    note(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on("response", (r) => r.status() >= 400 && note(`HTTP ${r.status()}: ${r.url()}`));
  JOURNALS.set(page, { lines, pending });
}

/**
 * Runs in the page: what a page that has not marked itself ready holds (its document's state,
 * any banner, the start of its text, what it fetched). For Playwright's `evaluate` and, as
 * source, for WebDriver (engines.mjs).
 */
export function pageState() {
  return {
    readyState: document.readyState,
    ready: document.documentElement.dataset.ready ?? null,
    isolated: globalThis.crossOriginIsolated,
    banner: document.querySelector("[data-crash], .banner")?.textContent ?? null,
    body: document.body?.innerText.slice(0, 300) ?? null,
    resources: performance
      .getEntriesByType("resource")
      .map((e) => `${e.name} ${e.responseStatus ?? ""} ${Math.round(e.duration)} ms ${e.transferSize} B`),
  };
}

/**
 * Why `page` has not marked itself ready: what it printed and fetched (pages from `newPage`),
 * and what its document holds, asked with a deadline (a page whose main thread is stuck
 * never answers, and that is worth saying too).
 */
export async function whyNotReady(page) {
  const journal = JOURNALS.get(page);
  const state = await Promise.race([
    page.evaluate(pageState).catch((e) => `could not ask the page: ${e.message}`),
    new Promise((r) => setTimeout(() => r("the page's main thread did not answer within 5 s"), 5_000)),
  ]);
  return [
    `page state: ${JSON.stringify(state, null, 1)}`,
    ...(journal ? journal.lines : ["(no journal: the page was not made by newPage)"]),
    ...(journal ? [...journal.pending].map((r) => `still loading: ${r.url()}`) : []),
  ].join("\n");
}

export async function open(page, url) {
  await page.goto(url);
  try {
    await page.waitForSelector("html[data-ready=true]", { timeout: 30_000 });
  } catch (e) {
    throw new Error(`${url}: the app did not start (${e.message.split("\n")[0]})\n${await whyNotReady(page)}`);
  }
  // A lesson's prose (and so its widgets) arrives by fetch after the app mounts.
  await page.waitForFunction(() => !document.querySelector("[data-loading]"), null, { timeout: 30_000 });
}

export const widget = (page, id) => page.locator(`[data-widget="${id}"]`);

/** Waits until the widget reaches one of `states`; returns the state. */
export async function waitState(page, id, states, timeout = 90_000) {
  const selector = states.map((s) => `[data-widget="${id}"][data-state="${s}"]`).join(", ");
  await page.waitForSelector(selector, { timeout });
  return widget(page, id).getAttribute("data-state");
}

/**
 * Runs in the page: what the canvas matching `selector` shows. The chart worker owns its
 * drawing context (an OffscreenCanvas), so its picture is copied onto a plain canvas and
 * read there: the same pixels the reader sees.
 */
export function readCanvas(selector) {
  const c = document.querySelector(selector);
  const [w, h] = [Math.max(c.width, 1), Math.max(c.height, 1)];
  const copy = document.createElement("canvas");
  copy.width = w;
  copy.height = h;
  const ctx = copy.getContext("2d");
  if (c.width && c.height) ctx.drawImage(c, 0, 0);
  const { data } = ctx.getImageData(0, 0, w, h);
  let ink = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0) {
      ink++;
      if (colours.size < 64) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    }
  }
  const corner = (3 * w + 3) * 4;
  return { ink, colours: colours.size, width: c.width, cssWidth: c.clientWidth, corner: [...data.slice(corner, corner + 3)] };
}

/**
 * Pixels of a chart that are not transparent, how many colours they use, its backing
 * size and the colour at (3, 3). The widget's first canvas, or `selector`'s. The chart
 * worker draws asynchronously: with `until` (a predicate on that result, or a number of
 * inked pixels), waits up to 15 s for it to hold and returns the last reading either way.
 */
export async function canvasInk(page, id, { until, selector } = {}) {
  const sel = selector ?? `[data-widget="${id}"] canvas`;
  const holds = typeof until === "number" ? (r) => r.ink >= until : until;
  if (!holds) return page.evaluate(readCanvas, sel);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const reading = await page.evaluate(readCanvas, sel);
    if (holds(reading) || Date.now() > deadline) return reading;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The results table rows as {variant, n, median, bytes, state, minTicks, quality, otherPass, passes, lang}. */
export async function rows(page, id) {
  return widget(page, id)
    .locator("table[data-results] tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        variant: tr.dataset.variant,
        n: Number(tr.dataset.n),
        median: tr.dataset.medianNs === undefined ? null : Number(tr.dataset.medianNs),
        bytes: tr.dataset.bytes === undefined ? null : Number(tr.dataset.bytes),
        state: tr.dataset.state,
        minTicks: tr.dataset.minTicks === undefined ? null : Number(tr.dataset.minTicks),
        quality: tr.dataset.quality ?? null,
        atFloor: tr.dataset.atFloor === "true",
        otherPass: tr.dataset.otherPassNs === undefined ? null : Number(tr.dataset.otherPassNs),
        passes: tr.dataset.passes === undefined ? null : Number(tr.dataset.passes),
        lang: tr.dataset.lang ?? null,
      })),
    );
}

/**
 * The points a readout compares with the previous Run of the same settings, from `rows`:
 * measured Rust rows not under the clock and not at the harness floor (a drifting median is
 * still a duration, and is compared), as a Map "variant@n" -> median ns.
 */
export function comparedPoints(table) {
  const kept = table.filter((r) => r.state === "measured" && r.lang !== "python" && r.quality !== "below-clock" && !r.atFloor);
  return new Map(kept.map((r) => [`${r.variant}@${r.n}`, r.median]));
}

/** How far apart two figures are, as a ratio of at least 1 (the readout's "moved by"). */
export const apartRatio = (a, b) => Math.max(a / b, b / a);

/**
 * Opens `url`, presses widget `id`'s Run once the worker is ready, and waits for the run's
 * end. Returns the widget's final state and its rows at size `n` as { variant: median }.
 */
export async function runAt(page, url, id, n) {
  await open(page, url);
  await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
  await widget(page, id).getByRole("button", { name: "Run" }).click();
  const state = await waitState(page, id, ["done", "error"]);
  const table = await rows(page, id);
  const at = Object.fromEntries(table.filter((r) => r.n === n && r.state === "measured").map((r) => [r.variant, r.median]));
  return { state, table, at };
}

/** Sets a widget's slider by keyboard: Home, then ArrowRight `steps` times. */
export async function slideTo(page, id, name, steps) {
  const input = widget(page, id).locator(`input[type=range][name="${name}"]`);
  await input.focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowRight");
  return input.getAttribute("aria-valuetext");
}

/**
 * Widgets with their own controls instead of sliders and a sweep, each tested by a test of
 * its own (app.test.mjs): the generic per-lesson loops leave them out.
 */
export const OWN_TESTS = new Set(["resource-monitor"]);

/**
 * The course, from the app's own list (course::LESSONS, written to tests/fixtures/course.json
 * by a native test that fails whenever the file is stale), minus OWN_TESTS: every widget
 * the app places is in the browser tests.
 */
const COURSE = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures/course.json"), "utf8"));
export const LESSONS = COURSE.map((l) => ({ slug: l.slug, widgets: l.widgets.filter((w) => !OWN_TESTS.has(w)) }));

/**
 * Each widget's quick sweep, from the same file (its spec's `quick_sweep`): small but real
 * settings. STEPS: for each slider the tests move, how many keyboard steps up from its
 * minimum; SMALL: the value that reaches, for tests that set it in the address instead.
 */
const QUICK = COURSE.flatMap((l) => Object.entries(l.quick_sweep));
const pick = (at) => Object.fromEntries(QUICK.map(([id, sliders]) =>
  [id, Object.fromEntries(Object.entries(sliders).map(([name, both]) => [name, both[at]]))]));
export const STEPS = pick(0);
export const SMALL = pick(1);

/** The widgets with a Python twin (a "run in this browser" panel), from the same file. */
export const PYTHON_TWINS = new Set(COURSE.flatMap((l) => l.python));

/** The widgets whose runs wait (timers, another worker, the UI thread, storage) instead of
 * sweeping kernels, from the same file (the app's own list of planners, topics::async_plan). */
export const WAITING = new Set(COURSE.flatMap((l) => l.waits));

/** A duration in ns as the benchmark reports print it ("–" for none). */
export const fmtNs = (ns) =>
  ns === undefined || ns === null || !Number.isFinite(ns) ? "–" :
  ns < 1e3 ? `${ns.toFixed(1)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(2)} µs` : ns < 1e9 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e9).toFixed(2)} s`;

/** The middle half of a run's machine checks (the readout's `data-machine-ns`), upper quartile
 *  over lower (nearest rank), minus one: what `harness::machine::spread` computes and the
 *  readout's note reports. */
export function machineSpread(checks) {
  if (checks.length < 2) return 0;
  const s = [...checks].sort((a, b) => a - b);
  const last = s.length - 1;
  return s[Math.ceil((3 * last) / 4)] / s[Math.floor(last / 4)] - 1;
}
