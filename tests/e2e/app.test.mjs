// Browser end-to-end tests: the release build in headless Chromium, served by a plain
// static server with and without cross-origin isolation.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  launch, servers, newPage, open, widget, waitState, canvasInk, readCanvas, rows, comparedPoints, apartRatio, slideTo, LESSONS, PYTHON_TWINS, STEPS, ROOT, DIST, runAt, WAITING, machineSpread } from "./helpers.mjs";
import { startServer } from "./serve.mjs";

let browser;
let srv;
before(async () => {
  browser = await launch();
  srv = await servers();
});
after(async () => {
  await browser?.close();
  srv?.close();
});


// Widgets with the seed's Python comparison beside them (content/python-same-work.json).
const WITH_PYTHON = new Set(["sum-loop-vs-formula", "queue-ops", "search", "counting", "elementwise-add", "square-plus-sin", "memo-fib"]);
// Of those, the ones with a NumPy figure (NumPy cannot run in the browser).
const WITH_NUMPY = new Set(["elementwise-add", "square-plus-sin"]);

/** Every (variant, n) appears once, every variant has every n, and n tops out at `top`. */
function assertCompleteGrid(id, table, top) {
  const key = (r) => `${r.variant}@${r.n}`;
  assert.equal(new Set(table.map(key)).size, table.length, `${id}: duplicate rows`);
  const variants = [...new Set(table.map((r) => r.variant))];
  const ns = [...new Set(table.map((r) => r.n))];
  assert.equal(table.length, variants.length * ns.length, `${id}: one row per (variant, n)`);
  if (top !== undefined) assert.equal(Math.max(...ns), top, `${id}: largest n is the slider's value`);
  for (const r of table) {
    if (r.state === "measured") {
      assert.ok(r.median >= 0 && Number.isFinite(r.median), `${id}: ${key(r)} median`);
      // Every measured row says how many clock ticks its shortest sample spanned, and
      // how far it can be trusted (DOM contract).
      assert.ok(Number.isFinite(r.minTicks) && r.minTicks >= 0, `${id}: ${key(r)} data-min-ticks ${r.minTicks}`);
      assert.ok(["sound", "drifting", "below-clock"].includes(r.quality), `${id}: ${key(r)} data-quality ${r.quality}`);
      // Only single-call timing (the timer lesson's point) may report samples under the
      // harness's 500-tick target, and only it may report 0.
      if (!(id === "timer-resolution" && r.variant === "single") && r.quality !== "below-clock") {
        assert.ok(r.median > 0, `${id}: ${key(r)} median of 0`);
      }
      // A sweep measures every point twice, a third time where the two disagree, and
      // reports the fastest pass (the timer lesson's single-call timing excepted; widgets
      // that wait time schedules instead).
      if (!WAITING.has(id) && r.lang === "rust" && !(id === "timer-resolution" && r.variant === "single")) {
        assert.ok(r.otherPass !== null && r.otherPass >= r.median, `${id}: ${key(r)} other pass ${r.otherPass}, reported ${r.median}`);
        assert.ok(r.passes === 2 || r.passes === 3, `${id}: ${key(r)} data-passes ${r.passes}`);
      } else assert.equal(r.passes, null, `${id}: ${key(r)} one pass, no data-passes`);
    } else assert.equal(r.state, "skipped", `${id}: ${key(r)} state`);
  }
}

