// The browser engines a reader may bring, each driven over W3C WebDriver, and what each is
// expected to offer; shared by the cross-engine suite (engines.test.mjs) and the per-engine
// benchmark (engines_bench.mjs). Playwright cannot drive Debian's Firefox or WebKit, so all
// four go through their own drivers: chromedriver, geckodriver, and WebKitWebDriver with
// WebKitGTK's MiniBrowser under Xvfb (its --headless hung in a try).
import os from "node:os";
import path from "node:path";
import { session } from "./webdriver.mjs";
import { CHROMIUM_ARGS, pageState, readCanvas } from "./helpers.mjs";

const GECKODRIVER = process.env.GECKODRIVER || path.join(os.homedir(), ".cargo/bin/geckodriver");
const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const WEBKIT_CAPS = { "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] } };

/**
 * The engines, and what each is expected to offer. `threads`: whether a pool starts;
 * `longTasks`: whether the Long Tasks API exists (Chromium only); `oneThread`: the banner's
 * cause where there is no pool; `python: false`: the Python tests are left to another entry
 * that runs the same Python; `lessons`: why the per-lesson runs are left to another suite.
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
    // app.test.mjs runs every lesson's widgets in this same Chromium, with each check below
    // and more (readouts, machine checks, sources, a 2x canvas): about 45 s not spent twice.
    lessons: "app.test.mjs runs every lesson's widgets in Chromium, with these checks and more",
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
    // The Python panel does not use shared memory (Stop terminates its worker), so Python
    // runs alike in both WebKit configurations: its tests run in webkit-sab, once.
    python: false,
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


/** The engines named in $ENGINES (comma-separated), or `fallback`'s names, or all. */
export function chosenEngines(fallback = ENGINES.map((e) => e.name)) {
  const names = (process.env.ENGINES || fallback.join(",")).split(",");
  return ENGINES.filter((e) => names.includes(e.name));
}

/** Helpers over a WebDriver session `b`, for pages of the app. */
export function driven(b) {
  const self = {
    /** Opens `url` and waits for the app and the lesson's prose. */
    async open(url) {
      await b.go(url);
      try {
        await b.waitFor(`return document.documentElement.dataset.ready === "true" && !document.querySelector("[data-loading]")`);
      } catch (e) {
        // What the page shows instead (no console over WebDriver: the banner and text say most).
        const state = await b
          .exec(`return (${pageState.toString()})()`)
          .catch((err) => `could not ask the page: ${err.message}`);
        throw new Error(`${url}: the app did not start (${e.message})\npage state: ${JSON.stringify(state, null, 1)}`);
      }
    },
    /** Every [role=alert]'s text on the page. */
    alerts: () => b.exec(`return [...document.querySelectorAll("[role=alert]")].map((e) => e.textContent)`),
    /**
     * Clicks widget `id`'s Run once it is enabled and waits for the end of the run.
     * Returns { state, wall (ms, in the page's clock), why (alert texts), rows }.
     */
    async run(id, timeoutMs = 120_000) {
      const sel = `[data-widget="${id}"]`;
      await b.waitFor(`return document.querySelector('${sel} button.run:not([disabled])')`);
      await b.exec(`const root = document.querySelector('${sel}');
        window.__runStart = performance.now(); window.__runEnd = null;
        new MutationObserver((_, o) => { if (["done", "error"].includes(root.dataset.state)) { window.__runEnd = performance.now(); o.disconnect(); } })
          .observe(root, { attributes: true });
        root.querySelector("button.run").click();`);
      let state;
      try {
        state = await b.waitFor(`const s = document.querySelector('${sel}').dataset.state; return window.__runEnd !== null && ["done", "error"].includes(s) && s`, timeoutMs);
      } catch (e) {
        // A Run that never ends: say where it stood, so a rare hang can be told apart from
        // a slow run or a lost worker.
        const where = await b.exec(`const root = document.querySelector('${sel}');
          return JSON.stringify({ state: root?.dataset.state, ended: window.__runEnd,
            progress: root?.querySelector(".progress")?.textContent ?? null,
            readout: root?.querySelector(".readout")?.textContent ?? null,
            rows: root?.querySelectorAll("table[data-results] tbody tr").length ?? 0,
            env: document.querySelector(".env-panel")?.textContent ?? null,
            alerts: [...document.querySelectorAll("[role=alert]")].map((a) => a.textContent) })`).catch((x) => `(unreadable: ${x.message})`);
        throw new Error(`${e.message}\nwidget ${id} then: ${where}`);
      }
      const wall = await b.exec("return window.__runEnd - window.__runStart");
      const why = await b.exec(`return [...document.querySelectorAll('${sel} [role=alert]')].map((e) => e.textContent).join(" / ")`);
      const rows = await b.exec(`return [...document.querySelectorAll('${sel} table[data-results] tbody tr')].map((tr) => ({
        variant: tr.dataset.variant, n: Number(tr.dataset.n), state: tr.dataset.state,
        median: tr.dataset.medianNs === undefined ? null : Number(tr.dataset.medianNs),
        minTicks: Number(tr.dataset.minTicks), quality: tr.dataset.quality,
        otherPass: tr.dataset.otherPassNs === undefined ? null : Number(tr.dataset.otherPassNs),
        passes: tr.dataset.passes === undefined ? null : Number(tr.dataset.passes) }))`);
      return { state, wall, why, rows };
    },
    /**
     * Opens widget `id`'s Python panel, presses Run in Python once it is enabled and waits for
     * the end. Returns { state ("done" or "failed"), tail (the panel's last 400 characters) }.
     */
    async runPython(id, timeoutMs = 120_000) {
      const py = `details[data-python="${id}"]`;
      await b.exec(`document.querySelector('${py} summary').click()`);
      await b.waitFor(`return document.querySelector('[data-python-run="${id}"]:not([disabled])')`);
      await b.exec(`document.querySelector('[data-python-run="${id}"]').click()`);
      const state = await b.waitFor(`const s = document.querySelector('${py}').dataset.pythonState; return ["done", "failed"].includes(s) && s`, timeoutMs);
      const tail = await b.exec(`return document.querySelector('${py}').textContent.slice(-400)`);
      return { state, tail };
    },
    /** The picture of `selector`'s canvas, polled up to 15 s until `holds` it. */
    async ink(selector, holds = (r) => r.ink > 2000 && r.colours > 3) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const reading = await b.exec(`return (${readCanvas.toString()})(arguments[0])`, selector);
        if (holds(reading) || Date.now() > deadline) return reading;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** The environment panel's figures once the worker is ready. */
    async env() {
      await b.waitFor(`return document.querySelector(".env-panel[data-threads]")`);
      return b.exec(`const p = document.querySelector(".env-panel");
        return { threads: Number(p.dataset.threads), isolated: p.dataset.isolated, clock: Number(p.dataset.timerResolutionNs),
          engine: p.querySelector("[data-engine]")?.dataset.engine, browser: p.querySelector("[data-engine]")?.textContent,
          missing: p.querySelector("[data-missing]")?.textContent ?? "",
          source: p.querySelector("[data-threads-source]")?.textContent ?? "",
          banner: document.querySelector("[data-threads-off]")?.dataset.threadsOff ?? null,
          bannerText: document.querySelector("[data-threads-off]")?.textContent ?? "",
          cores: navigator.hardwareConcurrency }`);
    },
  };
  return self;
}
