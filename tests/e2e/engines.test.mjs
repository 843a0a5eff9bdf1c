// The same checks in every engine a reader may bring (issue 15): Chromium (V8), Firefox ESR
// (SpiderMonkey) and WebKitGTK (JavaScriptCore, Safari's engine), twice: as WebKitGTK ships,
// without SharedArrayBuffer, and as Safari behaves on an isolated page, with it. The engine is
// a parameter; every check below runs in each. All four are driven over W3C WebDriver
// (chromedriver, geckodriver, WebKitWebDriver with MiniBrowser under Xvfb), since Playwright
// cannot drive Debian's Firefox or WebKit. The deeper Chromium-only suite (app.test.mjs) uses
// what only Chromium offers: DevTools listener counts, service-worker control, throttling.
//
//   node --test tests/e2e/engines.test.mjs             every engine
//   ENGINES=firefox,webkit node --test tests/e2e/...   some of them
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startServer } from "./serve.mjs";
import { DIST, LESSONS, SMALL, WAITING } from "./helpers.mjs";
import { chosenEngines, driven } from "./engines.mjs";

/**
 * The machine's busiest processes over the next half second, by `top` (procps): "name (pid) 93% of
 * a core, …". A diagnostic only: where `top` is missing it says so and the test goes on.
 */
const busiest = () => {
  try {
    const out = execFileSync("top", ["-b", "-n", "2", "-d", "0.5", "-w", "160", "-o", "%CPU"], { encoding: "utf8" });
    const rows = out.slice(out.lastIndexOf("top -")).split("\n").slice(7, 12).map((l) => l.trim().split(/\s+/));
    const busy = rows.filter((r) => Number(r[8]) > 0).map((r) => `${r.slice(11).join(" ")} (${r[0]}) ${r[8]}% of a core`);
    return busy.join(", ") || "none";
  } catch (e) {
    return `(top failed: ${e.message})`;
  }
};

// Small but real settings for every widget, as URL parameters: each widget's quick sweep
// (its spec's `quick_sweep`, the sizes app.test.mjs reaches with the keyboard).
const query = (ids) =>
  ids
    .flatMap((id) => Object.entries(SMALL[id]).map(([name, value]) => `${id}.${name}=${value}`))
    .join("&");

let srv;
before(async () => {
  srv = await startServer({ dir: DIST, isolation: true });
});
after(() => srv?.server.close());

