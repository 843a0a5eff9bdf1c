#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml): the WebAssembly each kernel variant compiled to, for
// "Show the code that ran". Reads the threaded bench worker's own module as the linker wrote
// it (target/wasm32-unknown-unknown/release-mt/worker_mt.wasm: the same code readers run,
// before wasm-bindgen's glue and wasm-opt's last size pass, and with its name section, which
// names every function), prints it as text with binaryen's wasm-dis (the npm package pinned
// in package.json), and cuts out each variant's function.
//
// A variant's function is the first `fn` with a body of its own in its source region
// (`// region: <id>` in src/kernels/<topic>.rs, or src/worker/waits.rs). Output:
// <staging>/wasm/<the same path>.wat (served beside /source/<path>), one region per
// variant between `;; region: <id>` and `;; endregion` lines (as the Rust source marks its
// regions), each opening with a summary comment: how many SIMD (v128) instructions, how many
// bounds checks and other calls. A function the compiler inlined into its caller has no body
// of its own, and the region says so.
//
//   node script/wasm_listings.mjs [out-dir] [worker.wasm]     (defaults: $TRUNK_STAGING_DIR, the path above)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const targetDir = process.env.CARGO_TARGET_DIR || path.join(ROOT, "target");
const out = process.argv[2] || process.env.TRUNK_STAGING_DIR || path.join(ROOT, "dist");
const wasm = process.argv[3] || path.join(targetDir, "wasm32-unknown-unknown/release-mt/worker_mt.wasm");
const wasmDis = path.join(ROOT, "node_modules/.bin/wasm-dis");

if (!fs.existsSync(wasm)) {
  console.error(`wasm_listings: ${wasm} not found; no listings written`);
  process.exit(1);
}
const tmp = path.join(os.tmpdir(), `benchbook-listing-${process.pid}.wat`);
execFileSync(wasmDis, [wasm, "-o", tmp], { stdio: ["ignore", "ignore", "inherit"] });
const wat = fs.readFileSync(tmp, "utf8");
fs.rmSync(tmp);

/** Every function's text, by its mangled name. */
const functions = new Map();
{
  const lines = wat.split("\n");
  let name = null;
  let body = [];
  const flush = () => name && functions.set(name, body.join("\n"));
  for (const line of lines) {
    const m = /^ \(func \$(\S+)/.exec(line);
    if (m || /^ \((?!func)/.test(line)) {
      flush();
      name = m ? m[1] : null;
      body = m ? [line] : [];
    } else if (name) body.push(line);
  }
  flush();
}

/** `_RNvNtNtCs61G_9benchbook7kernels9vectorize10add_zipped` → `benchbook::kernels::vectorize::add_zipped` (v0 paths). */
export function demangle(symbol) {
  if (!symbol.startsWith("_R")) return symbol;
  const parts = [];
  const re = /(\d+)([A-Za-z_][A-Za-z0-9_]*)/g;
  // Skip the crate's disambiguator (`Cs<hash>_`), then read <length><identifier> pairs.
  let rest = symbol.replace(/^_R[A-Za-z]*?C(s[0-9A-Za-z]*_)?/, "");
  let m;
  while ((m = re.exec(rest)) !== null) {
    const len = Number(m[1]);
    const ident = m[2].slice(0, len);
    parts.push(ident);
    re.lastIndex = m.index + m[1].length + len;
  }
  return parts.length ? parts.join("::") : symbol;
}

const NO_BODY = "no function of its own in the bench worker's module";

/** The summary comment and text of `fnName` in module `modulePath` (e.g. kernels::vectorize). */
function listing(modulePath, fnName) {
  const wanted = `benchbook::${modulePath}::${fnName}`;
  // A generic function's instance demangles to its path followed by its type arguments.
  const found = [...functions.entries()].filter(([mangled]) => {
    const d = demangle(mangled);
    return d === wanted || d.startsWith(`${wanted}::`);
  });
  if (found.length === 0) {
    return `;; ${wanted}: ${NO_BODY} (inlined where it is called, or not run by the worker at all)`;
  }
  const [mangled, text] = found[0];
  const readable = text.replace(/\$(_R[A-Za-z0-9_]+)/g, (_, s) => `$${demangle(s)}`);
  const count = (re) => (readable.match(re) || []).length;
  const simd = count(/\b(v128|[if](8x16|16x8|32x4|64x2))\.[a-z_0-9.]+/g);
  const bounds = count(/\(call \$[^\s)]*panic_bounds_check/g);
  const calls = count(/\(call /g);
  const lines = readable.split("\n").length;
  return [
    `;; ${wanted}${demangle(mangled) === wanted ? "" : " (the instance this widget runs)"}: ${lines} lines of WebAssembly text, ${simd} SIMD (v128) instruction${simd === 1 ? "" : "s"}, ${bounds} bounds-check call${bounds === 1 ? "" : "s"}, ${calls} call${calls === 1 ? "" : "s"} in all`,
    readable,
  ].join("\n");
}

// Every file the build copies to dist/source/ for "Show the code that ran" (index.html):
// the kernels, the widget files, and the worker's own waits (copy-vs-share). Paths
// relative to src/.
const sources = [
  ...fs.readdirSync(path.join(ROOT, "src/kernels")).filter((f) => f.endsWith(".rs")).sort().map((f) => `kernels/${f}`),
  // The widgets moved to one file each (src/topics/<lesson>/<widget>.rs).
  ...fs.readdirSync(path.join(ROOT, "src/topics"), { recursive: true })
    .filter((f) => f.endsWith(".rs") && !f.endsWith("mod.rs")).sort().map((f) => `topics/${f}`),
  "worker/waits.rs",
];
let written = 0;
for (const file of sources) {
  const source = fs.readFileSync(path.join(ROOT, "src", file), "utf8");
  const regions = [...source.matchAll(/^\s*\/\/ region: (\S+)\n([\s\S]*?)^\s*\/\/ endregion/gm)];
  if (regions.length === 0) continue;
  const modulePath = file.replace(/\.rs$/, "").replaceAll("/", "::");
  const text = regions
    .map(([, id, body]) => {
      // The region's first function that has a body of its own in the module.
      const names = [...body.matchAll(/\bfn\s+([a-z_][a-z0-9_]*)/g)].map((m) => m[1]);
      const listings = names.map((name) => listing(modulePath, name));
      const listed = listings.find((l) => !l.includes(NO_BODY)) ?? listings[0] ?? `;; region ${id} defines no function`;
      return `;; region: ${id}\n${listed}\n;; endregion`;
    })
    .join("\n\n");
  const dest = path.join(out, "wasm", `${file}.wat`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, text + "\n");
  written++;
}
console.log(`wasm_listings: ${written} listing files from ${path.relative(ROOT, wasm)} into ${path.relative(ROOT, out) || "."}/wasm`);
