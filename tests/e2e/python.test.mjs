// The Python twins (issue 18): Python run in the reader's browser by Pyodide, beside the
// Rust, checked against Rust's answers, with the reader's code editable, stoppable and
// kept; everything from this site's own origin, and offline after one load.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, open, widget, waitState, DIST, LESSONS, PYTHON_TWINS } from "./helpers.mjs";
import { startServer } from "./serve.mjs";

let browser;
let server;
let origin;
before(async () => {
  browser = await launch();
  server = await startServer({ dir: DIST, isolation: true });
  origin = `http://127.0.0.1:${server.port}`;
});
after(async () => {
  await browser?.close();
  server?.server.close();
});

const ID = "queue-ops";
const panel = (page) => page.locator(`details[data-python="${ID}"]`);

/** Opens queue-ops at `n`, runs the Rust sweep, and opens the Python panel. */
async function ready(page, n) {
  await open(page, `${origin}/lessons/data-structures?${ID}.n=${n}`);
  await page.waitForSelector(`[data-widget="${ID}"] button.run:not([disabled])`, { timeout: 30_000 });
  await widget(page, ID).getByRole("button", { name: "Run", exact: true }).click();
  assert.equal(await waitState(page, ID, ["done", "error"]), "done");
  // The panel's own module (editor, worker protocol) is not part of the page until a panel opens.
  const panelLoads = () => page.evaluate(() =>
    performance.getEntriesByType("resource").filter((e) => /\/python_panel(_bg\.wasm|\.js)$/.test(e.name)).length);
  assert.equal(await panelLoads(), 0, "no panel module before a panel opens");
  await panel(page).locator("summary").click();
  await page.waitForSelector(`[data-python-run="${ID}"]:not([disabled])`, { timeout: 30_000 });
  assert.equal(await panelLoads(), 2, "the panel's module (JS and wasm) loads when a panel opens");
}

/** Replaces the editor's code (as typing would: an input event). */
async function setCode(page, code) {
  await panel(page).locator("textarea").fill(code);
}

/** Presses Run in Python and waits for the run's end; returns the panel's final state. */
async function runPython(page, states = ["done", "failed"]) {
  await page.locator(`[data-python-run="${ID}"]`).click();
  const selector = states.map((s) => `details[data-python="${ID}"][data-python-state="${s}"]`).join(", ");
  await page.waitForSelector(selector, { timeout: 120_000 });
  return panel(page).getAttribute("data-python-state");
}

async function tableRows(page) {
  return widget(page, ID)
    .locator("table[data-results] tbody tr")
    .evaluateAll((trs) => trs.map((tr) => ({ ...tr.dataset, text: tr.innerText })));
}

const medianAt = (rows, variant, n) => {
  const row = rows.find((r) => r.lang === "python" && r.variant === variant && Number(r.n) === n && r.state === "measured");
  return row ? Number(row.medianNs) : null;
};

