// Browser tests of lesson 7's streaming widget and lesson 8's caches: the numerical trap
// is shown, naive recursion is cut off by its budget, and the IndexedDB cache survives a
// reload and survives bad storage (damaged entry, full quota, no storage at all).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { launch, servers, newPage, open, widget, waitState, rows, slideTo } from "./helpers.mjs";

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

const ID = "persistent-cache";
// n = 10,000 (three keyboard steps from 1,000): quick to compute.
const SMALL = `${ID}.n=10000`;

async function runOnce(page) {
  const w = widget(page, ID);
  await page.waitForSelector(`[data-widget="${ID}"] button.run:not([disabled])`, { timeout: 30_000 });
  await w.getByRole("button", { name: "Run" }).click();
  assert.equal(await waitState(page, ID, ["done", "error"]), "done", `${await w.locator("[role=alert]").allInnerTexts()}`);
  const last = w.locator("[data-details=cache] tbody tr").first();
  return {
    outcome: await last.getAttribute("data-outcome"),
    key: await last.locator("code").innerText(),
    readout: await w.locator(".readout").innerText(),
    stored: await w.locator("[data-stored]").getAttribute("data-stored"),
  };
}

describe("lessons 7 and 8", () => {
  test("stream-vs-collect: E[x²] − E[x]² fails far from zero, Welford does not", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/memory?stream-vs-collect.n=10000`);
    const w = widget(page, "stream-vs-collect");
    await page.waitForSelector('[data-widget="stream-vs-collect"] button.run:not([disabled])', { timeout: 30_000 });
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "stream-vs-collect", ["done", "error"]), "done");
    const chosen = w.locator("tr[aria-current=true]");
    assert.equal(await chosen.getAttribute("data-offset"), "1000000000");
    assert.ok(Number(await chosen.getAttribute("data-naive-error")) > 0.01, "one-pass formula off by over 1% at 1e9");
    assert.ok(Number(await chosen.getAttribute("data-welford-error")) < 1e-6, "Welford within a millionth");
    const table = await rows(page, "stream-vs-collect");
    const peak = (v) => table.find((r) => r.variant === v && r.n === 10000).bytes;
    assert.equal(peak("stream"), 0, "streaming allocates nothing");
    assert.ok(peak("collect") >= 80000, `collecting holds 8 bytes per reading: ${peak("collect")}`);
    assert.match(await w.locator(".readout").innerText(), /negative|off by/);
    // At offset 1 both are accurate, and the readout says so.
    await slideTo(page, "stream-vs-collect", "offset", 0);
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "stream-vs-collect", ["done", "error"]), "done");
    assert.equal(await w.locator("tr[aria-current=true]").getAttribute("data-offset"), "1");
    assert.match(await w.locator(".readout").innerText(), /both variance formulas are accurate/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("lru-hit-rate and ttl-cache: their tables under the chart hold the hit rates and the TTL counts", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/caching?lru-hit-rate.n=10&ttl-cache.n=10`);
    for (const id of ["lru-hit-rate", "ttl-cache"]) {
      await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
      await widget(page, id).getByRole("button", { name: "Run" }).click();
      assert.equal(await waitState(page, id, ["done", "error"]), "done");
    }
    // LRU keeps what a smaller LRU keeps (its inclusion property): replaying the same
    // requests, a larger capacity never hits less.
    const rates = await widget(page, "lru-hit-rate").locator("[data-details=hit-rates] tr[data-capacity]").evaluateAll((trs) =>
      trs.map((tr) => [Number(tr.dataset.capacity), Number(tr.dataset.hitRate)]));
    assert.ok(rates.length >= 3 && rates[rates.length - 1][0] === 10, JSON.stringify(rates));
    for (let i = 1; i < rates.length; i++) {
      assert.ok(rates[i][0] > rates[i - 1][0] && rates[i][1] >= rates[i - 1][1] && rates[i][1] <= 1, JSON.stringify(rates));
    }
    assert.ok(rates[rates.length - 1][1] > 0, JSON.stringify(rates));
    // Every request is fetched, answered current, or answered out of date; a longer TTL
    // fetches no more often.
    const ttl = await widget(page, "ttl-cache").locator("[data-details=ttl] tr[data-ttl]").evaluateAll((trs) =>
      trs.map((tr) => [Number(tr.dataset.ttl), Number(tr.dataset.misses), Number(tr.dataset.hits), Number(tr.dataset.stale)]));
    assert.ok(ttl.length >= 3 && ttl[ttl.length - 1][0] === 10, JSON.stringify(ttl));
    for (const [, misses, hits, stale] of ttl) assert.equal(misses + hits + stale, 2000, JSON.stringify(ttl));
    for (let i = 1; i < ttl.length; i++) assert.ok(ttl[i][1] <= ttl[i - 1][1], JSON.stringify(ttl));
    for (const id of ["lru-hit-rate", "ttl-cache"]) {
      assert.equal(await widget(page, id).locator(".details canvas").count(), 1, `${id}: a chart above the table`);
    }
    assert.deepEqual(errors, []);
    await close();
  });

  test("memo-fib: the first Run on a fresh page reports no zero median and no sample under the clock target", async () => {
    // Regression pin (issue 14): on two of three fresh pages the memo variant at n = 15
    // reported 0 ns per call: its batch was sized on the engine's baseline code and never
    // sized again once the optimized code made each batch shorter than a tick.
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/caching`);
    const w = widget(page, "memo-fib");
    await page.waitForSelector('[data-widget="memo-fib"] button.run:not([disabled])', { timeout: 30_000 });
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "memo-fib", ["done", "error"]), "done");
    const table = (await rows(page, "memo-fib")).filter((r) => r.state === "measured");
    assert.ok(table.some((r) => r.variant === "memo" && r.n === 15), "the default sweep has memo at n = 15");
    for (const r of table) {
      const at = `${r.variant} n=${r.n}`;
      assert.ok(r.median > 0, `${at}: median ${r.median}`);
      assert.ok(r.minTicks >= 500, `${at}: a reported sample spanned only ${r.minTicks} ticks`);
      assert.notEqual(r.quality, "below-clock", at);
    }
    assert.doesNotMatch(await w.locator(".readout").innerText(), /NaN|Infinity/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("memo-fib: naive recursion is skipped past its budget, the others run to n", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/caching?memo-fib.n=60`);
    const w = widget(page, "memo-fib");
    await page.waitForSelector('[data-widget="memo-fib"] button.run:not([disabled])', { timeout: 30_000 });
    await w.getByRole("button", { name: "Run" }).click();
    assert.equal(await waitState(page, "memo-fib", ["done", "error"]), "done");
    const table = await rows(page, "memo-fib");
    const at60 = (v) => table.find((r) => r.variant === v && r.n === 60);
    assert.equal(at60("naive").state, "skipped");
    assert.match(await w.locator('tr[data-variant="naive"][data-n="60"]').innerText(), /per step of n/);
    assert.equal(at60("memo").state, "measured");
    assert.equal(at60("iterative").state, "measured");
    assert.match(await w.locator(".readout").innerText(), /would take about/);
    assert.deepEqual(errors, []);
    await close();
  });

  test("persistent-cache: a miss, then a hit after reloading; Clear empties the store", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/caching?${SMALL}`);
    const first = await runOnce(page);
    assert.equal(first.outcome, "miss");
    assert.equal(first.stored, "1");
    assert.match(first.readout, /1,229 primes below 10,000/);
    await page.reload();
    await page.waitForSelector("html[data-ready=true]");
    const second = await runOnce(page);
    assert.equal(second.outcome, "hit", second.readout);
    assert.equal(second.key, first.key);
    assert.equal((await rows(page, ID))[0].variant, "storage");
    assert.match(second.readout, /1,229 primes below 10,000/);
    await widget(page, ID).getByRole("button", { name: "Clear stored results" }).click();
    await page.waitForSelector(`[data-widget="${ID}"] [data-stored="0"]`);
    assert.equal((await runOnce(page)).outcome, "miss");
    assert.deepEqual(errors, []);
    await close();
  });

  test("persistent-cache: a damaged entry is reported, recomputed and replaced", async () => {
    const { page, errors, close } = await newPage(browser);
    await open(page, `${srv.isolated}/lessons/caching?${SMALL}`);
    const { key } = await runOnce(page);
    // Not an entry at all; then a well-formed entry whose checksum does not match its contents.
    const forged = `benchbook cache entry v2\nkey ${key}\nbelow 10000\ncount 7\nlargest 3\nchecksum 1\ncompute_ms 1`;
    for (const junk of ["{not an entry", forged]) {
      await page.evaluate(
        ([key, junk]) =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open("benchbook-cache", 1);
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction("results", "readwrite");
              tx.objectStore("results").put(junk, key);
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error);
            };
          }),
        [key, junk],
      );
      const damaged = await runOnce(page);
      assert.equal(damaged.outcome, "corrupt", damaged.readout);
      assert.match(damaged.readout, /could not be used .*computed again and the entry replaced/);
      assert.match(damaged.readout, /1,229 primes/, "the answer is right, not the damaged one");
      assert.match(damaged.readout, junk === forged ? /checksum/ : /not a stored entry/, "the reason is given");
      assert.equal((await runOnce(page)).outcome, "hit", "the replaced entry is good");
    }
    assert.deepEqual(errors, []);
    await close();
  });

  test("persistent-cache: a full quota and unavailable storage still give the answer", async () => {
    const full = await newPage(browser);
    await full.page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });
    await open(full.page, `${srv.isolated}/lessons/caching?${SMALL}`);
    for (let i = 0; i < 2; i++) {
      const r = await runOnce(full.page);
      assert.equal(r.outcome, "not-saved", r.readout);
      assert.match(r.readout, /storage is full \(quota exceeded\).*1,229 primes/);
    }
    assert.deepEqual(full.errors, []);
    await full.close();

    const blocked = await newPage(browser);
    await blocked.page.addInitScript(() => {
      IDBFactory.prototype.open = function () {
        throw new DOMException("Access to storage is blocked.", "SecurityError");
      };
    });
    await open(blocked.page, `${srv.isolated}/lessons/caching?${SMALL}`);
    const w = widget(blocked.page, ID);
    assert.match(await w.locator("[data-store] p").first().innerText(), /cannot be read here/);
    const r = await runOnce(blocked.page);
    assert.equal(r.outcome, "unavailable", r.readout);
    assert.match(r.readout, /Computed without a cache: the browser's storage is unavailable here \(SecurityError: Access to storage is blocked\.\)/);
    assert.match(r.readout, /1,229 primes/);
    assert.deepEqual(blocked.errors, []);
    await blocked.close();
  });
});