for (const spec of chosenEngines()) {
  describe(`engine ${spec.name} (${spec.engine})`, () => {
    let b;
    let d;
    const base = () => `http://127.0.0.1:${srv.port}`;
    // Python tests left to another chosen entry of the same engine that runs the same Python.
    const twin = chosenEngines().find((e) => e !== spec && e.engine === spec.engine && e.python !== false);
    const noPython = spec.python === false && twin ? `the same Python runs in ${twin.name}, where these tests run` : false;
    before(async () => {
      for (const file of spec.needs) assert.ok(fs.existsSync(file), `${file} (script/install --browser installs it)`);
      b = await spec.start();
      d = driven(b);
    });
    /**
     * Runs `body`; if the browser's page process crashed under it (WebKitGTK's web process
     * has, rarely, while a chart was being read back), says so and runs it once more in a new
     * session. Any other failure, or a second crash, fails the test.
     */
    // An "unknown error" with an empty message is how WebKitWebDriver reports losing its
    // connection to the page's inspector, which is what a crashed page process does to it
    // (WebKit PR 49839, "Ensure we forward error body for UnknownErrors generated on the
    // driver": such replies reached the client with no message).
    const crashed = (e) => /invalid session id|page crash|Could not parse script result|unknown error: ?$/.test(String(e));
    async function once(t, body) {
      try {
        await body();
      } catch (e) {
        if (!crashed(e)) throw e;
        t.diagnostic(`${spec.name}: the page process crashed (${String(e).slice(0, 120)}); retrying in a new session`);
        try {
          await b.quit();
        } catch {}
        b = await spec.start();
        d = driven(b);
        await body();
      }
    }
    after(async () => {
      await b?.quit();
    });

    test("the environment panel names the engine, the threads and what is missing", (t) => once(t, async () => {
      await d.open(`${base()}/`);
      const env = await d.env();
      assert.equal(env.isolated, "true", "the page is cross-origin isolated");
      assert.equal(env.engine, spec.engine);
      assert.ok(env.clock > 0 && env.clock <= 100_000, `clock ${env.clock} ns`);
      if (spec.threads) {
        assert.equal(env.threads, env.cores, "one pool thread per logical processor the browser reports");
        assert.ok(env.threads > 1, `${env.threads} threads`);
        assert.match(env.source, /navigator\.hardwareConcurrency/, "the panel says where the thread count comes from");
        assert.equal(env.banner, null, "no threads-off banner");
        // The pool's wake-up is measured once after start-up, and shown.
        await b.waitFor(`return document.querySelector(".env-panel [data-wake-ns]")`);
        const wake = await b.exec(`const e = document.querySelector(".env-panel [data-wake-ns]"); return [Number(e.dataset.wakeNs), e.textContent]`);
        assert.ok(wake[0] > 0 && wake[0] < 1e9, `wake-up ${wake[0]} ns`);
        assert.match(wake[1], /\(median; longest .*\): a parallel kernel pays this/);
      } else {
        assert.equal(env.threads, 1);
        assert.doesNotMatch(await b.exec(`return document.querySelector(".env-panel").textContent`), /Waking a sleeping pool thread/, "no wake-up figure without a pool");
        assert.equal(env.banner, spec.oneThread, env.bannerText);
        // A well-formed sentence (issue 15 saw "because The object can not be cloned..").
        assert.ok(!/\.\.|because [A-Z]/.test(env.bannerText), env.bannerText);
        assert.match(env.bannerText, /SharedArrayBuffer/);
        assert.match(env.missing, /SharedArrayBuffer/);
      }
      if (!spec.longTasks) assert.match(env.missing, /Long Tasks API/);
      else assert.doesNotMatch(env.missing, /Long Tasks/);
    }));

    for (const lesson of LESSONS.filter((l) => l.widgets.length > 0)) {
      test(`lesson ${lesson.slug}: every widget runs, fills its table and draws its chart`, { skip: spec.lessons ?? false }, (t) => once(t, async () => {
        await d.open(`${base()}/lessons/${lesson.slug}?${query(lesson.widgets)}`);
        assert.deepEqual(await d.alerts(), [], "no alert on a fresh page");
        for (const id of lesson.widgets) {
          const sel = `[data-widget="${id}"]`;
          if (id === "parallel-cpu") {
            // All the pool's threads: the slider's end.
            await b.waitFor(`return document.querySelector('${sel} button.run:not([disabled])')`);
            await b.exec(`const i = document.querySelector('${sel} input[name="threads"]');
              i.value = i.max; i.dispatchEvent(new Event("input", { bubbles: true })); i.dispatchEvent(new Event("change", { bubbles: true }));`);
          }
          const { state, why, rows } = await d.run(id);
          assert.equal(state, "done", `${id}: ${why}`);
          assert.ok(rows.length > 0, `${id}: rows`);
          for (const r of rows) {
            if (r.state !== "measured") continue;
            assert.ok(Number.isFinite(r.median) && r.median >= 0, `${id}: ${JSON.stringify(r)}`);
            assert.ok(["sound", "drifting", "below-clock"].includes(r.quality), `${id}: ${JSON.stringify(r)}`);
            if (!(id === "timer-resolution" && r.variant === "single") && r.quality !== "below-clock") {
              // The harness's floor holds whatever the clock's tick: every sample spans
              // at least 500 ticks, so a 20 µs clock still gives a sound figure.
              assert.ok(r.median > 0, `${id}: ${JSON.stringify(r)}`);
            }
          }
          if (id === "parallel-cpu") {
            const ks = [...new Set(rows.map((r) => r.n))];
            if (spec.threads) assert.ok(ks.length > 1, `${id}: more than one thread count (${ks})`);
            else assert.deepEqual(ks, [1], `${id}: one thread only`);
          }
          // A sweep measures every point twice, a third time where the two disagree, and
          // shows the fastest pass (single-call timing excepted); widgets that wait time
          // their schedules in one pass.
          const twice = (r) => !WAITING.has(id) && !(id === "timer-resolution" && r.variant === "single");
          for (const r of rows.filter((r) => r.state === "measured")) {
            if (twice(r)) assert.ok(r.otherPass !== null && r.median <= r.otherPass && [2, 3].includes(r.passes), `${id}: ${JSON.stringify(r)}`);
            else assert.ok(r.otherPass === null && r.passes === null, `${id}: one pass (${JSON.stringify(r)})`);
          }
          if (id === "blocking-the-ui") {
            const observed = await b.exec(`return [...document.querySelectorAll('${sel} tr[data-phase]')].map((tr) => tr.dataset.longTasks)`);
            // Where the browser has no Long Tasks API the widget says so rather than report 0.
            if (spec.longTasks) assert.ok(observed.every((v) => /^\d+$/.test(v)), `${observed}`);
            else assert.ok(observed.every((v) => v == null), `${id}: no long-task count without the API (${observed})`);
          }
          const ink = await d.ink(`${sel} canvas`);
          assert.ok(ink.ink > 2000 && ink.colours > 3, `${id}: chart drawn (${JSON.stringify(ink)})`);
        }
        assert.deepEqual(await d.alerts(), [], "no alert after the runs");
      }));
    }

    test("parallel-cpu: the first Run on a fresh page shows the pool's speedup, or says there is none", (t) => once(t, async () => {
      // Issue 15's failure was systematic: every first Run in WebKit showed 1.1x. A busy hour
      // on this shared two-vCPU host can also take one core away for a whole Run (CI once saw
      // 1.20x: one thread 19.4 ms, two 16.2 ms), so up to three fresh pages get their first Run,
      // and one clear speedup among them passes. The bug fails all three.
      const attempts = spec.threads ? 3 : 1;
      const seen = [];
      for (let i = 0; i < attempts; i++) {
        await d.open(`${base()}/lessons/parallel-processing?parallel-cpu.work=10000000&parallel-cpu.serial=0&parallel-cpu.threads=2`);
        const { state, rows } = await d.run("parallel-cpu");
        assert.equal(state, "done");
        const readout = await b.exec(`return document.querySelector('[data-widget="parallel-cpu"] .readout').textContent`);
        if (!spec.threads) {
          assert.deepEqual(rows.map((r) => r.n), [1]);
          assert.match(readout, /one thread/);
          return;
        }
        const [one, two] = [rows.find((r) => r.n === 1), rows.find((r) => r.n === 2)];
        assert.ok(one && two, JSON.stringify(rows));
        assert.match(readout, /With 2 threads the work took .* (faster than|about as fast as) one thread, an efficiency of/);
        const speedup = one.median / two.median;
        seen.push(`${speedup.toFixed(2)}x (${JSON.stringify(rows)})`);
        // Two cores here: the first Run must already show a real speedup (issue 15 saw 1.1x
        // on WebKit's first Run, and 0.6x to 1.9x after it while WebKitGTK recomposited the
        // page for its overlay scrollbars; Firefox's first Run here has ranged from 1.38x
        // to 1.9x).
        t.diagnostic(`${spec.name}: first Run ${i + 1} on a fresh page: ${seen.at(-1)}`);
        if (speedup > 1.25) return;
        // What else held the cores just after a slow first Run: a process left spinning by an
        // earlier test would show here (none did when the engine suites ran alone).
        t.diagnostic(`busiest processes just after it: ${busiest()}`);
      }
      assert.fail(`no first Run showed a speedup above 1.25x on 2 threads: ${seen.join("; ")}`);
    }));

    test("queue-ops: the Python twin runs in this engine, beside the Rust, and Stop ends it; Rust's second Run is compared with its first", { skip: noPython }, (t) => once(t, async () => {
      const sel = '[data-widget="queue-ops"]';
      const py = 'details[data-python="queue-ops"]';
      await d.open(`${base()}/lessons/data-structures?queue-ops.n=10000`);
      assert.equal((await d.run("queue-ops")).state, "done");
      const python = await d.runPython("queue-ops");
      assert.equal(python.state, "done", python.tail);
      const rows = await b.exec(`return [...document.querySelectorAll('${sel} tr[data-lang="python"]')].map((tr) => [tr.dataset.variant, Number(tr.dataset.n), tr.dataset.state, Number(tr.dataset.medianNs)])`);
      const sizes = new Set(rows.map((r) => r[1]));
      assert.ok(sizes.size >= 3 && rows.length === 2 * sizes.size, JSON.stringify(rows));
      assert.ok(rows.every((r) => r[2] === "measured" && r[3] > 0), JSON.stringify(rows));
      const readout = await b.exec(`return document.querySelector('${py} [data-python-readout]').textContent`);
      assert.match(readout, /VecDeque::pop_front in Rust was [\d.,]+× faster than deque\.popleft\(\) in Python/);
      // Its code never awaits, so the event loop's step is not its concern, whatever it is here.
      assert.equal(await b.exec(`return document.querySelector('${py} [data-python-step]')`), null);
      // An endless loop: Stop ends it, and the page still runs Rust.
      await b.exec(`const a = document.querySelector('${py} textarea');
        a.value = "def list_pop_front(n):\\n    while True:\\n        pass\\n\\ndef deque_popleft(n):\\n    return 0\\n";
        a.dispatchEvent(new Event("input", { bubbles: true }));
        document.querySelector('[data-python-run="queue-ops"]').click();`);
      await b.waitFor(`return document.querySelector('${py}').dataset.pythonState === "running"`, 60_000);
      await b.exec(`document.querySelector('[data-python-stop="queue-ops"]').click()`);
      await b.waitFor(`return document.querySelector('${py}').dataset.pythonState === "stopped"`, 2_000);
      assert.equal((await d.run("queue-ops")).state, "done");
      // The same settings as the first Run: the readout compares the two (the chart worker's).
      const again = await b.exec(`return document.querySelector('${sel} .readout').textContent`);
      assert.match(again, /Your previous Run of these settings agrees: its \d+ points|Compared with your previous Run of these settings, \d+ of \d+ points moved/);
      assert.deepEqual(await d.alerts(), []);
    }));

    test("async-gather: the Python twin's asyncio timers run in this engine and keep each schedule's total", { skip: noPython }, (t) => once(t, async () => {
      const sel = '[data-widget="async-gather"]';
      const py = 'details[data-python="async-gather"]';
      await d.open(`${base()}/lessons/async-io?${query(["async-gather"])}`);
      assert.equal((await d.run("async-gather")).state, "done");
      const python = await d.runPython("async-gather");
      assert.equal(python.state, "done", python.tail);
      const measured = async () => {
        const rows = await b.exec(`return [...document.querySelectorAll('${sel} tr[data-state="measured"]')].map((tr) => [tr.dataset.lang, tr.dataset.variant, Number(tr.dataset.medianNs)])`);
        return Object.fromEntries(rows.map(([, v, ns]) => [v, ns / 1e6]));
      };
      const ms = await measured();
      // Five requests of about 50 ms, the same latencies in both languages (the timeline
      // table lists them): gathered, a run waits about the longest one; one by one, about
      // their sum. Python's totals are held to those ideal totals, not to Rust's measured
      // ones: on a busy machine the worker's timers can fire late too (CI once saw Rust's
      // one-by-one at 1.1 s for 250 ms of waits in WebKit), which says nothing about
      // Python. Neither total can be shorter than its schedule's (a timer never fires
      // early; the table rounds latencies to the ms), and each must be nearer its own
      // schedule's than the other's: a gather that ran its requests one after another, or
      // sleeps that did not wait, fail. How much Python's event loop adds after each timer
      // is the engine's and the machine's (4 ms a step in WebKit), so the bound is a share of
      // the gap between the schedules, not a percentage: half of it for gather (one step after
      // the longest timer; a gather that ran its requests in turn fails), the whole gap for
      // one-by-one, which pays a step after each of its five timers in turn (CI once saw 107 ms
      // over 274 in WebKit on a loaded machine, 21 ms a step) and still fails if each request
      // waited twice.
      const latencies = await b.exec(`return [...document.querySelectorAll('${sel} table[data-timeline="gather"] tbody tr')].map((tr) => parseFloat(tr.cells[1].textContent))`);
      assert.equal(latencies.length, 5, JSON.stringify(latencies));
      const ideal = { gather: Math.max(...latencies), "one-by-one": latencies.reduce((a, b) => a + b, 0) };
      const gap = ideal["one-by-one"] - ideal.gather;
      assert.ok(gap > 100, JSON.stringify(ideal));
      const bounds = [["gather", "gather_all", gap / 2], ["one-by-one", "await_one_by_one", gap]];
      if (bounds.some(([schedule, python, slack]) => !(ms[python] - ideal[schedule] < slack))) {
        // A loaded machine fires timers late (CI once saw Python's gather 157 ms over its 67 ms
        // while Rust's one-by-one took 1.05 s for 274 ms of waits): run the Python once more
        // and keep each total's shorter figure, as lateness only adds time. A gather that ran
        // its requests in turn, or sleeps that did not wait, fail both runs.
        await b.exec(`document.querySelector('[data-python-run="async-gather"]').click()`);
        await b.waitFor(`return document.querySelector('${py}').dataset.pythonState !== "done"`);
        await b.waitFor(`return document.querySelector('${py}').dataset.pythonState === "done"`, 120_000);
        const again = await measured();
        for (const [, python] of bounds) ms[python] = Math.min(ms[python], again[python]);
      }
      for (const [schedule, python, slack] of bounds) {
        const why = `${python} ${ms[python]} ms; ideal totals ${JSON.stringify(ideal)} ms; all ${JSON.stringify(ms)}`;
        assert.ok(ms[python] >= ideal[schedule] - 3, why);
        assert.ok(ms[python] - ideal[schedule] < slack, why);
      }
      // The panel measured one step of the event loop when Python loaded; WebKit's workers
      // hold Pyodide's zero-delay steps to the 4 ms of nested timers, and the panel says so.
      const step = await b.exec(`const p = document.querySelector('${py} [data-python-loaded]'); return p && [Number(p.dataset.stepMs), document.querySelector('${py} [data-python-step]')?.textContent ?? ""]`);
      assert.ok(step && step[0] >= 0, JSON.stringify(step));
      if (spec.engine === "JavaScriptCore") {
        assert.ok(step[0] >= 3.5, JSON.stringify(step));
        assert.match(step[1], /each step of Python's event loop takes \d+\.\d ms/);
      }
      assert.ok(ms.await_one_by_one > 2 * ms.gather_all, JSON.stringify(ms));
      assert.deepEqual(await d.alerts(), []);
    }));

    test("bad input in the address gets a clear message and the page still works", (t) => once(t, async () => {
      await d.open(`${base()}/lessons/data-structures?queue-ops.n=banana`);
      const notice = await b.exec(`return document.querySelector('[data-widget="queue-ops"] [data-notice="params"]')?.textContent ?? ""`);
      assert.match(notice, /queue-ops\.n=“banana”: expected a number/, "the notice quotes the value it ignored");
      const { state } = await d.run("queue-ops");
      assert.equal(state, "done", "the widget runs on its default");
    }));

    test("a UI module cut short in transit: the page says the course could not start, not a blank page", (t) => once(t, async () => {
      // The built site with the UI's WebAssembly truncated, on a server of its own.
      const cut = fs.mkdtempSync(path.join(os.tmpdir(), "benchbook-cut-"));
      fs.cpSync(DIST, cut, { recursive: true });
      const wasm = path.join(cut, "benchbook_bg.wasm");
      fs.writeFileSync(wasm, fs.readFileSync(wasm).subarray(0, 1000));
      const broken = await startServer({ dir: cut, isolation: true });
      try {
        await b.go(`http://127.0.0.1:${broken.port}/lessons/memory`);
        const text = await b.waitFor(`const d = document.querySelector('[data-crash][role="alert"]'); return d && d.textContent`, 15_000);
        assert.match(text, /could not start: its WebAssembly did not load, or this browser did not accept it \(.+\)\. Reloading/s);
      } finally {
        // Leave the page first (its service worker may still be caching the shell), then stop
        // the server with its kept-alive connections, and only then remove the files.
        await b.go("about:blank").catch(() => {});
        broken.server.closeAllConnections();
        await new Promise((resolve) => broken.server.close(resolve));
        fs.rmSync(cut, { recursive: true, force: true });
      }
    }));
  });
}
