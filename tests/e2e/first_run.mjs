// First-run bias (part of script/bench; a report, not a test: it asserts nothing).
// For every widget whose kernels run synchronously: a fresh page, Run pressed as soon as
// the widget allows it (the harshest case: no reading time for anything to warm up),
// then four more Runs. Per point (variant, n): the first run's median over the median of
// runs 2-5, and the coefficient of variation of runs 2-5. Points the page itself marks as
// under the clock (`data-quality="below-clock"`: the timer lesson's single-call readings,
// taken once by design) are counted apart, not held to the goals: the page already says
// their figure is not one to compare.
//
// Each Run also carries its machine checks (the readout's `data-machine-ns`: one fixed loop
// timed when the run started and after each size). They tell the machine's noise from the
// code's: per widget, the widest spread of checks within one Run (of their middle half, as the
// readout reads them) and the variation of the later Runs' median checks; and the
// repeatability line is given again for the widgets whose later Runs all met a steady machine
// (checks within 5% in each Run, and the Runs' median checks within 2% CV of each other),
// and the whole first-run figure once more for the widgets whose five Runs, the first
// included, all met one steady machine: there, what is left is the code's, not the host's
// (FIRST_RUN_STEADY_TRIES=k gives each widget up to k fresh pages to find such a stretch).
//
// What a readout states is mostly a ratio: one variant against another at the same size. So
// the report also takes every pair of variants measured at one size and holds the pair's
// ratio in the first Run against its median over the later Runs: when the machine slows a
// whole kind of point at once (it slowed every memory-bound `elementwise-add` point by 1.4x
// for one Run; mostly, though, this host's memory-bound kernels do not move together:
// docs/first-runs.md, sixteenth session), the points move but a comparison between two such points does not.
//
// From the second Run on, the readout compares each Run with the one before (`rerun_note`):
// the report tallies the points more than 10% from the previous Run in the tables and the
// points the readouts named (FIRST_RUN_DETAIL prints each comparison).
//
// Standalone: `node tests/e2e/first_run.mjs [widget ...]` against an existing dist/.
import { fileURLToPath } from "node:url";
import { launch, servers, newPage, open, rows, comparedPoints, apartRatio, LESSONS, WAITING, machineSpread } from "./helpers.mjs";

/** How many Runs per fresh page: the first, and the later ones it is compared with. */
export const RUNS = 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
/** How far a ratio is from 1, either way (0.5 and 2 are equally far). */
const distance = (r) => Math.abs(Math.log(r));
const cv = (xs) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return sd / mean;
};
/** The middle half of a Run's checks (see `machineSpread`). */
const spread = machineSpread;
/** A Run's checks within this of each other: the machine held its speed (the readout's 5%). */
const STEADY_RUN = 0.05;
/** Later Runs' median checks within this CV: the machine ran at one speed across them. */
const STEADY_ACROSS = 0.02;
const pct = (x) => `${(100 * x).toFixed(1)}%`;
/** Within the goal's 1.10x, either way. */
const within110 = (r) => distance(r) <= Math.log(1.1);

async function runOnce(page, id) {
  await page.evaluate(async (id) => {
    const root = document.querySelector(`[data-widget="${id}"]`);
    const button = [...root.querySelectorAll("button")].find((b) => b.textContent === "Run");
    button.click();
    await new Promise((resolve) => {
      const check = () => ["done", "error"].includes(root.dataset.state) && resolve();
      new MutationObserver(check).observe(root, { attributes: true });
    });
  }, id);
  const readout = page.locator(`[data-widget="${id}"] .readout`);
  const machine = await readout.getAttribute("data-machine-ns");
  return {
    rows: (await rows(page, id)).filter((r) => r.median !== null),
    machine: (machine ?? "").split(" ").filter(Boolean).map(Number),
    readout: await readout.innerText(),
  };
}

/** One widget: RUNS runs on a fresh page; per point {key, first, later[]}, and each Run's
 *  machine checks (ns). */