describe("cross-origin isolated", () => {
  test("every route loads without console errors; unknown routes get a helpful page", async () => {
    const { page, errors, close } = await newPage(browser);
    for (const path of ["/", ...LESSONS.map((l) => `/lessons/${l.slug}`), "/lessons/no-such-lesson", "/nope/deep/link"]) {
      await open(page, srv.isolated + path);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true, `${path}: isolated`);
      const h1 = await page.locator("h1").first().innerText();
      assert.ok(h1.length > 3, `${path}: has a heading`);
      assert.equal(await page.locator("[data-boot]").count(), 0, `${path}: the loading line is gone`);
      if (path.includes("no-such") || path.startsWith("/nope")) {
        assert.equal(await page.locator('[data-page="not-found"]').count(), 1, `${path}: not-found page`);
        assert.ok((await page.locator('[data-page="not-found"] a').count()) >= 3, "links to the lessons");
      }
    }
    await page.waitForTimeout(500);
    assert.deepEqual(errors, []);
    await close();
  });

  test("a trap in the UI's WebAssembly (how a UI panic ends) puts an error banner on the page", async () => {
    const { page, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/measuring-time`);
    assert.equal(await page.locator("[data-crash]").count(), 0);
    // What an `unreachable` trap does when it escapes an event handler or a task.
    await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError("unreachable"); }));
    const banner = page.locator('[data-crash][role="alert"]');
    await banner.waitFor({ timeout: 5_000 });
    assert.match(await banner.innerText(), /internal error.*unreachable.*Reloading/s);
    // Other script errors are not WebAssembly traps and leave the page alone.
    await page.evaluate(() => setTimeout(() => { throw new TypeError("not ours"); }));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await page.locator("[data-crash]").count(), 1);
    await close();
  });

  /** A route handler: the real response's first 1,000 bytes, as a download cut short. */
  const cutShort = async (route) => {
    const whole = await (await route.fetch()).body();
    await route.fulfill({ status: 200, contentType: "application/wasm", body: whole.subarray(0, 1000) });
  };

  test("a UI module the browser will not compile (a download cut short) says so instead of a blank page", async () => {
    // Service workers blocked: Playwright's routes do not see what a service worker fetches.
    const { page, close } = await newPage(browser, { serviceWorkers: "block" });
    await page.route("**/benchbook_bg.wasm", cutShort);
    await page.goto(`${srv.isolated}/lessons/measuring-time`);
    const banner = page.locator('[data-crash][role="alert"]');
    await banner.waitFor({ timeout: 15_000 });
    assert.match(await banner.innerText(), /could not start: its WebAssembly did not load, or this browser did not accept it \(.+\)\. Reloading/s);
    assert.equal(await page.locator("html[data-ready]").count(), 0);
    assert.equal(await page.locator("[data-boot]").count(), 0, "no 'Loading the course…' beside the banner");
    await close();
  });

  test("a threaded worker that will not compile: widgets run on one thread, and the banner says the pool did not start", async () => {
    const { page, close } = await newPage(browser, { serviceWorkers: "block" });
    // The context's route: it sees the workers' requests too.
    await page.context().route("**/worker_mt_bg.wasm", cutShort);
    await open(page, `${srv.isolated}/lessons/parallel-processing`);
    const banner = page.locator('[data-threads-off="pool-failed"]');
    await banner.waitFor({ timeout: 30_000 });
    // Not "a single logical processor": the machine has two; the threaded build failed.
    assert.match(await banner.innerText(), /thread pool did not start \(.*said: .*\)/s);
    const id = "parallel-cpu";
    for (const name of Object.keys(STEPS[id])) await slideTo(page, id, name, 0);
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    assert.deepEqual((await rows(page, id)).map((r) => r.n), [1], "one thread only");
    assert.equal(await page.locator("[data-crash]").count(), 0, "the page itself started and stays up");
    await close();
  });

  test("environment panel: isolated, a pool of more than one thread, a fine clock", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, srv.isolated + "/");
    const panel = page.locator(".env-panel[data-threads]");
    await panel.waitFor({ timeout: 30_000 });
    const threads = Number(await panel.getAttribute("data-threads"));
    assert.ok(threads > 1, `pool has ${threads} threads`);
    assert.equal(await panel.getAttribute("data-isolated"), "true");
    const res = Number(await panel.getAttribute("data-timer-resolution-ns"));
    assert.ok(res > 0 && res <= 20_000, `timer resolution ${res} ns`);
    assert.equal(await page.locator("[data-threads-off]").count(), 0, "no threads-off banner");
    // The harness floor: an empty kernel through the timing loop, measured after Ready.
    const floor = page.locator("[data-floor-ns]");
    await floor.waitFor({ timeout: 15_000 });
    const floorNs = Number(await floor.getAttribute("data-floor-ns"));
    assert.ok(floorNs > 0 && floorNs < 100, `harness floor ${floorNs} ns`);
    assert.match(await floor.innerText(), /per call/);
    assert.deepEqual(errors, []);
    await close();
  });

  for (const lesson of LESSONS) {
    test(`lesson ${lesson.slug}: every widget runs, plots, fills its table and explains`, async () => {
      const { page, errors, close } = await newPage(browser);
      await open(page, `${srv.isolated}/lessons/${lesson.slug}`);
      for (const id of lesson.widgets) {
        const w = widget(page, id);
        assert.equal(await w.getAttribute("data-state"), "idle");
        assert.equal((await canvasInk(page, id)).ink, 0, `${id}: canvas blank before a run`);
        let top;
        for (const [name, steps] of Object.entries(STEPS[id])) {
          const shown = await slideTo(page, id, name, steps);
          if (name === "n") top = Number(new URL(page.url()).searchParams.get(`${id}.n`));
          assert.ok(shown, `${id}.${name}: slider announces its value`);
        }
        if (id === "chunk-size") top = 10_000; // chunk sizes run up to the item count
        if (top !== undefined) assert.ok(top > 0, `${id}: slider value is in the URL`);
        if (id === "parallel-cpu") {
          const input = w.locator('input[name="threads"]');
          await input.focus();
          await page.keyboard.press("End");
        }
        await w.getByRole("button", { name: "Run" }).click();
        assert.equal(await waitState(page, id, ["done", "error"]), "done", `${id}: ${await w.locator("[role=alert]").allInnerTexts()}`);
        const table = await rows(page, id);
        assertCompleteGrid(id, table, top);
        assert.ok(table.some((r) => r.state === "measured"), `${id}: something was measured`);
        if (id === "parallel-cpu") {
          assert.ok(new Set(table.map((r) => r.n)).size > 1, "parallel-cpu sweeps more than one thread count");
        }
        const ink = await canvasInk(page, id, { until: (r) => r.ink > 2000 && r.colours > 3 && r.width === r.cssWidth * 2 });
        assert.ok(ink.ink > 2000 && ink.colours > 3, `${id}: chart drawn (${JSON.stringify(ink)})`);
        assert.equal(ink.width, ink.cssWidth * 2, `${id}: canvas backing store is 2x its CSS size at DPR 2`);
        // A chart in the run's details (a histogram, an icicle, error or hit-rate lines, a TTL
        // timeline, ranking bars) is built by the chart worker from the run's message: drawn too.
        if ((await w.locator("[data-details] canvas").count()) > 0) {
          const details = await canvasInk(page, null, { selector: `[data-widget="${id}"] [data-details] canvas`, until: 2001 });
          assert.ok(details.ink > 2000, `${id}: details chart drawn (${JSON.stringify(details)})`);
        }
        const readout = await w.locator(".readout").innerText();
        assert.match(readout, /\d/, `${id}: readout states a figure: ${readout}`);
        assert.ok(!/Not enough measured points/.test(readout), `${id}: ${readout}`);
        // The machine checks (harness::machine): a sweep of kernels times one fixed loop when
        // it starts and after each size of each of its two passes; the readout lists them,
        // and says the machine changed speed exactly when the middle half of them spreads over
        // 5%. Runs that wait on timers, workers or storage have none.
        const machine = await w.locator(".readout").getAttribute("data-machine-ns");
        if (WAITING.has(id) || id === "resource-monitor") {
          assert.equal(machine, null, `${id}: no machine checks`);
        } else {
          const checks = (machine ?? "").split(" ").map(Number);
          // Every suite has a batched variant, so every sweep has its second pass.
          const sizes = new Set(table.map((r) => r.n)).size;
          assert.equal(checks.length, 1 + 2 * sizes, `${id}: checks ${machine} for ${sizes} sizes`);
          // Sized for at least 0.5 ms when the worker started; a machine that sped up since can
          // read less (one local run: 670 µs, then 470 µs for the rest of the sweep).
          assert.ok(checks.every((c) => c >= 100_000 && c < 100_000_000), `${id}: checks ${machine}`);
          const spread = machineSpread(checks);
          // (The attribute's whole nanoseconds can only tip a spread within 0.1% of the line.)
          if (Math.abs(spread - 0.05) > 0.001) {
            assert.equal(/Your machine's speed changed during this run/.test(readout), spread > 0.05, `${id}: spread ${spread}: ${readout}`);
          }
        }
        const pythonNote = w.locator("[data-python-note]");
        // A widget with a Python twin runs it here instead of quoting native figures.
        if (PYTHON_TWINS.has(id)) {
          // Its plain Python runs here; only NumPy, which cannot, keeps its native figure.
          assert.equal(await pythonNote.count(), WITH_NUMPY.has(id) ? 1 : 0, `${id}: native figures beside the live Python`);
          if (WITH_NUMPY.has(id)) {
            assert.match(await pythonNote.locator("p").innerText(), /^NumPy cannot run in this browser/, id);
            const lines = await pythonNote.locator("li").allInnerTexts();
            assert.ok(lines.length > 0 && lines.every((l) => l.includes("NumPy")), `${id}: ${lines}`);
          }
          assert.equal(await w.locator("details[data-python]").count(), 1, `${id}: a Python panel`);
        } else if (WITH_PYTHON.has(id)) assert.match(await pythonNote.innerText(), /measured natively \(not in this browser\)/);
        else assert.equal(await pythonNote.count(), 0, `${id}: no Python note`);
        // The source is fetched from /source/ when the section is first opened.
        await w.locator("details.source summary").click();
        await w.locator("code[data-source]").first().waitFor();
        const sources = await w.locator("code[data-source]").allTextContents();
        assert.equal(sources.length, await w.locator("details.source h4").count(), `${id}: one listing per variant`);
        assert.ok(sources.length >= 1 && sources.every((s) => s.includes("fn ")), `${id}: source of each variant`);
      }
      assert.deepEqual(errors, []);
      await close();
    });
  }

  test("compare-implementations: a ranking table and bar chart at the largest size", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/optimizing?compare-implementations.n=10000`);
    const w = widget(page, "compare-implementations");
    await page.waitForSelector('[data-widget="compare-implementations"] button.run:not([disabled])', { timeout: 30_000 });
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "compare-implementations", ["done", "error"]), "done");
    const ranking = w.locator("table[data-ranking]");
    assert.equal(await ranking.getAttribute("data-ranking"), "10000");
    const rel = await ranking.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.relative)));
    assert.equal(rel.length, 4);
    assert.equal(rel[0], 1, "the fastest is 1.00x itself");
    assert.ok(rel.every((r, i) => i === 0 || r >= rel[i - 1]), `sorted: ${rel}`);
    const bars = await canvasInk(page, null, { selector: '[data-details="ranking"] canvas', until: 2001 });
    assert.ok(bars.ink > 2000, `bar chart drawn (${JSON.stringify(bars)})`);
    assert.match(await w.locator(".readout").innerText(), /returned the same squares .* the fastest was/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("resource-monitor: live memory readings of another widget's run", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/resources`);
    const w = widget(page, "resource-monitor");
    assert.equal(await w.getAttribute("data-state"), "idle");
    assert.equal((await canvasInk(page, "resource-monitor")).ink, 0, "blank before a run");
    await w.locator('select[name="workload"]').selectOption("memory-profile");
    await page.waitForSelector('[data-widget="resource-monitor"] button.run:not([disabled])', { timeout: 30_000 });
    await w.getByRole("button", { name: "Run" }).click();
    // Readings arrive while the sweep runs, not only at the end.
    await page.waitForSelector('[data-widget="resource-monitor"][data-state="running"] tr[data-sample]', { timeout: 30_000 });
    assert.equal(await waitState(page, "resource-monitor", ["done", "error"]), "done");
    const samples = await w.locator("tr[data-sample]").evaluateAll((trs) =>
      trs.map((tr) => ({ wasm: Number(tr.dataset.wasmBytes), live: Number(tr.dataset.liveBytes), peak: Number(tr.dataset.peakBytes) })),
    );
    assert.ok(samples.length >= 3, `a reading at the start and after each size: ${samples.length}`);
    assert.ok(samples.every((s) => s.wasm > 0 && s.wasm % 65536 === 0), "linear memory is whole pages");
    assert.ok(samples.every((s, i) => i === 0 || s.wasm >= samples[i - 1].wasm), "linear memory never shrinks");
    assert.ok(samples.at(-1).peak >= 8_000_000, `memory-profile at 1e6 elements peaks at megabytes: ${samples.at(-1).peak}`);
    const ink = await canvasInk(page, "resource-monitor", { until: (r) => r.ink > 2000 && r.colours > 3 });
    assert.ok(ink.ink > 2000 && ink.colours > 3, `chart drawn (${JSON.stringify(ink)})`);
    assert.match(await w.locator(".readout").innerText(), /Where the memory goes.*WebAssembly memory went from .* at most/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("resource-monitor: the second Run starts from the heap the first Run started from", async () => {
    // Regression pin (issue 14): with wasm-bindgen-rayon's pool builder, freed by the garbage
    // collector during the first Run, the first Run started 528 bytes higher than every later
    // one, and small kernels ran at a different speed in it (docs/first-runs.md).
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/resources`);
    const w = widget(page, "resource-monitor");
    await w.locator('select[name="workload"]').selectOption("compare-implementations");
    await page.waitForSelector('[data-widget="resource-monitor"] button.run:not([disabled])', { timeout: 30_000 });
    const starts = [];
    for (let run = 0; run < 2; run++) {
      await w.getByRole("button", { name: "Run" }).click();
      await page.waitForSelector('[data-widget="resource-monitor"]:not([data-state="done"])');
      assert.equal(await waitState(page, "resource-monitor", ["done", "error"]), "done");
      starts.push(Number(await w.locator("tr[data-sample]").first().getAttribute("data-live-bytes")));
    }
    assert.ok(starts[0] > 0, `live bytes read: ${starts}`);
    assert.equal(starts[1], starts[0], `live bytes at the start of Run 1 and Run 2: ${starts}`);
    assert.deepEqual(errors, []);
    await close();
  });

  test("visiting the caching lesson again and again leaves no event listeners behind", async () => {
    // Regression pin (issue 15): every visit of /lessons/caching left about five listeners
    // behind (30 in-app navigations: 411 to 471), from the storage widget's IndexedDB
    // connections, which were never closed.
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/data-structures`);
    const cdp = await page.context().newCDPSession(page);
    const listeners = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      await cdp.send("HeapProfiler.collectGarbage");
      return (await cdp.send("Memory.getDOMCounters")).jsEventListeners;
    };
    const visit = async (slug) => {
      await page.locator(`header nav a[href="/lessons/${slug}"]`).click();
      await page.waitForFunction(
        (s) => location.pathname === `/lessons/${s}` && !document.querySelector("[data-loading]") && document.querySelector("[data-widget]"),
        slug,
      );
    };
    const roundTrip = async () => {
      await visit("caching");
      // The storage widget reads the store when it mounts: wait until it has.
      await page.waitForSelector('[data-widget="persistent-cache"] p[data-stored]:not([data-stored=""])', { timeout: 15_000 });
      await visit("data-structures");
    };
    // First visits create what lives on (compiled code, the chart worker's canvases).
    for (let i = 0; i < 3; i++) await roundTrip();
    const before = await listeners();
    for (let i = 0; i < 10; i++) await roundTrip();
    const after = await listeners();
    assert.ok(after - before <= 5, `event listeners grew from ${before} to ${after} over ten visits`);
    assert.deepEqual(errors, []);
    await close();
  });

  test("permalink round-trips; CSV and JSON exports hold the table's rows; PNG is the chart", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/data-structures`);
    const id = "counting";
    const w = widget(page, id);
    const shownN = await slideTo(page, id, "n", 3);
    const shownK = await slideTo(page, id, "k", 2);
    const link = await w.locator("[data-permalink]").getAttribute("data-permalink");
    assert.match(link, /\/lessons\/data-structures\?counting\.n=10000&counting\.k=10#counting$/);
    await w.getByRole("button", { name: "Copy link" }).click();
    await w.locator(".share [role=status]").waitFor();
    // Opening the link elsewhere restores both sliders.
    const other = await newPage(browser);
    await open(other.page, link);
    assert.equal(await widget(other.page, id).locator('input[name="n"]').getAttribute("aria-valuetext"), shownN);
    assert.equal(await widget(other.page, id).locator('input[name="k"]').getAttribute("aria-valuetext"), shownK);
    await other.close();

    assert.equal(await w.locator('[data-export="csv"]').isDisabled(), true, "nothing to export before a run");
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    const table = await rows(page, id);
    const save = async (kind) => {
      const [download] = await Promise.all([page.waitForEvent("download"), w.locator(`[data-export="${kind}"]`).click()]);
      assert.equal(download.suggestedFilename(), `benchbook-${id}.${kind}`);
      const path = await download.path();
      return (await import("node:fs")).readFileSync(path);
    };
    const csv = (await save("csv")).toString();
    assert.match(csv, /# threads: \d+\n# cross-origin isolated: true\n# timer resolution \(ns\): \d/);
    const lines = csv.split("\n").filter((l) => l && !l.startsWith("#"));
    assert.equal(lines.length - 1, table.length, "one CSV line per table row");
    for (const r of table) {
      const line = lines.find((l) => l.startsWith(`${r.variant},${r.n},`));
      assert.ok(line, `${r.variant}@${r.n} in the CSV`);
      assert.ok(Math.abs(Number(line.split(",")[3]) - r.median) <= 1e-6 * r.median, `${r.variant}@${r.n} median`);
    }
    const json = JSON.parse((await save("json")).toString());
    assert.equal(json.widget, id);
    assert.equal(json.environment.isolated, true);
    assert.equal(json.rows.length, table.length);
    assert.deepEqual(json.rows.map((r) => `${r.variant}@${r.n}`).sort(), table.map((r) => `${r.variant}@${r.n}`).sort());
    const png = await save("png");
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG file");
    assert.ok(png.length > 5000, `the chart, not an empty image (${png.length} B)`);
    // Regression pin (issue 15): a slider moved after a run changed the link while the
    // table still showed the earlier run. The results now say which settings they belong
    // to, and the link keeps describing them until the next run.
    assert.equal(await w.locator("[data-stale]").count(), 0, "fresh results are not stale");
    const movedN = await slideTo(page, id, "n", 2);
    assert.notEqual(movedN, shownN);
    await w.locator("[data-stale]").waitFor();
    assert.match(await w.locator("[data-stale]").innerText(), /measured with n = 10,000, k = 10/);
    assert.match(await w.locator("[data-permalink]").getAttribute("data-permalink"), /counting\.n=10000&/, "the link reproduces the results shown");
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    assert.equal(await w.locator("[data-stale]").count(), 0, "a new run is not stale");
    assert.match(await w.locator("[data-permalink]").getAttribute("data-permalink"), /counting\.n=5000&/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("progress: lessons read and widgets run are remembered; reset asks first", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/measuring-time?timer-resolution.n=100`);
    const w = widget(page, "timer-resolution");
    await page.waitForSelector('[data-widget="timer-resolution"] button.run:not([disabled])', { timeout: 30_000 });
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "timer-resolution", ["done", "error"]), "done");
    await open(page, `${srv.isolated}/`);
    const item = page.locator('.course-map li[data-lesson="measuring-time"]');
    assert.equal(await item.getAttribute("data-read"), "true");
    assert.match(await item.innerText(), /read · 1 of 2 widgets run/);
    assert.equal(await page.locator('.course-map li[data-lesson="caching"]').getAttribute("data-read"), "false");
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    assert.match(await item.innerText(), /1 of 2 widgets run/, "kept across a reload");
    page.once("dialog", (d) => d.dismiss());
    await page.getByRole("button", { name: "Reset progress" }).click();
    assert.equal(await item.getAttribute("data-read"), "true", "dismissing the question keeps progress");
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Reset progress" }).click();
    assert.equal(await item.getAttribute("data-read"), "false");
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    assert.equal(await item.getAttribute("data-read"), "false", "the reset is stored");
    assert.deepEqual(errors, []);
    await close();
  });

  test("dark mode follows the system, the toggle overrides it, and charts follow the theme", async () => {
    const { page, errors, close } = await newPage(browser);
    await page.emulateMedia({ colorScheme: "dark" });
    await open(page, `${srv.isolated}/lessons/data-structures?queue-ops.n=1000`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    const id = "queue-ops";
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    const luminance = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const dark = await canvasInk(page, id, { until: (r) => r.ink > 2000 && luminance(r.corner) < 60 });
    assert.ok(luminance(dark.corner) < 60, `dark chart background: ${dark.corner}`);
    const darkShot = await widget(page, id).screenshot();
    await page.getByRole("button", { name: "Dark mode" }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    const light = await canvasInk(page, id, { until: (r) => r.ink > 2000 && r.corner[0] > 200 });
    assert.ok(light.corner[0] > 200, `light chart background: ${light.corner}`);
    const lightShot = await widget(page, id).screenshot();
    assert.ok(light.ink > 2000, "light chart drawn");
    assert.ok(darkShot.length > 10_000 && lightShot.length > 10_000 && !darkShot.equals(lightShot), "both themes render");
    // The choice is remembered over the system setting.
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    assert.deepEqual(errors, []);
    await close();
  });

  test("charts redraw at their new size when the window is resized", async () => {
    const { page, errors, close } = await newPage(browser);
    const id = "queue-ops";
    await open(page, `${srv.isolated}/lessons/data-structures?${id}.n=1000`);
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    const wide = await canvasInk(page, id, { until: (r) => r.ink > 2000 && r.width === r.cssWidth * 2 });
    await page.setViewportSize({ width: 700, height: 900 });
    const narrow = await canvasInk(page, id, { until: (r) => r.ink > 2000 && r.cssWidth < wide.cssWidth && r.width === r.cssWidth * 2 });
    assert.ok(narrow.cssWidth < wide.cssWidth, `the canvas got narrower: ${wide.cssWidth} -> ${narrow.cssWidth} px`);
    assert.equal(narrow.width, narrow.cssWidth * 2, "redrawn at 2x its new CSS width, not stretched");
    assert.ok(narrow.ink > 2000, "and drawn");
    assert.deepEqual(errors, []);
    await close();
  });

  test("accessibility: axe-core finds no serious or critical violations on any route, in either theme", async () => {
    const { page, errors, close } = await newPage(browser);
    const axePath = path.join(ROOT, "node_modules/axe-core/axe.min.js");
    const audit = async (where) => {
      await page.addScriptTag({ path: axePath });
      const found = await page.evaluate(async () =>
        (await axe.run(document, { resultTypes: ["violations"] })).violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`),
      );
      assert.deepEqual(found, [], where);
    };
    for (const theme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: theme });
      for (const route of ["/", ...LESSONS.map((l) => `/lessons/${l.slug}`), "/nope"]) {
        await open(page, srv.isolated + route);
        await audit(`${theme} ${route}`);
      }
      // With results on the page: tables, charts, readouts, details.
      await open(page, `${srv.isolated}/lessons/caching?memo-fib.n=20&lru-hit-rate.n=10&ttl-cache.n=10&persistent-cache.n=1000`);
      for (const id of ["memo-fib", "lru-hit-rate", "ttl-cache", "persistent-cache"]) {
        await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
        await widget(page, id).getByRole("button", { name: "Run" }).click();
        assert.equal(await waitState(page, id, ["done", "error"]), "done");
      }
      await audit(`${theme} caching after runs`);
    }
    assert.deepEqual(errors, []);
    await close();
  });

  test("a phone-sized viewport (375 px): nothing overflows the page, and widgets run and plot", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    for (const route of ["/", ...LESSONS.map((l) => `/lessons/${l.slug}`)]) {
      await open(page, srv.isolated + route);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `${route}: page is ${width} px wide`);
    }
    // The eleven lessons fold behind a button instead of filling the first screen, and
    // fold again once one is chosen.
    const menu = page.getByRole("button", { name: "Lessons" });
    const lesson4 = page.getByRole("navigation", { name: "Lessons" }).getByRole("link", { name: "4. Vectorization" });
    assert.equal(await lesson4.isVisible(), false, "the lesson list is folded on a phone");
    const header = await page.locator(".site-header").boundingBox();
    assert.ok(header.height < 120, `the folded header is ${header.height} px tall`);
    await menu.tap();
    assert.equal(await menu.getAttribute("aria-expanded"), "true");
    assert.equal(await lesson4.isVisible(), true, "the button unfolds the list");
    await lesson4.tap();
    await page.waitForURL(/\/lessons\/vectorization$/);
    assert.equal(await menu.getAttribute("aria-expanded"), "false", "choosing a lesson folds the list");
    assert.equal(await lesson4.isVisible(), false);
    await open(page, `${srv.isolated}/lessons/data-structures?search.n=1000`);
    await page.waitForSelector('[data-widget="search"] button.run:not([disabled])', { timeout: 30_000 });
    // Sliders work by touch-sized steps too: move one with the keyboard, then tap Run.
    await slideTo(page, "search", "n", 2);
    await widget(page, "search").getByRole("button", { name: "Run" }).tap();
    assert.equal(await waitState(page, "search", ["done", "error"]), "done");
    const ink = await canvasInk(page, "search", { until: 2001 });
    assert.ok(ink.ink > 2000 && ink.cssWidth <= 375, `chart drawn within the screen: ${JSON.stringify(ink)}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, "results do not widen the page");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("keyboard: every control is reached by Tab with a visible focus ring, and Enter runs a widget", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/measuring-time?timer-resolution.n=100`);
    await page.waitForSelector('[data-widget="timer-resolution"] button.run:not([disabled])', { timeout: 30_000 });
    const reached = new Set();
    let runFocused = false;
    for (let i = 0; i < 80 && !runFocused; i++) {
      await page.keyboard.press("Tab");
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {
          what: `${el.tagName.toLowerCase()}${el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : ""}:${(el.textContent || "").trim().slice(0, 20)}`,
          ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          run: el.matches('[data-widget="timer-resolution"] button.run'),
        };
      });
      assert.ok(f.ring, `visible focus on ${f.what}`);
      reached.add(f.what);
      runFocused = f.run;
    }
    assert.ok(runFocused, `Run reached by Tab (went through ${[...reached].join(", ")})`);
    for (const want of ["a:Skip to content", "button:Dark mode", "input[name=n]:"]) {
      assert.ok([...reached].some((r) => r.startsWith(want)), `${want} reachable`);
    }
    await page.keyboard.press("Enter");
    assert.equal(await waitState(page, "timer-resolution", ["done", "error"]), "done");
    assert.deepEqual(errors, []);
    await close();
  });

  test("links navigate within the page; back and forward restore lessons; the header marks the current one", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/`);
    await page.evaluate(() => { window.__sameDocument = true; });
    const first = LESSONS[0];
    await page.locator(`.site-header a[href="/lessons/${first.slug}"]`).click();
    await page.waitForFunction((s) => document.querySelector(`article[data-lesson="${s}"]`), first.slug);
    assert.equal(new URL(page.url()).pathname, `/lessons/${first.slug}`);
    assert.equal(await page.locator(`.site-header a[href="/lessons/${first.slug}"]`).getAttribute("aria-current"), "page");
    assert.equal(await page.locator('.site-header a[aria-current="page"]').count(), 1, "only the current lesson is marked");
    await page.evaluate(() => scrollTo(0, 400));
    await page.locator('.lesson-nav a[rel="next"]').click();
    await page.waitForFunction((s) => document.querySelector(`article[data-lesson="${s}"]`), LESSONS[1].slug);
    assert.equal(await page.evaluate(() => scrollY), 0, "a new page starts at its top");
    await page.goBack();
    await page.waitForFunction((s) => document.querySelector(`article[data-lesson="${s}"]`), first.slug);
    await page.goForward();
    await page.waitForFunction((s) => document.querySelector(`article[data-lesson="${s}"]`), LESSONS[1].slug);
    await page.goBack();
    await page.goBack();
    await page.waitForSelector("ol.course-map");
    assert.equal(await page.evaluate(() => window.__sameDocument), true, "no full page load happened");
    // A link to a widget on another lesson lands on that widget once the lesson's text is in.
    await open(page, `${srv.isolated}/lessons/glossary`);
    await page.locator('.glossary a[href="/lessons/memory#stream-vs-collect"]').click();
    await page.waitForFunction(() => {
      const el = document.getElementById("stream-vs-collect");
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.top < innerHeight && r.bottom > 0;
    }, null, { timeout: 10_000 });
    assert.deepEqual(errors, []);
    // A link to a file the site serves is the browser's to follow, not a page of the app.
    // (Shown as a document, the file makes the browser ask for /favicon.ico: a 404 that
    // is not the app's, so console errors are checked before this step.)
    await page.evaluate(() => {
      window.__sameDocument = true;
      const a = document.createElement("a");
      a.href = "/text/memory.html";
      a.textContent = "file";
      a.id = "file-link";
      document.querySelector("main").append(a);
    });
    await Promise.all([page.waitForURL("**/text/memory.html"), page.click("#file-link")]);
    await page.waitForLoadState();
    assert.equal(await page.evaluate(() => window.__sameDocument), undefined, "the file was loaded as a document");
    await close();
  });

  test("a lesson whose text cannot be fetched says so, keeps its heading and navigation", async () => {
    const { page, close } = await newPage(browser);
    await page.route("**/text/**", (route) => route.fulfill({ status: 404, body: "" }));
    await open(page, `${srv.isolated}/lessons/memory`);
    const alert = page.locator('article [role="alert"]');
    await alert.waitFor({ timeout: 10_000 });
    assert.match(await alert.innerText(), /could not be loaded \(HTTP 404\)/);
    assert.match(await page.locator("h1").innerText(), /Memory/);
    assert.equal(await page.locator('.lesson-nav a[rel="next"]').count(), 1);
    await close();
  });

  // Charts are drawn by the chart worker; without it, each chart says why and the table
  // still holds the numbers.
  const runWithoutCharts = async (page, id) => {
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    assert.ok((await rows(page, id)).some((r) => r.state === "measured"), "the table is filled");
    const alert = widget(page, id).locator("figure.chart [role=alert]");
    await alert.waitFor({ timeout: 15_000 });
    return alert.innerText();
  };

  test("a browser without OffscreenCanvas: charts say so, widgets still run", async () => {
    const { page, errors, close } = await newPage(browser);
    await page.addInitScript(() => delete HTMLCanvasElement.prototype.transferControlToOffscreen);
    await open(page, `${srv.isolated}/lessons/data-structures?queue-ops.n=1000`);
    const text = await runWithoutCharts(page, "queue-ops");
    assert.match(text, /cannot draw charts .*no OffscreenCanvas.*table below/);
    // The chart worker still writes the readout: it needs no canvas.
    assert.match(await widget(page, "queue-ops").locator(".readout").innerText(), /VecDeque::pop_front took/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("a chart worker that cannot load: charts say so, widgets still run", async () => {
    const { page, close } = await newPage(browser);
    // The context's route: a page's route does not see its workers' requests.
    await page.context().route("**/worker_charts*", (route) => route.fulfill({ status: 404, body: "" }));
    await open(page, `${srv.isolated}/lessons/data-structures?queue-ops.n=1000`);
    const text = await runWithoutCharts(page, "queue-ops");
    assert.match(text, /The chart cannot be drawn: .+\. The numbers are in the table/);
    // It writes the readout too: the page says why there is none.
    assert.match(
      await widget(page, "queue-ops").locator(".readout").innerText(),
      /No sentence could be written about this run: .+\. The numbers are in the table/,
    );
    await close();
  });

  test("a chart worker that loads but never starts: charts and the readout say so in time", async () => {
    const { page, close } = await newPage(browser);
    // A module that loads without error and never answers: no error event reaches the page.
    // It carries the isolation headers the server sends: a cross-origin-isolated page may not
    // start a worker whose script has no COEP, and whether the service worker (which adds
    // them) already controls this fresh context when the chart worker starts is a race.
    await page.context().route("**/worker_charts_loader.js", (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/javascript",
        headers: { "Cross-Origin-Embedder-Policy": "require-corp", "Cross-Origin-Resource-Policy": "same-origin" },
        body: "// never answers\n",
      }),
    );
    // The page's clock is Playwright's: it runs at the real pace, and the test jumps it over the
    // chart worker's 30 s deadline (READY_TIMEOUT_MS, a setTimeout on the page) instead of
    // waiting it out (a jump of 1 s fails the test).
    await page.clock.install();
    await open(page, `${srv.isolated}/lessons/data-structures?queue-ops.n=1000`);
    await page.waitForSelector('[data-widget="queue-ops"] button.run:not([disabled])', { timeout: 30_000 });
    await widget(page, "queue-ops").getByRole("button", { name: "Run" }).click();
    // Every point measured, the run waits on the chart worker for its sentence: still running.
    await page.waitForFunction(() => {
      const trs = [...document.querySelectorAll('[data-widget="queue-ops"] table[data-results] tbody tr')];
      return trs.length > 0 && trs.every((tr) => tr.dataset.state === "measured");
    }, null, { timeout: 45_000 });
    await page.waitForTimeout(500);
    assert.equal(await widget(page, "queue-ops").getAttribute("data-state"), "running", "the run waits for its sentence");
    await page.clock.fastForward(30_000);
    assert.equal(await waitState(page, "queue-ops", ["done", "error"], 5_000), "done");
    assert.ok((await rows(page, "queue-ops")).some((r) => r.state === "measured"), "the table is filled");
    const readout = await widget(page, "queue-ops").locator(".readout").innerText();
    assert.match(readout, /No sentence could be written about this run: the chart worker did not start within 30 s\./);
    const alert = widget(page, "queue-ops").locator("figure.chart [role=alert]").first();
    assert.match(await alert.innerText(), /The chart cannot be drawn: the chart worker did not start within 30 s/);
    await close();
  });

  test("a second Run of the same settings is compared with the first, point by point, and a setting left and come back to with its last Run", async () => {
    const { page, errors, close } = await newPage(browser);
    const id = "queue-ops";
    await open(page, `${srv.isolated}/lessons/data-structures?queue-ops.n=1000`);
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    const run = async () => {
      await widget(page, id).getByRole("button", { name: "Run" }).click();
      assert.equal(await waitState(page, id, ["done", "error"]), "done");
      const readout = await widget(page, id).locator(".readout").innerText();
      const checks = (await widget(page, id).locator(".readout").getAttribute("data-machine-ns")) ?? "";
      return { points: comparedPoints(await rows(page, id)), readout, checks: checks.split(" ").map(Number).filter((x) => x > 0) };
    };
    // A Run's typical machine check: the median, the lower middle for an even count.
    const typical = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const first = await run();
    assert.doesNotMatch(first.readout, /previous Run/, "nothing to compare the first Run with");
    const second = await run();
    const common = [...second.points.keys()].filter((k) => first.points.has(k));
    assert.ok(common.length >= 2, `points in both Runs: ${common}`);
    const apart = common.map((k) => apartRatio(first.points.get(k), second.points.get(k)));
    const agrees = second.readout.match(/Your previous Run of these settings agrees: its (\d+) points and this Run's are within (\d+)% of each other\./);
    const moved = second.readout.match(/Compared with your previous Run of these settings, (\d+) of (\d+) points moved by more than 10%/);
    assert.ok(agrees || moved, second.readout);
    if (agrees) {
      assert.equal(Number(agrees[1]), common.length);
      // The widest difference between the two tables, as the sentence rounds it.
      const widest = Math.max(1, (Math.max(...apart) - 1) * 100);
      assert.ok(Math.abs(Number(agrees[2]) - widest) <= 1, `said ${agrees[2]}%, tables ${widest.toFixed(1)}%`);
      assert.ok(widest <= 10.01, `agrees, yet the tables are ${widest.toFixed(1)}% apart`);
    } else {
      assert.equal(Number(moved[2]), common.length);
      // The points that moved are those more than 10% apart in the two tables.
      const beyond = apart.filter((x) => x > 1.1).length;
      assert.equal(Number(moved[1]), beyond, `${moved[1]} moved, ${beyond} beyond 10%`);
      // It names a change of the machine's own speed exactly when the two Runs' checks'
      // medians are more than 5% apart, and which way.
      const [before, now] = [typical(first.checks), typical(second.checks)];
      const machine = second.readout.match(/This Run met a (slower|faster) machine/);
      const changed = before > 0 && now > 0 && apartRatio(now, before) > 1.05;
      assert.equal(Boolean(machine), changed, `checks ${before} then ${now} ns: ${second.readout}`);
      if (machine) assert.equal(machine[1], now > before ? "slower" : "faster");
    }
    // Another setting is not compared with the Run before it.
    await slideTo(page, id, "n", 1);
    const third = await run();
    assert.doesNotMatch(third.readout, /previous Run/, third.readout);
    // Back to the first setting (the quick sweep's 3 steps: n = 1000): compared with the
    // last Run of that setting, the second, not with the Run just before.
    await slideTo(page, id, "n", 3);
    assert.equal(new URL(page.url()).searchParams.get(`${id}.n`), "1000");
    const fourth = await run();
    const shared = [...fourth.points.keys()].filter((k) => second.points.has(k));
    const count = fourth.readout.match(/its (\d+) points and this Run's|, \d+ of (\d+) points moved/);
    assert.ok(count, fourth.readout);
    assert.equal(Number(count[1] ?? count[2]), shared.length, fourth.readout);
    assert.deepEqual(errors, []);
    await close();
  });

  test("glossary: every term links to the widget that shows it", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/glossary`);
    const links = await page.locator(".glossary a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.equal(links.length, 9);
    for (const href of links) {
      const id = href.split("#")[1];
      await open(page, srv.isolated + href);
      assert.equal(await widget(page, id).count(), 1, `${href}: the widget is on that page`);
      // The prose arrives after navigation; the page still scrolls to the linked widget.
      await page.waitForFunction((i) => {
        const r = document.getElementById(i).getBoundingClientRect();
        return r.top < innerHeight && r.bottom > 0;
      }, id, { timeout: 5_000 });
    }
    assert.deepEqual(errors, []);
    await close();
  });

  test("io-concurrency: N = 10, L = 100 ms, k = 5 takes about two latencies, not ten", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/parallel-processing?io-concurrency.requests=10&io-concurrency.latency=100&io-concurrency.limit=5`);
    const w = widget(page, "io-concurrency");
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "io-concurrency", ["done", "error"]), "done");
    const ms = Object.fromEntries((await rows(page, "io-concurrency")).map((r) => [r.variant, r.median / 1e6]));
    // Generous bands: the point is the shape (two rounds versus ten), not timer precision.
    assert.ok(ms.limited >= 195 && ms.limited < 400, `limited took ${ms.limited} ms`);
    assert.ok(ms.serial >= 995 && ms.serial < 1600, `serial took ${ms.serial} ms`);
    for (const variant of ["serial", "limited"]) {
      const spans = await w.locator(`table[data-timeline="${variant}"] tbody tr`).count();
      assert.equal(spans, 10, `${variant}: one timeline row per request`);
    }
    assert.match(await w.locator(".readout").innerText(), /ceil\(10\/5\) × L/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("blocking-the-ui: long tasks on the UI thread, none while the worker computes", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/async-io?blocking-the-ui.duration=300`);
    const w = widget(page, "blocking-the-ui");
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "blocking-the-ui", ["done", "error"]), "done", `${await w.locator("[role=alert]").allInnerTexts()}`);
    const phases = Object.fromEntries(
      await w.locator("tr[data-phase]").evaluateAll((trs) =>
        trs.map((tr) => [tr.dataset.phase, { longTasks: Number(tr.dataset.longTasks), longest: Number(tr.dataset.longestTaskMs), dropped: Number(tr.dataset.droppedFrames) }]),
      ),
    );
    // The kernel never blocks the page from the worker: no long task there comes near the
    // call's length. (A busy machine can still stretch an ordinary task past 50 ms: CI once
    // saw two such in the worker phase, so the test compares lengths, not counts.)
    const call = (await rows(page, "blocking-the-ui")).find((r) => r.variant === "ui-thread").median / 1e6;
    assert.ok(phases.worker.longest < call / 2, `worker phase: longest task ${phases.worker.longest} ms against a ${call} ms call`);
    assert.ok(phases["ui-thread"].longTasks >= 1, "the UI-thread run is a long task");
    assert.ok(phases["ui-thread"].longest >= 0.9 * call, `the UI-thread phase's longest task (${phases["ui-thread"].longest} ms) spans the ${call} ms call`);
    assert.ok(phases["ui-thread"].dropped > phases.worker.dropped, "the UI-thread run drops more frames");
    const table = await rows(page, "blocking-the-ui");
    assert.deepEqual(table.map((r) => r.variant), ["worker", "ui-thread"]);
    assert.equal(table[0].n, table[1].n, "both threads ran the same call");
    assert.ok(table[1].median / 1e6 < 1100, `the UI thread was blocked for ${table[1].median / 1e6} ms, bounded by about a second`);
    // The reader asked for 300 ms. A calibration spoiled by a lost time slice once sized
    // the call at 17 ms (and then there was no long task to show): a third is the floor.
    assert.ok(table[1].median / 1e6 > 100, `the UI thread was blocked for ${table[1].median / 1e6} ms of the 300 asked for`);
    assert.deepEqual(errors, []);
    await close();
  });

  test("elementwise-add: in cache, SIMD is clearly faster than the scalar baseline; the compiled code shows which loops are SIMD", async () => {
    const { page, errors, close } = await newPage(browser);
    const { state, at } = await runAt(page, `${srv.isolated}/lessons/vectorization?elementwise-add.n=10000`, "elementwise-add", 10000);
    assert.equal(state, "done");
    const w = widget(page, "elementwise-add");
    assert.ok(at.scalar > 1.5 * at.simd128, `scalar ${at.scalar} ns vs simd128 ${at.simd128} ns per element at n = 10,000`);
    assert.match(await w.locator(".readout").innerText(), /In cache \(n = 10,000.*SIMD ran [\d.]+× faster than the scalar loop/);
    // "Vectorized?" is read from the worker's compiled code, listed under the source.
    await w.locator("details.source summary").first().click();
    await w.locator('code[data-wasm-for="simd128"]').waitFor({ state: "attached" });
    const wasm = Object.fromEntries(
      await w.locator("[data-wasm-for]").evaluateAll((els) => els.map((e) => [e.dataset.wasmFor, e.textContent])),
    );
    assert.deepEqual(Object.keys(wasm).sort(), ["indexed", "indexed-sliced", "scalar", "simd128", "zipped"]);
    assert.match(wasm.simd128, /v128\.load|f32x4\.add/);
    assert.doesNotMatch(wasm.scalar, /v128|f32x4/, "the baseline is scalar");
    assert.match(wasm.zipped, /f32x4\.add/, "the zipped loop auto-vectorized");
    assert.match(await w.locator("details.wasm summary").first().innerText(), /SIMD \(v128\) instruction/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("bytes-per-element: the same boxes visited out of order are clearly slower at the largest n; the real footprint is shown", async () => {
    const { page, errors, close } = await newPage(browser);
    const { state, at } = await runAt(page, `${srv.isolated}/lessons/memory?bytes-per-element.n=1000000`, "bytes-per-element", 1_000_000);
    assert.equal(state, "done");
    const w = widget(page, "bytes-per-element");
    assert.ok(at["boxed-shuffled"] > 1.5 * at.boxed, `shuffled ${at["boxed-shuffled"]} ns vs in order ${at.boxed} ns per element`);
    const stride = Number(await w.locator("[data-details=footprint]").getAttribute("data-box-stride"));
    assert.ok(stride >= 8 && stride <= 64, `boxes ${stride} bytes apart`);
    assert.match(await w.locator(".readout").innerText(), /Visited out of order, the same boxes took .* slower than the in-order walk/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("predict first: a stored prediction survives a reload and the run says how close it was", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/data-structures?queue-ops.n=10000`);
    const w = widget(page, "queue-ops");
    const panel = w.locator("[data-predict]");
    await panel.locator("summary").click();
    const save = panel.getByRole("button", { name: "Save my prediction" });
    assert.equal(await save.isDisabled(), true, "nothing to save before a choice");
    await panel.locator('input[type=radio][value="vecdeque-pop-front"]').check();
    const slider = panel.locator('input[name="predict-factor"]');
    await slider.focus();
    await page.keyboard.press("End");
    await save.click();
    await panel.locator('[data-prediction="vecdeque-pop-front"]').waitFor();
    // Kept with the reader's progress: a reload still shows it.
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    await widget(page, "queue-ops").locator('[data-prediction="vecdeque-pop-front"]').waitFor({ timeout: 30_000 });
    await page.waitForSelector('[data-widget="queue-ops"] button.run:not([disabled])', { timeout: 30_000 });
    await widget(page, "queue-ops").getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "queue-ops", ["done", "error"]), "done");
    const result = widget(page, "queue-ops").locator("[data-prediction-result]");
    assert.equal(await result.getAttribute("data-prediction-result"), "right");
    // The slider's end is 10,000x: far more than VecDeque's lead at n = 10,000.
    assert.match(await result.innerText(), /you were right: .* the gap was [\d.,]+× smaller than you expected/);
    await widget(page, "queue-ops").getByRole("button", { name: "Change it" }).click();
    await widget(page, "queue-ops").locator("[data-predict] summary").waitFor();
    assert.deepEqual(errors, []);
    await close();
  });

  test("chunk-size: chunks of one item are clearly slower than the best size, because each is a task", async () => {
    const { page, errors, close } = await newPage(browser);
    const run = await runAt(page, `${srv.isolated}/lessons/parallel-processing?chunk-size.items=100000`, "chunk-size");
    assert.equal(run.state, "done");
    const w = widget(page, "chunk-size");
    const table = run.table.filter((r) => r.state === "measured");
    const one = table.find((r) => r.n === 1);
    const best = Math.min(...table.map((r) => r.median));
    assert.ok(one.median > 1.5 * best, `chunk size 1: ${one.median} ns against the best ${best} ns`);
    assert.match(await w.locator(".readout").innerText(), /a task per item costs more than the item/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("copy-vs-share: shared memory is measured on an isolated page", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/parallel-processing?copy-vs-share.mb=2`);
    await widget(page, "copy-vs-share").getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "copy-vs-share", ["done", "error"]), "done");
    const table = await rows(page, "copy-vs-share");
    assert.deepEqual([...new Set(table.map((r) => r.variant))], ["copy", "transfer", "share"]);
    assert.ok(table.every((r) => r.state === "measured"), JSON.stringify(table));
    assert.deepEqual(errors, []);
    await close();
  });

  test("Stop ends a long simulated run at once, without replacing the worker", async () => {
    const { page, errors, close } = await newPage(browser);
    const benchWorkers = [];
    page.on("worker", (wk) => /worker_mt/.test(wk.url()) && benchWorkers.push(wk.url()));
    await open(page, `${srv.isolated}/lessons/async-io?async-gather.requests=50&async-gather.latency=500`);
    const w = widget(page, "async-gather");
    await w.getByRole("button", { name: "Run" }).click();
    await page.waitForTimeout(300);
    const t0 = Date.now();
    await w.getByRole("button", { name: "Stop" }).click();
    assert.equal(await waitState(page, "async-gather", ["cancelled"], 5_000), "cancelled");
    assert.ok(Date.now() - t0 < 1_000, `stopped in ${Date.now() - t0} ms`);
    for (const name of ["requests", "latency"]) await slideTo(page, "async-gather", name, 1);
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "async-gather", ["done", "error"]), "done");
    assert.equal(benchWorkers.length, 1, `the bench worker was not replaced: ${benchWorkers}`);
    assert.deepEqual(errors, []);
    await close();
  });

  test("Stop ends a long sweep within a moment, and the next run works", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/data-structures`);
    const id = "search";
    const w = widget(page, id);
    // n up to 10 million: building the inputs at the largest size alone takes seconds
    // and cannot be interrupted from inside, so Stop must replace the worker.
    await w.locator('input[name="n"]').focus();
    await page.keyboard.press("End");
    await w.getByRole("button", { name: "Run" }).click();
    await page.waitForSelector(`[data-widget="${id}"] tbody tr[data-n="100000"]`, { timeout: 60_000 });
    await page.waitForTimeout(200);
    assert.equal(await w.getAttribute("data-state"), "running");
    const started = Date.now();
    await w.getByRole("button", { name: "Stop" }).click();
    await waitState(page, id, ["cancelled"], 5_000);
    const latency = Date.now() - started;
    console.log(`# stop latency: ${latency} ms (includes the test driver's round trips)`);
    assert.ok(latency < 1_000, `Stop took ${latency} ms`);
    await slideTo(page, id, "n", 2);
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done", "the run after Stop works");
    assertCompleteGrid(id, await rows(page, id), 500);
    assert.deepEqual(errors, []);
    await close();
  });

  test("parallel-cpu draws its chart when the sweep ends, not while its threads are measured", async () => {
    const { page, errors, close } = await newPage(browser);
    const id = "parallel-cpu";
    await open(page, `${srv.isolated}/lessons/parallel-processing?${id}.work=100000000`);
    const w = widget(page, id);
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    // Watch every frame of the run: the caption, and whether the canvas shows anything.
    await page.evaluate(`window.readCanvas = ${readCanvas}`);
    await page.evaluate((id) => {
      const root = document.querySelector(`[data-widget="${id}"]`);
      window.__watch = { frames: 0, captioned: 0, inked: 0, rowsWhileRunning: 0 };
      const look = () => {
        if (root.dataset.state === "running") {
          const watch = window.__watch;
          watch.frames++;
          if (root.querySelector("figure.chart figcaption")) watch.captioned++;
          watch.rowsWhileRunning = Math.max(watch.rowsWhileRunning, root.querySelectorAll("tbody tr[data-n]").length);
          if (window.readCanvas(`[data-widget="${id}"] figure.chart canvas`).ink > 0) watch.inked++;
        }
        if (root.dataset.state !== "done") requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    }, id);
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"], 120_000), "done");
    const watch = await page.evaluate(() => window.__watch);
    assert.ok(watch.frames > 0 && watch.captioned === watch.frames, `the caption shows throughout the run: ${JSON.stringify(watch)}`);
    assert.ok(watch.rowsWhileRunning >= 1, `points arrived during the run: ${JSON.stringify(watch)}`);
    assert.equal(watch.inked, 0, "nothing was drawn while the threads were measured");
    assert.ok((await canvasInk(page, id, { until: 2001 })).ink > 2000, "drawn at the end");
    assert.equal(await w.locator("figure.chart figcaption").count(), 0, "the caption goes with the run");
    assert.deepEqual(errors, []);
    await close();
  });

  test("a kernel panic shows in the widget and the next run works", async () => {
    const { page, errors, close } = await newPage(browser);
    const id = "sum-loop-vs-formula";
    await open(page, `${srv.isolated}/lessons/measuring-time?${id}.fault=panic`);
    const w = widget(page, id);
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "error");
    const alert = await w.locator("[role=alert]").innerText();
    assert.match(alert, /panicked/, alert);
    // The worker's panic hook also prints the message and where it happened (console_error_panic_hook).
    assert.ok(errors.some((e) => /^worker: .*injected fault.*/s.test(e) && /runtime\.rs:\d+/.test(e)), JSON.stringify(errors));
    await slideTo(page, id, "n", 0);
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done", "the run after a panic works");
    assert.equal(await w.locator("[role=alert]").count(), 0, "the old error is gone");
    await close();
  });

  test("memory per call comes from the worker's counting allocator", async () => {
    const { page, errors, close } = await newPage(browser);
    const id = "temporaries-vs-in-place";
    await open(page, `${srv.isolated}/lessons/vectorization`);
    await slideTo(page, id, "n", 3); // n up to 10,000 f64
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    const at = (variant) => rows(page, id).then((t) => t.find((r) => r.variant === variant && r.n === 10_000));
    const [temp, fused, inPlace] = await Promise.all([at("temporaries"), at("fused"), at("in-place")]);
    assert.equal(fused.bytes, 80_000, "one vector of 10,000 f64");
    assert.equal(temp.bytes, 160_000, "two vectors alive at once");
    assert.equal(inPlace.bytes, 0, "no allocation in place");
    assert.match(await widget(page, id).locator(".readout").innerText(), /2 allocations/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("describe-stats shows the statistics it verified and a histogram", async () => {
    const { page, errors, close } = await newPage(browser);
    const id = "describe-stats";
    await open(page, `${srv.isolated}/lessons/vectorization`);
    await slideTo(page, id, "n", 3); // up to 10,000 values
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    const panel = widget(page, id).locator('[data-details="describe"]');
    assert.equal(await panel.locator('[data-stat="count"]').innerText(), "10,000");
    const mean = Number(await panel.locator('[data-stat="mean"]').innerText());
    assert.ok(Math.abs(mean - 100) < 2, `mean ${mean} near 100`);
    const outliers = Number((await panel.locator('[data-stat="outliers (|z| > 3)"]').innerText()).replace(/,/g, ""));
    assert.ok(outliers >= 10, `the 10 planted outliers are found (${outliers})`);
    const { ink } = await canvasInk(page, id, { selector: `[data-widget="${id}"] [data-details="describe"] canvas`, until: 2001 });
    assert.ok(ink > 2000, "histogram drawn");
    assert.deepEqual(errors, []);
    await close();
  });

  test("profile-pipeline: a sortable profile and an icicle chart; memory-profile: allocator figures", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/profiling`);
    const id = "profile-pipeline";
    await slideTo(page, id, "n", 3); // 10,000 records = 10 chunks
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done");
    const panel = widget(page, id).locator('[data-details="profile"]');
    const spans = await panel.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.span));
    for (const name of ["pipeline", "generate", "parse", "transform", "normalize", "score", "aggregate"]) {
      assert.ok(spans.includes(name), `span ${name} in ${spans}`);
    }
    assert.equal(spans[0], "pipeline", "sorted by cumulative time: the whole run first");
    const parseCalls = await panel.locator('tr[data-span="parse"] td').first().innerText();
    assert.equal(parseCalls, "10", "one parse span per chunk of 1,000 records");
    await panel.locator('button[data-sort="calls"]').click();
    const byCalls = await panel.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.span));
    assert.notEqual(byCalls[0], "pipeline", "sorting by calls puts a per-chunk span first");
    assert.equal(await panel.locator('th[aria-sort="descending"] button').innerText(), "calls");
    const { ink } = await canvasInk(page, id, { selector: `[data-widget="${id}"] [data-details="profile"] canvas`, until: 5001 });
    assert.ok(ink > 5000, "icicle chart drawn");

    const mem = "memory-profile";
    await slideTo(page, mem, "n", 3); // 10,000 elements
    await widget(page, mem).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, mem, ["done", "error"]), "done");
    const table = await rows(page, mem);
    const at = (v) => table.find((r) => r.variant === v && r.n === 10_000);
    assert.equal(at("with-capacity").bytes, 80_000, "one buffer of 10,000 u64");
    assert.equal(at("collect").bytes, 80_000);
    assert.ok(at("push").bytes > 80_000, "doubling holds old and new buffers at once");
    assert.equal(at("fused").bytes, 0, "the fused chain allocates nothing");
    assert.ok(at("three-vectors").bytes >= 160_000, "intermediate vectors alive together");
    assert.equal(await widget(page, mem).locator("canvas").count(), 2, "a time chart and a memory chart");
    assert.deepEqual(errors, []);
    await close();
  });

  test("malformed URL parameters fall back to defaults with a visible notice", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/data-structures?queue-ops.n=banana&counting.k=1e99&search.n=5000`);
    const notice = await widget(page, "queue-ops").locator('[data-notice="params"]').innerText();
    assert.match(notice, /queue-ops\.n=“banana”: expected a number/, "the notice quotes the value it ignored");
    assert.match(await widget(page, "counting").locator('[data-notice="params"]').innerText(), /counting\.k/);
    assert.equal(await widget(page, "search").locator('[data-notice="params"]').count(), 0, "a valid value needs no notice");
    assert.equal(await widget(page, "search").locator('input[name="n"]').getAttribute("aria-valuetext"), "5000");
    assert.equal(await widget(page, "queue-ops").locator('input[name="n"]').getAttribute("aria-valuetext"), "10k (10,000)");
    await slideTo(page, "queue-ops", "n", 1);
    await widget(page, "queue-ops").getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "queue-ops", ["done", "error"]), "done");
    assert.deepEqual(errors, []);
    await close();
  });
});

