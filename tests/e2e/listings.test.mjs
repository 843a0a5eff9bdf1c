// The compiled-code listings the build writes (script/wasm_listings.mjs, a Trunk post_build
// hook) for "Show the code that ran": read from dist/ after the release build.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DIST } from "./helpers.mjs";

/** The listing of `file` (a path under src/, as dist/wasm/ mirrors it). */
const listing = (file) => fs.readFileSync(path.join(DIST, "wasm", `${file}.wat`), "utf8");
/** The region of variant `id`: its summary line and its text. */
function region(text, id) {
  const m = new RegExp(`^;; region: ${id}\\n;; ([^\\n]*)\\n([\\s\\S]*?)^;; endregion`, "m").exec(text);
  assert.ok(m, `a region for ${id}`);
  return { summary: m[1], body: m[2] };
}

test("every source file the page can show has a compiled listing, one region per variant", () => {
  // Whatever the build copies to dist/source/ (the UI fetches /wasm/<the same path>.wat).
  const files = [
    ...fs.readdirSync(path.join(DIST, "source/kernels")).filter((f) => f.endsWith(".rs")).map((f) => `kernels/${f}`),
    ...fs.readdirSync(path.join(DIST, "source/worker")).filter((f) => f.endsWith(".rs")).map((f) => `worker/${f}`),
    ...fs.readdirSync(path.join(DIST, "source/topics"), { recursive: true })
      .filter((f) => f.endsWith(".rs") && !f.endsWith("mod.rs")).map((f) => `topics/${f}`),
  ];
  assert.ok(files.some((f) => f.startsWith("topics/")), "the widget files are served too");
  assert.ok(files.length > 10, `${files.length} source files`);
  for (const file of files) {
    const source = fs.readFileSync(path.join(DIST, "source", file), "utf8");
    const ids = [...source.matchAll(/^\s*\/\/ region: (\S+)$/gm)].map((m) => m[1]);
    if (ids.length === 0) continue;
    const text = fs.readFileSync(path.join(DIST, "wasm", `${file}.wat`), "utf8");
    for (const id of ids) region(text, id);
  }
});

test("elementwise-add: the SIMD variant's listing has v128 instructions, the scalar baseline none", () => {
  const text = listing("topics/vectorization/elementwise_add.rs");
  const simd = region(text, "simd128");
  assert.match(simd.body, /v128\.load/);
  assert.match(simd.body, /f32x4\.add/);
  assert.match(simd.summary, /[1-9]\d* SIMD \(v128\) instructions/);
  const scalar = region(text, "scalar");
  assert.match(scalar.summary, /0 SIMD \(v128\) instructions/);
  assert.doesNotMatch(scalar.body, /v128|f32x4/);
  assert.match(region(text, "zipped").body, /f32x4\.add/, "the zipped loop auto-vectorized");
  assert.match(region(text, "indexed").summary, /[1-9] bounds-check call/, "the indexed loop keeps checks for the stretch it cannot prove");
  assert.match(region(text, "indexed-sliced").summary, / 0 bounds-check calls/);
});

test("sum-loop-vs-formula: the iterator sum's listing calls __multi3, as the lesson says", () => {
  assert.match(region(listing("topics/measuring_time/sum_loop_vs_formula.rs"), "iter-sum").body, /__multi3/);
});