export async function measureWidget(browser, base, slug, id) {
  const { page, close } = await newPage(browser);
  try {
    await open(page, `${base}/lessons/${slug}`);
    await page.waitForSelector(`[data-widget="${id}"] button.run:not([disabled])`, { timeout: 30_000 });
    // FIRST_RUN_DELAY_MS: reading time before the first Run (default none: the harshest case).
    await page.waitForTimeout(Number(process.env.FIRST_RUN_DELAY_MS || 0));
    const results = [];
    for (let i = 0; i < RUNS; i++) results.push(await runOnce(page, id));
    const runs = results.map((r) => r.rows);
    const machine = results.map((r) => r.machine);
    // Each later Run against the one before, as the readout compares them: the reliable
    // points more than 10% apart in the two tables, and how many the readout said moved.
    const reruns = results.slice(1).map((r, i) => {
      const [before, now] = [comparedPoints(runs[i]), comparedPoints(r.rows)];
      const apart = [...now].filter(([k, x]) => before.has(k) && apartRatio(x, before.get(k)) > 1.1).length;
      const said = Number(r.readout.match(/, (\d+) of \d+ points moved/)?.[1] ?? 0);
      // Whether it also named a change of the machine's own speed between the two Runs.
      const machine = /This Run met a (slower|faster) machine/.test(r.readout);
      return { apart, said, machine, text: r.readout.match(/(Your previous Run|Compared with your previous Run).*/s)?.[0] ?? "" };
    });
    const points = [];
    for (const r of runs[0]) {
      const key = `${r.variant} n=${r.n}`;
      const same = runs.slice(1).map((t) => t.find((x) => x.variant === r.variant && x.n === r.n));
      if ([r, ...same].some((x) => x?.quality === "below-clock")) {
        points.push({ key, n: r.n, first: r.median, later: [], marked: true });
        continue;
      }
      const later = same.map((x) => x?.median).filter((x) => x > 0);
      if (later.length < RUNS - 1 || !(r.median > 0)) {
        points.push({ key, n: r.n, first: r.median, later, broken: true });
        continue;
      }
      points.push({ key, n: r.n, first: r.median, later });
    }
    // Each measured row's passes (the fastest kept, the next-fastest in `otherPass`; a third
    // where the first two disagreed): how often they disagree says how often the host
    // changed speed between a point's passes.
    const passes = runs.flat().filter((r) => r.otherPass > 0 && r.median > 0).map((r) => ({ apart: r.otherPass / r.median, third: r.passes === 3 }));
    return { points, machine, reruns, passes };
  } finally {
    await close();
  }
}

/** What a page's machine checks (one array per Run) say: `steady` when every later Run's
 *  checks held within STEADY_RUN and their medians within STEADY_ACROSS CV; `steadyAll` when
 *  the first Run did too and its median check sits with the rest (first Run and later ones met
 *  one machine, so what is left of first/later is the code's). */
function machineState(machine) {
  const checked = machine.every((m) => m.length >= 2);
  const spreads = machine.map(spread);
  const across = checked ? cv(machine.slice(1).map((m) => median(m))) : NaN;
  const steady = checked && spreads.slice(1).every((s) => s <= STEADY_RUN) && across <= STEADY_ACROSS;
  const steadyAll = steady && spreads[0] <= STEADY_RUN && cv(machine.map((m) => median(m))) <= STEADY_ACROSS;
  return { checked, spreads, across, steady, steadyAll };
}

/** The entry (a pair or a point, each with a `ratio`) farthest from 1, either way (undefined when there are none). */
const farthest = (pairs) => pairs.reduce((w, p) => (!w || distance(p.ratio) > distance(w.ratio) ? p : w), undefined);

/** Every pair of sound points at one size: {ratio: the pair's ratio in the first Run over its
 *  median in the later Runs, where}. A point's `later` holds one median per later Run, in order. */
export function pairRatios(points) {
  const sound = points.filter((p) => !p.marked && !p.broken);
  const pairs = [];
  for (const [i, a] of sound.entries()) {
    for (const b of sound.slice(i + 1).filter((b) => b.n === a.n)) {
      const later = median(a.later.map((x, k) => x / b.later[k]));
      pairs.push({ ratio: a.first / b.first / later, where: `${a.key} : ${b.key.split(" ")[0]}` });
    }
  }
  return pairs;
}

