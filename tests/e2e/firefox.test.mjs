// Firefox ESR (Debian's firefox-esr, driven by geckodriver over WebDriver): the first step of
// the three-engine suite of issue 15. A widget runs, fills its table and its chart is drawn.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./serve.mjs";
import { session } from "./webdriver.mjs";
import { DIST, readCanvas } from "./helpers.mjs";

const GECKODRIVER = process.env.GECKODRIVER || path.join(os.homedir(), ".cargo/bin/geckodriver");
const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";

let srv;
let ff;
before(async () => {
  srv = await startServer({ dir: DIST, isolation: true });
  assert.ok(fs.existsSync(GECKODRIVER), `geckodriver at ${GECKODRIVER} (script/install --browser installs it)`);
  ff = await session(GECKODRIVER, { "moz:firefoxOptions": { binary: FIREFOX, args: ["-headless"] } });
});
after(async () => {
  await ff?.quit();
  srv?.server.close();
});

test("Firefox: a widget runs, fills its table and draws its chart", async () => {
  // Regression pin (issue 15): in Firefox every chart said "the chart canvas is not usable:
  // the canvas has no 2D context". The chart worker asked the transferred canvas for its
  // context on every paint, and Firefox refuses a second request.
  const base = `http://127.0.0.1:${srv.port}`;
  await ff.go(`${base}/lessons/data-structures?queue-ops.n=1000`);
  await ff.waitFor(`return document.documentElement.dataset.ready === "true" && !!document.querySelector('[data-widget="queue-ops"] button.run:not([disabled])')`);
  assert.equal(await ff.exec("return crossOriginIsolated"), true, "isolated");
  await ff.exec(`document.querySelector('[data-widget="queue-ops"] button.run').click()`);
  const state = await ff.waitFor(`const s = document.querySelector('[data-widget="queue-ops"]').dataset.state; return ["done", "error"].includes(s) && s`, 60_000);
  assert.equal(state, "done");
  const rows = await ff.exec(`return [...document.querySelectorAll('[data-widget="queue-ops"] table[data-results] tbody tr')].map((tr) => ({ median: Number(tr.dataset.medianNs), ticks: Number(tr.dataset.minTicks) }))`);
  assert.ok(rows.length >= 4, `${rows.length} rows`);
  for (const r of rows) assert.ok(r.median > 0 && r.ticks >= 500, JSON.stringify(r));
  // The chart worker draws asynchronously: poll the picture the reader sees.
  const read = `return (${readCanvas.toString()})(arguments[0])`;
  const sel = '[data-widget="queue-ops"] canvas';
  const deadline = Date.now() + 15_000;
  let ink;
  do {
    ink = await ff.exec(read, sel);
    if (ink.ink > 2000) break;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  assert.ok(ink.ink > 2000 && ink.colours > 3, `chart drawn: ${JSON.stringify(ink)}`);
  const problems = await ff.exec(`return [...document.querySelectorAll('[data-widget="queue-ops"] [role=alert]')].map((e) => e.textContent)`);
  assert.deepEqual(problems, []);
});