describe("not cross-origin isolated (no COOP/COEP headers)", () => {
  // Service workers blocked: a host without headers and a browser without the worker that
  // would add them (see the service-worker tests below for the other case).
  test("every widget still runs on one thread, and the page says why", async () => {
    const { page, errors, close } = await newPage(browser, { serviceWorkers: "block" });
    for (const lesson of LESSONS) {
      await open(page, `${srv.plain}/lessons/${lesson.slug}`);
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      const banner = page.locator("[data-threads-off]");
      await banner.waitFor({ timeout: 30_000 });
      assert.match(await banner.innerText(), /not cross-origin isolated/);
      for (const id of lesson.widgets) {
        const w = widget(page, id);
        for (const name of Object.keys(STEPS[id])) await slideTo(page, id, name, 0);
        await w.getByRole("button", { name: "Run" }).click();
        assert.equal(await waitState(page, id, ["done", "error"]), "done", `${id}: ${await w.locator("[role=alert]").allInnerTexts()}`);
        const table = await rows(page, id);
        assertCompleteGrid(id, table);
        if (id === "copy-vs-share") {
          const share = table.filter((r) => r.variant === "share");
          assert.ok(share.length > 0 && share.every((r) => r.state === "skipped"), "shared memory is unavailable");
          assert.match(await w.locator('tr[data-variant="share"]').first().innerText(), /not cross-origin isolated/);
        }
        if (id === "parallel-cpu") {
          assert.deepEqual(table.map((r) => r.n), [1], "one thread only");
          assert.match(await w.locator(".readout").innerText(), /one thread/);
        }
        assert.ok((await canvasInk(page, id, { until: 1001 })).ink > 1000, `${id}: chart drawn`);
      }
    }
    await open(page, `${srv.plain}/`);
    const panel = page.locator(".env-panel[data-threads]");
    await panel.waitFor({ timeout: 30_000 });
    assert.equal(await panel.getAttribute("data-threads"), "1");
    assert.equal(await panel.getAttribute("data-isolated"), "false");
    assert.deepEqual(errors, []);
    await close();
  });
});