/** Measures every synchronous widget (or `only`) and prints the section through `say`. */
export async function firstRunBias({ browser, base, say, only = [] }) {
  say();
  say(`first-run bias: fresh page, Run at once, then ${RUNS - 1} more Runs; per point first / median(later), and CV of the later medians`);
  say("widget                     worst first/later   at                              points  zero or missing  under the clock (marked)  machine: worst Run's spread, later Runs' CV   worst pair at one n");
  const allRatios = [];
  const allCvs = [];
  const steadyCvs = [];
  const runSpreads = [];
  const acrossCvs = [];
  const allReruns = [];
  /** Every measured row's passes, all Runs: its next-fastest over its shown, and whether it had a third. */
  const allPasses = [];
  const allPairs = [];
  /** Per widget with pairs, its worst pair. */
  const worstPairs = [];
  let steadyWidgets = 0;
  /** Widgets whose five Runs all met a steady machine, and their points. */
  const steadyAllWidgets = [];
  const steadyAllPoints = [];
  const steadyWidgetWorst = [];
  let widgets = 0;
  for (const lesson of LESSONS) {
    for (const id of lesson.widgets) {
      if (WAITING.has(id) || (only.length && !only.includes(id))) continue;
      const { points, machine, reruns, passes } = await measureWidget(browser, base, lesson.slug, id);
      allReruns.push(...reruns);
      allPasses.push(...passes);
      widgets++;
      const { checked, spreads, across, steady, steadyAll } = machineState(machine);
      if (checked) {
        runSpreads.push(...spreads);
        acrossCvs.push(across);
      }
      if (steady) steadyWidgets++;
      if (steadyAll) steadyAllWidgets.push(id);
      let worst = null;
      let broken = 0;
      let marked = 0;
      for (const p of points) {
        if (p.marked) {
          marked++;
          continue;
        }
        if (p.broken) {
          broken++;
          continue;
        }
        const ratio = p.first / median(p.later);
        allRatios.push(ratio);
        allCvs.push({ cv: cv(p.later), where: `${id} / ${p.key}` });
        if (steady) steadyCvs.push(cv(p.later));
        if (!worst || distance(ratio) > distance(worst.ratio)) worst = { ratio, key: p.key };
      }
      if (process.env.FIRST_RUN_DETAIL) {
        for (const p of points) console.log(`   ${p.key.padEnd(30)} first ${p.first?.toPrecision(4)}  later ${p.later.map((x) => x.toPrecision(4)).join(" ")}`);
        machine.forEach((m, i) => console.log(`   machine checks, Run ${i + 1} (µs): ${m.map((x) => (x / 1000).toFixed(0)).join(" ")}`));
        reruns.forEach((r, i) => console.log(`   Run ${i + 2} against Run ${i + 1}: ${r.apart} points over 10% apart; readout: ${r.text}`));
      }
      // FIRST_RUN_STEADY_TRIES=k: in a bursty hour, up to k - 1 more fresh pages for the steady
      // line below, until one meets a steady machine in all its Runs (the lines above keep the
      // first page: they are the hour's record).
      let steadyPoints = steadyAll ? points : null;
      for (let tryNo = 2; !steadyPoints && tryNo <= Number(process.env.FIRST_RUN_STEADY_TRIES || 1); tryNo++) {
        const again = await measureWidget(browser, base, lesson.slug, id);
        if (machineState(again.machine).steadyAll) {
          steadyPoints = again.points;
          steadyAllWidgets.push(`${id} (page ${tryNo})`);
        }
      }
      if (steadyPoints) {
        const figures = steadyPoints
          .filter((p) => !p.marked && !p.broken)
          .map((p) => ({ ratio: p.first / median(p.later), cv: cv(p.later), where: `${id} / ${p.key}` }));
        steadyAllPoints.push(...figures);
        steadyWidgetWorst.push(farthest(figures)?.ratio ?? 1);
      }
      const pairs = pairRatios(points);
      allPairs.push(...pairs.map((p) => ({ ...p, where: `${id} / ${p.where}` })));
      const worstPair = farthest(pairs);
      if (worstPair) worstPairs.push(worstPair);
      const pairText = worstPair ? `   ${worstPair.ratio.toFixed(2)}x ${worstPair.where}` : "";
      const machineText = checked ? `${pct(Math.max(...spreads)).padStart(6)}, ${pct(across).padStart(5)}${steady ? "" : "  (not steady)"}` : "   none";
      say(
        `${id.padEnd(26)} ${worst ? `${worst.ratio.toFixed(2)}x`.padStart(8) : "       –"}            ${(worst?.key ?? "").padEnd(31)} ${String(points.length).padStart(6)}  ${String(broken).padStart(15)}  ${String(marked).padEnd(24)}  ${machineText.padEnd(34)}${pairText}`,
      );
    }
  }
  if (!allRatios.length) return;
  const worstAll = allRatios.reduce((w, r) => (distance(r) > distance(w) ? r : w), 1);
  say(`all points: median first/later ${median(allRatios).toFixed(3)}x, worst ${worstAll.toFixed(2)}x (goals: every widget's worst within 1.10x, median <= 1.02x)`);
  if (allPairs.length) {
    const distances = allPairs.map((p) => distance(p.ratio));
    const worstPair = farthest(allPairs);
    const within = worstPairs.filter((p) => within110(p.ratio)).length;
    const far = (d) => `${Math.exp(d).toFixed(3)}x`;
    say(
      `pairs of variants at one size (what readouts compare), first Run's ratio / later Runs' median ratio: ${allPairs.length} pairs, ` +
        `how far from 1 (either way): median ${far(median(distances))}, 95th percentile ${far(quantile(distances, 0.95))}, worst ${worstPair.ratio.toFixed(2)}x (${worstPair.where}); ` +
        `${within} of ${worstPairs.length} widgets with pairs have every pair within 1.10x`,
    );
  }
  const cvs = allCvs.map((c) => c.cv);
  const maxCv = allCvs.reduce((m, c) => (c.cv > m.cv ? c : m));
  say(
    `repeatability over runs 2-${RUNS}: per-point CV median ${(100 * median(cvs)).toFixed(1)}%, ` +
      `95th percentile ${(100 * quantile(cvs, 0.95)).toFixed(1)}%, max ${(100 * maxCv.cv).toFixed(1)}% (${maxCv.where}) (goals: p95 <= 3%, max <= 10%)`,
  );
  const moved = allReruns.filter((r) => r.apart > 0);
  say(
    `the readout's comparison with the previous Run: ${moved.length} of ${allReruns.length} later Runs had points more than 10% from the Run before ` +
      `(${moved.reduce((a, r) => a + r.apart, 0)} points); the readout named ${allReruns.reduce((a, r) => a + r.said, 0)} points in ${allReruns.filter((r) => r.said > 0).length} Runs, ` +
      `and a change of the machine's own speed in ${moved.filter((r) => r.machine).length} of those with moved points`,
  );
  if (allPasses.length) {
    const apart = (x) => allPasses.filter((r) => r.apart > x).length;
    const thirds = allPasses.filter((r) => r.third).length;
    say(
      `a point's passes (a sweep apart, the fastest shown; a third where the first two disagreed): ${allPasses.length} rows over all Runs, ` +
        `${thirds} (${pct(thirds / allPasses.length)}) with a third pass; the next-fastest more than 10% slower than the shown in ${apart(1.1)} ` +
        `(${pct(apart(1.1) / allPasses.length)}), more than 30% in ${apart(1.3)} (${pct(apart(1.3) / allPasses.length)}); median ${median(allPasses.map((r) => r.apart)).toFixed(3)}x`,
    );
  }
  if (!runSpreads.length) return;
  say(
    `machine checks: spread within one Run median ${pct(median(runSpreads))}, 95th percentile ${pct(quantile(runSpreads, 0.95))}, max ${pct(Math.max(...runSpreads))}; ` +
      `later Runs' median check, CV per page: median ${pct(median(acrossCvs))}, max ${pct(Math.max(...acrossCvs))}`,
  );
  say(
    steadyCvs.length
      ? `repeatability where the machine held steady (${steadyWidgets} of ${widgets} widgets: every later Run's checks within ${pct(STEADY_RUN)}, their medians within ${pct(STEADY_ACROSS)} CV): ` +
          `per-point CV median ${pct(median(steadyCvs))}, 95th percentile ${pct(quantile(steadyCvs, 0.95))}, max ${pct(Math.max(...steadyCvs))}`
      : `no widget's later Runs met a steady machine (checks within ${pct(STEADY_RUN)} in each Run and ${pct(STEADY_ACROSS)} CV across them)`,
  );
  if (!steadyAllPoints.length) {
    say(`no widget's ${RUNS} Runs all met a steady machine, the first included`);
    return;
  }
  const worstSteady = farthest(steadyAllPoints);
  const maxSteadyCv = steadyAllPoints.reduce((m, p) => (p.cv > m.cv ? p : m));
  const steadyCvsAll = steadyAllPoints.map((p) => p.cv);
  say(
    `where all ${RUNS} Runs met a steady machine, the first included (${steadyAllWidgets.length} of ${widgets} widgets: ${steadyAllWidgets.join(", ")}): ` +
      `first/later median ${median(steadyAllPoints.map((p) => p.ratio)).toFixed(3)}x, worst ${worstSteady.ratio.toFixed(2)}x (${worstSteady.where}), ` +
      `${steadyWidgetWorst.filter(within110).length} of ${steadyWidgetWorst.length} widgets within 1.10x; ` +
      `per-point CV median ${pct(median(steadyCvsAll))}, 95th percentile ${pct(quantile(steadyCvsAll, 0.95))}, max ${pct(maxSteadyCv.cv)} (${maxSteadyCv.where})`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const browser = await launch();
  const srv = await servers();
  try {
    await firstRunBias({ browser, base: srv.isolated, say: (s = "") => console.log(s), only: process.argv.slice(2) });
  } finally {
    await browser.close();
    srv.close();
  }
}
