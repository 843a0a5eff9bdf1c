// Records every widget's results at its default settings in headless Chromium, as the
// widget's own JSON export, into tests/fixtures/figures/<widget>.json. The native chart
// layout test (tests/chart_layout.rs) builds each widget's figure from these recorded
// results. Re-run after a change to the kernels or the export format:
//
//   node tests/e2e/record_figures.mjs
import fs from "node:fs";
import path from "node:path";
import { launch, servers, newPage, open, widget, waitState, LESSONS, ROOT } from "./helpers.mjs";

const OUT = path.join(ROOT, "tests/fixtures/figures");
fs.mkdirSync(OUT, { recursive: true });
const browser = await launch();
const srv = await servers();
const { page, close } = await newPage(browser, { acceptDownloads: true });
for (const lesson of LESSONS) {
  if (lesson.widgets.length === 0) continue;
  await open(page, `${srv.isolated}/lessons/${lesson.slug}`);
  for (const id of lesson.widgets) {
    const w = widget(page, id);
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    await w.getByRole("button", { name: "Run" }).click();
    const state = await waitState(page, id, ["done", "error"], 300_000);
    if (state !== "done") {
      console.log(`${id}: ${state}, not recorded`);
      continue;
    }
    const [download] = await Promise.all([page.waitForEvent("download"), w.locator('[data-export="json"]').click()]);
    const file = path.join(OUT, `${id}.json`);
    await download.saveAs(file);
    console.log(`${id}: ${path.relative(ROOT, file)}`);
  }
}
await close();
await browser.close();
srv.close();