describe("service worker (static host without headers)", () => {
  test("the first visit reloads once into cross-origin isolation; later the app loads offline", async () => {
    // A server of our own, so that this test can stop it.
    const { server, port } = await startServer({ dir: DIST, isolation: false });
    const base = `http://127.0.0.1:${port}`;
    const { page, errors, close } = await newPage(browser);
    await page.goto(`${base}/lessons/parallel-processing`);
    // The service worker installs, takes control, and the page reloads itself once.
    await page.waitForFunction(() => window.crossOriginIsolated === true, null, { timeout: 30_000 });
    await page.waitForSelector("html[data-ready=true]");
    const panelThreads = async () => {
      await open(page, `${base}/`);
      const panel = page.locator(".env-panel[data-threads]");
      await panel.waitFor({ timeout: 30_000 });
      return Number(await panel.getAttribute("data-threads"));
    };
    assert.ok((await panelThreads()) > 1, "a thread pool, thanks to the headers the service worker added");
    // Visit a lesson with a widget so its assets are cached too, then take the server away.
    await open(page, `${base}/lessons/measuring-time`);
    await new Promise((resolve) => server.close(resolve));
    server.closeAllConnections?.();
    await page.reload();
    await page.waitForSelector("html[data-ready=true]", { timeout: 30_000 });
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, "still isolated offline");
    const id = "timer-resolution";
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    await slideTo(page, id, "n", 2);
    await widget(page, id).getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, id, ["done", "error"]), "done", "the worker loads from the cache and runs");
    // A lesson never opened before is served by the cached app shell too, prose included.
    await open(page, `${base}/lessons/glossary`);
    assert.match(await page.locator("h1").first().innerText(), /Glossary/);
    await open(page, `${base}/lessons/caching`);
    assert.equal(await page.locator('[role="alert"]').count(), 0, "no load error offline");
    assert.ok((await page.locator(".prose-part").count()) > 0, "the lesson's prose came from the cache");
    await widget(page, "memo-fib").waitFor();
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
    await close();
  });
});
