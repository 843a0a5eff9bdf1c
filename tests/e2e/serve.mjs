// A plain static server for dist/: what a static host does, nothing more.
// Serves files, falls back to index.html for unknown paths without a file extension
// (client-side routes like /lessons/x), and sends COOP/COEP unless --no-isolation.
//
//   node tests/e2e/serve.mjs [--dir dist] [--port 8090] [--no-isolation]
//
// The browser tests start two of these: one isolated, one not.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".zip": "application/zip",
  ".py": "text/plain; charset=utf-8",
  ".rs": "text/plain; charset=utf-8",
};

/** Whether `f` is a directory now (false if it does not exist). */
const isDir = (f) => fs.statSync(f, { throwIfNoEntry: false })?.isDirectory() ?? false;

export function startServer({ dir, port = 0, isolation = true }) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file;
    try {
      file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    } catch {
      res.writeHead(400).end(); // a malformed %-escape
      return;
    }
    // Inside the root, not merely beside it: "/srv/dist-old" starts with "/srv/dist" too.
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (isDir(file)) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      // SPA fallback only for route-like paths; a missing asset is a real 404.
      if (path.extname(url.pathname) === "") file = path.join(root, "index.html");
      else {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
        return;
      }
    }
    const headers = {
      "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
      "Cache-Control": "no-cache",
    };
    if (isolation) {
      headers["Cross-Origin-Opener-Policy"] = "same-origin";
      headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
    // A file can vanish between the check and the read (a test removing its copy of the site
    // while the browser still fetches): answer 404, or cut the response, never throw.
    const stream = fs.createReadStream(file);
    stream.on("error", () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    });
    stream.on("open", () => {
      res.writeHead(200, headers);
      stream.pipe(res);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => resolve({ server, port: server.address().port }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const { port } = await startServer({
    dir: opt("--dir", "dist"),
    port: Number(opt("--port", "8090")),
    isolation: !args.includes("--no-isolation"),
  });
  console.log(`serving ${opt("--dir", "dist")} on http://127.0.0.1:${port}`);
}
