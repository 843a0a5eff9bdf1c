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
import { startServer } from "./serve.mjs";
import { session } from "./webdriver.mjs";
import { DIST, CHROMIUM_ARGS, LESSONS, readCanvas } from "./helpers.mjs";

const GECKODRIVER = process.env.GECKODRIVER || path.join(os.homedir(), ".cargo/bin/geckodriver");
const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const WEBKIT_CAPS = { "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] } };

/**
 * The engines, and what each is expected to offer. `threads`: whether a pool starts;
 * `longTasks`: whether the Long Tasks API exists (Chromium only); `oneThread`: the banner's
 * cause where there is no pool.
 */
export const ENGINES = [
  {
    name: "chromium",
    engine: "V8",
    needs: ["/usr/bin/chromedriver", "/usr/bin/chromium"],
    start: () =>
      session("/usr/bin/chromedriver", {
        "goog:chromeOptions": { binary: "/usr/bin/chromium", args: [...CHROMIUM_ARGS, "--headless=new", "--window-size=1200,900"] },
      }),
    threads: true,
    longTasks: true,
  },
  {
    name: "firefox",
    engine: "SpiderMonkey",
    needs: [GECKODRIVER, "/usr/bin/firefox-esr"],
    start: () => session(GECKODRIVER, { "moz:firefoxOptions": { binary: "/usr/bin/firefox-esr", args: ["-headless", "-width=1200", "-height=900"] } }),
    threads: true,
    longTasks: false,
  },
  {
    // As WebKitGTK ships: SharedArrayBuffer switched off even on isolated pages.
    name: "webkit",
    engine: "JavaScriptCore",
    needs: ["/usr/bin/WebKitWebDriver", "/usr/bin/xvfb-run", MINIBROWSER],
    start: () => session(["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "WebKitWebDriver"], WEBKIT_CAPS),
    threads: false,
    oneThread: "no-shared-memory",
    longTasks: false,
  },
  {
    // As Safari behaves: SharedArrayBuffer on cross-origin isolated pages.
    name: "webkit-sab",
    engine: "JavaScriptCore",
    needs: ["/usr/bin/WebKitWebDriver", "/usr/bin/xvfb-run", MINIBROWSER],
    start: () =>
      session(["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "WebKitWebDriver"], WEBKIT_CAPS, { JSC_useSharedArrayBuffer: "true" }),
    threads: true,
    longTasks: false,
  },
];

// Small but real settings for every widget, as URL parameters (the same sizes app.test.mjs
// reaches with the keyboard).
const SMALL = {
  "timer-resolution": "n=100",
  "sum-loop-vs-formula": "n=10000",
  "queue-ops": "n=1000",
  search: "n=1000",
  counting: "n=10000",
  "parallel-cpu": "work=1000000",
  "elementwise-add": "n=10000",
  "square-plus-sin": "n=100",
  "temporaries-vs-in-place": "n=10000",
  "describe-stats": "n=10000",
  "profile-pipeline": "n=10000",
  "memory-profile": "n=10000",
  "chunk-size": "items=10000",
  "copy-vs-share": "mb=2",
  "io-concurrency": "requests=10&latency=100&limit=5",
  "async-gather": "requests=5&latency=50",
  "blocking-the-ui": "duration=200",
  "bytes-per-element": "n=10000",
  "object-pool": "n=100",
  "row-vs-column": "n=200",
  "stream-vs-collect": "n=10000",
  "memo-fib": "n=20",
  "lru-hit-rate": "n=10&skew=1",
  "ttl-cache": "n=10",
  "persistent-cache": "n=10000",
  "compare-implementations": "n=1000",
};

const query = (ids) =>
  ids
    .flatMap((id) => SMALL[id].split("&").map((kv) => `${id}.${kv}`))
    .join("&");

const chosen = (process.env.ENGINES || ENGINES.map((e) => e.name).join(",")).split(",");

let srv;
before(async () => {
  srv = await startServer({ dir: DIST, isolation: true });
});
after(() => srv?.server.close());

for (const spec of ENGINES.filter((e) => chosen.includes(e.name))) {
  describe(`engine ${spec.name} (${spec.engine})`, () => {
    let b;
    const base = () => `http://127.0.0.1:${srv.port}`;
    before(async () => {
      for (const file of spec.needs) assert.ok(fs.existsSync(file), `${file} (script/install --browser installs it)`);
      b = await spec.start();
    });
    after(async () => {
      await b?.quit();
    });

    /** Opens `url` and waits for the app and the lesson's prose. */
    async function open(url) {
      await b.go(url);
      await b.waitFor(`return document.documentElement.dataset.ready === "true" && !document.querySelector("[data-loading]")`);
    }
    const alerts = () => b.exec(`return [...document.querySelectorAll("[role=alert]")].map((e) => e.textContent)`);

    test("the environment panel names the engine, the threads and what is missing", async () => {
      await open(`${base()}/`);
      await b.waitFor(`return document.querySelector(".env-panel[data-threads]")`);
      const env = await b.exec(`const p = document.querySelector(".env-panel");
        return { threads: Number(p.dataset.threads), isolated: p.dataset.isolated, clock: Number(p.dataset.timerResolutionNs),
          engine: p.querySelector("[data-engine]")?.dataset.engine, missing: p.querySelector("[data-missing]")?.textContent ?? "",
          source: p.querySelector("[data-threads-source]")?.textContent ?? "",
          banner: document.querySelector("[data-threads-off]")?.dataset.threadsOff ?? null,
          bannerText: document.querySelector("[data-threads-off]")?.textContent ?? "",
          cores: navigator.hardwareConcurrency }`);
      assert.equal(env.isolated, "true", "the page is cross-origin isolated");
      assert.equal(env.engine, spec.engine);
      assert.ok(env.clock > 0 && env.clock <= 100_000, `clock ${env.clock} ns`);
      if (spec.threads) {
        assert.equal(env.threads, env.cores, "one pool thread per logical processor the browser reports");
        assert.ok(env.threads > 1, `${env.threads} threads`);
        assert.match(env.source, /navigator\.hardwareConcurrency/, "the panel says where the thread count comes from");
        assert.equal(env.banner, null, "no threads-off banner");
      } else {
        assert.equal(env.threads, 1);
        assert.equal(env.banner, spec.oneThread, env.bannerText);
        // A well-formed sentence (issue 15 saw "because The object can not be cloned..").
        assert.ok(!/\.\.|because [A-Z]/.test(env.bannerText), env.bannerText);
        assert.match(env.bannerText, /SharedArrayBuffer/);
        assert.match(env.missing, /SharedArrayBuffer/);
      }
      if (!spec.longTasks) assert.match(env.missing, /Long Tasks API/);
      else assert.doesNotMatch(env.missing, /Long Tasks/);
    });

    for (const lesson of LESSONS.filter((l) => l.widgets.length > 0)) {
      test(`lesson ${lesson.slug}: every widget runs, fills its table and draws its chart`, async () => {
        await open(`${base()}/lessons/${lesson.slug}?${query(lesson.widgets)}`);
        assert.deepEqual(await alerts(), [], "no alert on a fresh page");
        for (const id of lesson.widgets) {
          const sel = `[data-widget="${id}"]`;
          await b.waitFor(`return document.querySelector('${sel} button.run:not([disabled])')`);
          if (id === "parallel-cpu") {
            // All the pool's threads: the slider's end.
            await b.exec(`const i = document.querySelector('${sel} input[name="threads"]');
              i.value = i.max; i.dispatchEvent(new Event("input", { bubbles: true })); i.dispatchEvent(new Event("change", { bubbles: true }));`);
          }
          await b.exec(`document.querySelector('${sel} button.run').click()`);
          const state = await b.waitFor(`const s = document.querySelector('${sel}').dataset.state; return ["done", "error"].includes(s) && s`, 120_000);
          const why = await b.exec(`return [...document.querySelectorAll('${sel} [role=alert]')].map((e) => e.textContent).join(" / ")`);
          assert.equal(state, "done", `${id}: ${why}`);
          const rows = await b.exec(`return [...document.querySelectorAll('${sel} table[data-results] tbody tr')].map((tr) => ({
            variant: tr.dataset.variant, n: Number(tr.dataset.n), state: tr.dataset.state,
            median: Number(tr.dataset.medianNs), minTicks: Number(tr.dataset.minTicks), quality: tr.dataset.quality }))`);
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
          if (id === "blocking-the-ui") {
            const observed = await b.exec(`return [...document.querySelectorAll('${sel} tr[data-phase]')].map((tr) => tr.dataset.longTasks)`);
            // Where the browser has no Long Tasks API the widget says so rather than report 0.
            if (spec.longTasks) assert.ok(observed.every((v) => /^\d+$/.test(v)), `${observed}`);
            else assert.ok(observed.every((v) => v == null), `${id}: no long-task count without the API (${observed})`);
          }
          // The chart worker draws asynchronously: poll the picture the reader sees.
          const canvas = `${sel} canvas`;
          const deadline = Date.now() + 15_000;
          let ink;
          do {
            ink = await b.exec(`return (${readCanvas.toString()})(arguments[0])`, canvas);
            if (ink.ink > 2000 && ink.colours > 3) break;
            await new Promise((r) => setTimeout(r, 100));
          } while (Date.now() < deadline);
          assert.ok(ink.ink > 2000 && ink.colours > 3, `${id}: chart drawn (${JSON.stringify(ink)})`);
        }
        assert.deepEqual(await alerts(), [], "no alert after the runs");
      });
    }

    test("parallel-cpu: the first Run on a fresh page shows the pool's speedup, or says there is none", async () => {
      await open(`${base()}/lessons/parallel-processing?parallel-cpu.work=10000000&parallel-cpu.serial=0&parallel-cpu.threads=2`);
      const sel = `[data-widget="parallel-cpu"]`;
      await b.waitFor(`return document.querySelector('${sel} button.run:not([disabled])')`);
      await b.exec(`document.querySelector('${sel} button.run').click()`);
      const state = await b.waitFor(`const s = document.querySelector('${sel}').dataset.state; return ["done", "error"].includes(s) && s`, 120_000);
      assert.equal(state, "done");
      const rows = await b.exec(`return [...document.querySelectorAll('${sel} table[data-results] tbody tr')].map((tr) => ({ k: Number(tr.dataset.n), median: Number(tr.dataset.medianNs) }))`);
      const readout = await b.exec(`return document.querySelector('${sel} .readout').textContent`);
      if (spec.threads) {
        const [one, two] = [rows.find((r) => r.k === 1), rows.find((r) => r.k === 2)];
        assert.ok(one && two, JSON.stringify(rows));
        // Two cores here: the first Run must already show most of the ideal 2x.
        assert.ok(one.median / two.median > 1.4, `speedup on 2 threads ${(one.median / two.median).toFixed(2)}x (${JSON.stringify(rows)})`);
      } else {
        assert.deepEqual(rows.map((r) => r.k), [1]);
        assert.match(readout, /one thread/);
      }
    });

    test("bad input in the address gets a clear message and the page still works", async () => {
      await open(`${base()}/lessons/data-structures?queue-ops.n=banana`);
      const page = await b.exec(`return { text: document.querySelector('[data-widget="queue-ops"]').textContent, run: !!document.querySelector('[data-widget="queue-ops"] button.run') }`);
      assert.ok(page.run, "the widget is there");
      assert.match(page.text, /banana/, "the message quotes what was wrong");
    });
  });
}