describe("Python in the browser", () => {
  test("the app lists queue-ops as a widget with a Python twin", () => {
    assert.ok(PYTHON_TWINS.has(ID));
  });

  test("queue-ops in Python: list.pop(0) grows faster than linearly, deque.popleft() does not; rows, chart and readout", async () => {
    const { page, errors, close } = await newPage(browser);
    const elsewhere = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) elsewhere.push(r.url());
    });
    await ready(page, 50_000);
    // Python does not load with the page: only on Run in Python.
    assert.equal(page.workers().filter((w) => w.url().endsWith("/python_worker.js")).length, 0, "no Python worker before a run");
    assert.equal(await runPython(page), "done", await panel(page).innerText());
    const rows = await tableRows(page);
    assert.ok(rows.filter((r) => r.lang === "rust").length >= 6, "Rust rows are marked rust");
    assert.ok(rows.every((r) => r.lang === "rust" || r.lang === "python"), "every row names its language");
    const sizes = [...new Set(rows.filter((r) => r.lang === "rust").map((r) => Number(r.n)))].sort((a, b) => a - b);
    for (const variant of ["list_pop_front", "deque_popleft"]) {
      for (const n of sizes) assert.ok(medianAt(rows, variant, n) > 0, `${variant} at n = ${n} measured: ${JSON.stringify(rows)}`);
    }
    // Growth between the two largest sizes, as an exponent of n: emptying a list from the front
    // is quadratic (2), a deque linear (1); the line between them is 1.5. (The deque's bound was
    // 1.3 until a noisy hour on the CI machine measured 1.34: between sizes 2x apart, one
    // point 20% slow moves the exponent by 0.26.)
    const [a, b] = sizes.slice(-2);
    const exponent = (rows, v) => Math.log(medianAt(rows, v, b) / medianAt(rows, v, a)) / Math.log(b / a);
    const shaped = (rows) => exponent(rows, "list_pop_front") > 1.5 && exponent(rows, "deque_popleft") < 1.5;
    // A noisy hour on the CI machine once measured list.pop(0) at n^1.42 (typically 1.7): one
    // point of a sweep slowed by half. As the harness keeps the faster of two passes, the test
    // then measures the sweep again and keeps each point's faster figure (a list that really
    // grew linearly would fail both sweeps).
    let shape = rows;
    if (!shaped(rows)) {
      await page.locator(`[data-python-run="${ID}"]`).click();
      await page.waitForSelector(`details[data-python="${ID}"]:not([data-python-state="done"])`, { timeout: 10_000 });
      await page.waitForSelector(`details[data-python="${ID}"][data-python-state="done"]`, { timeout: 120_000 });
      const again = await tableRows(page);
      shape = rows.map((r) => {
        const o = again.find((x) => x.lang === r.lang && x.variant === r.variant && x.n === r.n && x.state === "measured");
        return o && Number(o.medianNs) < Number(r.medianNs) ? o : r;
      });
    }
    assert.ok(exponent(shape, "list_pop_front") > 1.5, `list.pop(0) grows like n^${exponent(shape, "list_pop_front").toFixed(2)}`);
    assert.ok(exponent(shape, "deque_popleft") < 1.5, `deque.popleft() grows like n^${exponent(shape, "deque_popleft").toFixed(2)}`);
    const python = rows.filter((r) => r.lang === "python" && r.state === "measured");
    assert.ok(python.every((r) => r.minTicks !== undefined && Number(r.minTicks) > 0), "Python rows carry their tick count");
    assert.match(python[0].text, /\(Python\)/);
    const readout = await panel(page).locator("[data-python-readout]").innerText();
    assert.match(readout, /^In this browser, at n = [\d,]+[,:] Vec::remove\(0\) in Rust was .* list\.pop\(0\) in Python; (at n = [\d,]+, )?VecDeque::pop_front in Rust was [\d.,]+× faster than deque\.popleft\(\) in Python\.$/);
    assert.match(await panel(page).locator("[data-python-loaded]").innerText(), /Pyodide 314\./);
    // The downloads hold the Python rows too, each saying its language.
    const [download] = await Promise.all([page.waitForEvent("download"), widget(page, ID).locator('[data-export="json"]').click()]);
    const exported = JSON.parse((await import("node:fs")).readFileSync(await download.path(), "utf8"));
    assert.equal(exported.rows.length, rows.length, "one exported row per table row");
    assert.deepEqual(
      exported.rows.filter((r) => r.lang === "python").map((r) => `${r.variant}@${r.n}`).sort(),
      rows.filter((r) => r.lang === "python").map((r) => `${r.variant}@${r.n}`).sort(),
    );
    assert.deepEqual(elsewhere, [], "every request went to this site");
    assert.deepEqual(errors, []);
    await close();
  });

  test("a wrong answer gets no time; syntax errors, exceptions and numpy say what and where; Reset restores the course's code", async () => {
    const { page, close } = await newPage(browser);
    await ready(page, 1_000);
    const course = await panel(page).locator("textarea").inputValue();
    assert.match(course, /def deque_popleft\(n\):/);

    // deque_popleft answers one more than Rust: refused, with both answers shown.
    await setCode(page, course.replace(/return acc\s*$/, "return acc + 1\n"));
    assert.equal(await runPython(page), "done");
    let rows = await tableRows(page);
    const refused = rows.filter((r) => r.lang === "python" && r.variant === "deque_popleft");
    assert.ok(refused.length > 0 && refused.every((r) => r.state === "skipped" && r.medianNs === undefined), JSON.stringify(refused));
    assert.match(refused[0].text, /but Rust answered \d+/);
    assert.ok(rows.some((r) => r.lang === "python" && r.variant === "list_pop_front" && r.state === "measured"));
    const readout = () => panel(page).locator("[data-python-readout]").innerText();
    assert.match(await readout(), /list\.pop\(0\) in Python/);
    assert.doesNotMatch(await readout(), /deque/);
    // A new Rust run replaces what the Python was checked against: its rows and sentence go.
    await widget(page, ID).getByRole("button", { name: "Run", exact: true }).click();
    assert.equal(await waitState(page, ID, ["done", "error"]), "done");
    assert.deepEqual((await tableRows(page)).filter((r) => r.lang === "python"), []);
    assert.equal(await readout(), "");

    await setCode(page, "def list_pop_front(n)\n    return 0\n");
    assert.equal(await runPython(page), "failed");
    let error = panel(page).locator("[data-python-error]");
    assert.equal(await error.getAttribute("data-python-error"), "syntax");
    assert.equal(await error.getAttribute("data-line"), "1");
    assert.match(await error.innerText(), /^Line 1: SyntaxError/);

    await setCode(page, "def list_pop_front(n):\n    return n\n\ndef deque_popleft(n):\n    x = 0\n    return n // x\n");
    assert.equal(await runPython(page), "failed");
    error = panel(page).locator("[data-python-error]");
    assert.equal(await error.getAttribute("data-python-error"), "exception");
    assert.equal(await error.getAttribute("data-line"), "6");
    assert.match(await error.innerText(), /ZeroDivisionError/);

    await setCode(page, "import numpy as np\n");
    assert.equal(await runPython(page), "failed");
    assert.equal(await panel(page).locator("[data-python-error]").getAttribute("data-python-error"), "numpy");
    assert.match(await panel(page).locator("[data-python-error]").innerText(), /NumPy cannot run in this browser/);

    // The edit survives a reload; Reset brings back the course's code and forgets it.
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    await panel(page).locator("summary").click();
    // The panel fills its editor when it opens (the toggle event comes after the click).
    await page.waitForFunction((id) => document.querySelector(`details[data-python="${id}"] textarea`)?.value !== "", ID);
    assert.equal(await panel(page).locator("textarea").inputValue(), "import numpy as np\n");
    await page.locator(`[data-python-reset="${ID}"]`).click();
    assert.equal(await panel(page).locator("textarea").inputValue(), course);
    assert.equal(await page.evaluate((id) => localStorage.getItem(`benchbook.python.${id}`), ID), null);
    await close();
  });

  test("search in Python: the same seeded input as Rust (every answer agrees), and a set beats a list scan", async () => {
    const { page, errors, close } = await newPage(browser);
    const id = "search";
    await open(page, `${origin}/lessons/data-structures?${id}.n=10000`);
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    await widget(page, id).getByRole("button", { name: "Run", exact: true }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    const p = page.locator(`details[data-python="${id}"]`);
    await p.locator("summary").click();
    await page.waitForSelector(`[data-python-run="${id}"]:not([disabled])`, { timeout: 30_000 });
    await page.locator(`[data-python-run="${id}"]`).click();
    await page.waitForSelector(`details[data-python="${id}"][data-python-state="done"], details[data-python="${id}"][data-python-state="failed"]`, { timeout: 120_000 });
    assert.equal(await p.getAttribute("data-python-state"), "done", await p.innerText());
    const rows = await widget(page, id).locator('tr[data-lang="python"]').evaluateAll((trs) => trs.map((tr) => ({ ...tr.dataset })));
    assert.ok(rows.length >= 9, JSON.stringify(rows));
    assert.ok(rows.every((r) => r.state === "measured"), `every Python answer agreed with Rust's: ${JSON.stringify(rows.filter((r) => r.state !== "measured"))}`);
    const at = (v) => Number(rows.find((r) => r.variant === v && Number(r.n) === 10000).medianNs);
    assert.ok(at("set_in") * 10 < at("linear_in"), `set ${at("set_in")} ns vs list ${at("linear_in")} ns per lookup`);
    assert.match(await p.locator("[data-python-readout]").innerText(), /HashSet::contains in Rust was .* x in set in Python/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("every Python twin runs, and each of its answers agrees with Rust's", async () => {
    const { page, errors, close } = await newPage(browser);
    // A size that keeps every twin's sweep short (async-gather: 5 requests, ~50 ms each).
    const query = (id) => ({ "memo-fib": "n=30", "async-gather": "requests=5&latency=50" })[id] ?? "n=10000";
    // One page per lesson: its twins share the page's one Python worker, loaded once.
    let ran = 0;
    for (const lesson of LESSONS.filter((l) => l.widgets.some((id) => PYTHON_TWINS.has(id)))) {
      const twins = lesson.widgets.filter((id) => PYTHON_TWINS.has(id));
      await open(page, `${origin}/lessons/${lesson.slug}?${twins.map((id) => query(id).replace(/(^|&)/g, `$1${id}.`)).join("&")}`);
      for (const id of twins) {
        await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
        await widget(page, id).getByRole("button", { name: "Run", exact: true }).click();
        assert.equal(await waitState(page, id, ["done", "error"]), "done", id);
        const p = page.locator(`details[data-python="${id}"]`);
        await p.locator("summary").click();
        await page.waitForSelector(`[data-python-run="${id}"]:not([disabled])`, { timeout: 30_000 });
        await page.locator(`[data-python-run="${id}"]`).click();
        await page.waitForSelector(`details[data-python="${id}"][data-python-state="done"], details[data-python="${id}"][data-python-state="failed"]`, { timeout: 120_000 });
        assert.equal(await p.getAttribute("data-python-state"), "done", `${id}: ${await p.innerText()}`);
        const all = await widget(page, id).locator('tr[data-lang="python"]').evaluateAll((trs) => trs.map((tr) => ({ ...tr.dataset, text: tr.innerText })));
        const functions = new Set(all.map((r) => r.variant));
        // Only a function too slow for its budget may go unmeasured (naive recursion), and
        // it says so; a refused answer would say "but Rust answered".
        const rows = all.filter((r) => r.state === "measured");
        assert.deepEqual(all.filter((r) => r.state !== "measured" && !/not run: one call (took|would take)/.test(r.text)), [], `${id}: every answer agreed`);
        // Every size Rust measured (at least two, but a run of simulated requests has one).
        const sizes = new Set(await widget(page, id).locator('tr[data-lang="rust"][data-state="measured"]').evaluateAll((trs) => trs.map((tr) => tr.dataset.n)));
        assert.ok(functions.size >= 2 && rows.length >= Math.min(2, sizes.size) * functions.size, `${id}: ${JSON.stringify(all)}`);
        assert.ok(rows.every((r) => r.twin && Number(r.medianNs) > 0), `${id}: ${JSON.stringify(rows)}`);
        assert.match(await p.locator("[data-python-readout]").innerText(), /^In this browser, at n = /, id);
        // The slider values the Python ran with, as the benchmark hands them to native CPython.
        const params = JSON.parse(await p.getAttribute("data-python-params"));
        assert.ok(Object.keys(params).length > 0 && Object.values(params).every(Number.isFinite), `${id}: ${JSON.stringify(params)}`);
        if (id === "object-pool") assert.ok(params.kib > 0, JSON.stringify(params));
        ran += 1;
      }
    }
    assert.equal(ran, PYTHON_TWINS.size, "every twin ran");
    assert.deepEqual(errors, []);
    await close();
  });

  test("the editor indents like a Python editor", async () => {
    const { page, close } = await newPage(browser);
    await ready(page, 1_000);
    const area = panel(page).locator("textarea");
    await area.fill("");
    await area.focus();
    await page.keyboard.type("def f(n):");
    await page.keyboard.press("Enter");
    await page.keyboard.type("while n:");
    await page.keyboard.press("Enter");
    await page.keyboard.type("n -= 1");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("return n");
    assert.equal(await area.inputValue(), "def f(n):\n    while n:\n        n -= 1\n    return n");
    // Tab indents inside the editor; Escape, then Tab, moves on.
    await page.keyboard.press("Home");
    await page.keyboard.press("Tab");
    assert.match(await area.inputValue(), /\n        return n$/);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), "TEXTAREA");
    await close();
  });

  test("Stop ends an endless loop at once, the next run works, and Python runs offline after one load", async (t) => {
    // A fresh server, so it can be shut down for the offline part (and is, whatever happens:
    // left open, it would keep the test process alive after a failure).
    const own = await startServer({ dir: DIST, isolation: true });
    t.after(() => { own.server.close(); own.server.closeAllConnections(); });
    const site = `http://127.0.0.1:${own.port}`;
    const { page, errors, close } = await newPage(browser);
    await open(page, `${site}/lessons/data-structures?${ID}.n=1000&search.n=1000`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 30_000 });
    await page.waitForSelector(`[data-widget="${ID}"] button.run:not([disabled])`, { timeout: 30_000 });
    // Another widget measured and its panel open, so its Run in Python could start.
    await widget(page, "search").getByRole("button", { name: "Run", exact: true }).click();
    assert.equal(await waitState(page, "search", ["done", "error"]), "done");
    await page.locator('details[data-python="search"] summary').click();
    await page.waitForSelector('[data-python-run="search"]:not([disabled])', { timeout: 30_000 });
    await widget(page, ID).getByRole("button", { name: "Run", exact: true }).click();
    assert.equal(await waitState(page, ID, ["done", "error"]), "done");
    await panel(page).locator("summary").click();
    await page.waitForSelector(`[data-python-run="${ID}"]:not([disabled])`, { timeout: 30_000 });
    const course = await panel(page).locator("textarea").inputValue();

    await setCode(page, "def list_pop_front(n):\n    while True:\n        pass\n\ndef deque_popleft(n):\n    return 0\n");
    await page.locator(`[data-python-run="${ID}"]`).click();
    await page.waitForSelector(`details[data-python="${ID}"][data-python-state="running"]`, { timeout: 60_000 });
    await page.waitForTimeout(300); // well inside the endless loop
    // While Python runs, no Rust sweep on the page starts (they would share the cores),
    // and no other panel's Python either.
    assert.equal(await page.locator('[data-widget="search"] button.run').isDisabled(), true, "another widget's Run waits");
    assert.equal(await page.locator(`[data-widget="${ID}"] button.run`).isDisabled(), true, "this widget's Run waits");
    assert.equal(await page.locator('[data-python-run="search"]').isDisabled(), true, "another panel's Run in Python waits");
    const stoppedIn = await page.evaluate(async (id) => {
      const start = performance.now();
      document.querySelector(`[data-python-stop="${id}"]`).click();
      while (document.querySelector(`details[data-python="${id}"]`).dataset.pythonState !== "stopped") {
        await new Promise((r) => setTimeout(r, 5));
        if (performance.now() - start > 5000) break;
      }
      return performance.now() - start;
    }, ID);
    assert.ok(stoppedIn < 200, `stopped in ${stoppedIn.toFixed(0)} ms`);
    assert.equal(await page.locator('[data-widget="search"] button.run').isDisabled(), false, "Run is back after Stop");
    // The page still answers, and the Rust side still runs; while it does, no panel's
    // Python starts, not even another widget's.
    const seen = await page.evaluate(async (id) => {
      const w = document.querySelector(`[data-widget="${id}"]`);
      const other = () => document.querySelector('[data-python-run="search"]');
      w.querySelector("button.run").click();
      const start = performance.now();
      let ran = false; // the state says "done" from the last run until this one starts
      while (performance.now() - start < 30_000) {
        ran ||= w.dataset.state === "running";
        if (ran && w.dataset.state === "running" && other().disabled) return "Python waited";
        if (ran && w.dataset.state === "done") return "never saw Python wait";
        await new Promise((r) => setTimeout(r, 1));
      }
      return "timeout";
    }, ID);
    assert.equal(seen, "Python waited");
    assert.equal(await waitState(page, ID, ["done", "error"]), "done");
    await page.waitForSelector('[data-python-run="search"]:not([disabled])', { timeout: 10_000 });

    await page.locator(`[data-python-reset="${ID}"]`).click();
    assert.equal(await panel(page).locator("textarea").inputValue(), course);
    assert.equal(await runPython(page), "done", "the run after Stop works");

    // Offline: the site is gone; the service worker answers from what it kept. A new
    // Python worker (after Stop) loads Pyodide again, from the cache.
    own.server.close();
    own.server.closeAllConnections();
    await page.reload();
    await page.waitForSelector("html[data-ready=true]", { timeout: 30_000 });
    await page.waitForSelector(`[data-widget="${ID}"] button.run:not([disabled])`, { timeout: 30_000 });
    await widget(page, ID).getByRole("button", { name: "Run", exact: true }).click();
    assert.equal(await waitState(page, ID, ["done", "error"]), "done");
    await panel(page).locator("summary").click();
    await page.waitForSelector(`[data-python-run="${ID}"]:not([disabled])`, { timeout: 30_000 });
    assert.equal(await runPython(page), "done", `offline: ${await panel(page).innerText()}`);
    assert.ok((await tableRows(page)).some((r) => r.lang === "python" && r.state === "measured"));
    await close();
    assert.ok(errors.every((e) => !/python|pyodide/i.test(e)), errors.join("\n"));
  });
});
