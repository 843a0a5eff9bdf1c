// The reference static server (tests/e2e/serve.mjs, which the README offers to hosts):
// it serves only what is inside its root. No browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { startServer } from "./serve.mjs";

/** GET `rawPath` exactly as written (no client-side normalisation); resolves to {status, body}. */
function get(port, rawPath) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: rawPath }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode, body }));
      })
      .on("error", reject);
  });
}

test("the static server never serves a file outside its root, even from a sibling folder with the same prefix", async () => {
  // Regression pin (issue 15): the root check was `file.startsWith(root)`, which a request
  // for /..%2fdist-old/secret.txt passed when a folder named dist-old sat beside dist.
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "benchbook-serve-"));
  const root = path.join(base, "dist");
  fs.mkdirSync(root);
  fs.mkdirSync(path.join(base, "dist-old"));
  fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>app</title>");
  fs.writeFileSync(path.join(root, "a.js"), "ok");
  fs.writeFileSync(path.join(base, "dist-old", "secret.txt"), "secret");
  fs.writeFileSync(path.join(base, "secret.txt"), "secret");
  const { server, port } = await startServer({ dir: root });
  try {
    assert.equal((await get(port, "/a.js")).body, "ok", "a file inside the root is served");
    assert.match((await get(port, "/lessons/x")).body, /<title>app/, "a route falls back to index.html");
    for (const escape of ["/..%2fdist-old/secret.txt", "/..%2f..%2fdist-old%2fsecret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt"]) {
      const r = await get(port, escape);
      assert.notEqual(r.body, "secret", `${escape} escaped the root (HTTP ${r.status})`);
    }
    assert.equal((await get(port, "/%E0%A4%A")).status, 400, "a malformed escape is a bad request, not a crash");
    assert.equal((await get(port, "/a.js")).body, "ok", "the server still answers");
  } finally {
    server.close();
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test("a site removed while the server runs gets 404s, not a crash of the test process", async () => {
  // Regression pin: a browser test removed its copy of the site while the page's service
  // worker still fetched index.html; the read stream's ENOENT went unhandled and failed the run.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "benchbook-gone-"));
  fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>app</title>");
  const { server, port } = await startServer({ dir: root });
  try {
    assert.equal((await get(port, "/lessons/x")).status, 200);
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal((await get(port, "/lessons/x")).status, 404, "a route whose index.html is gone");
    assert.equal((await get(port, "/")).status, 404, "the root itself, gone");
  } finally {
    server.close();
  }
});
