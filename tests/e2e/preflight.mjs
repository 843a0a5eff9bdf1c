// Before the browser suites: does the built app start at all in this machine's Chromium?
// Every browser test opens the app first; if it cannot start, each of them would wait out
// its own timeout (about a hundred tests, most of an hour) and say only "timeout". This
// opens the app once, isolated and not, and on failure prints what the page saw and what
// the machine looked like, then exits 1 so script/test stops the browser stage at once.
//
//   node tests/e2e/preflight.mjs
import os from "node:os";
import { execSync } from "node:child_process";
import { launch, newPage, open, servers } from "./helpers.mjs";

const machine = () =>
  [
    `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${os.cpus().length} CPUs, ` +
      `${(os.freemem() / 2 ** 30).toFixed(1)} of ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB free`,
    sh("df -h /tmp /dev/shm"),
    sh("ps -eo pcpu,rss,etime,comm --sort=-pcpu | head -6"),
  ].join("\n");

function sh(command) {
  try {
    return execSync(command, { encoding: "utf8", timeout: 5_000 }).trimEnd();
  } catch (e) {
    return `${command}: ${e.message}`;
  }
}

const srv = await servers();
const browser = await launch();
let failed = false;
for (const [label, url] of [
  ["isolated", `${srv.isolated}/lessons/memory`],
  ["not isolated", `${srv.plain}/`],
]) {
  // Service workers blocked: on the plain server one would reload the page into isolation.
  const { page, close } = await newPage(browser, { serviceWorkers: "block" });
  const started = Date.now();
  try {
    await open(page, url);
    console.log(`preflight: the app starts in Chromium ${browser.version()}, ${label} (${Date.now() - started} ms)`);
  } catch (e) {
    failed = true;
    console.log(`preflight: FAILED, ${label}: ${e.message}`);
  }
  await close();
}
await browser.close();
srv.close();
if (failed) {
  console.log(`the machine:\n${machine()}`);
  console.log("preflight: the browser suites are not run (each would only time out the same way)");
  process.exit(1);
}
