// Benchbook's service worker: the app keeps working offline after the first visit, and
// a static host that cannot send headers still gets cross-origin isolation (threads and
// the fine clock), because every same-origin response passes through here and gets the
// COOP/COEP/CORP headers added.
//
// Network first: a redeploy is seen at once; the cache answers only when the network
// cannot. Nothing cross-origin is touched (the app loads nothing cross-origin).
const CACHE = "benchbook-v4";
// The app shell: what Trunk writes to dist/ (file names are stable, not hashed).
const SHELL = [
  "/", "/index.html", "/main.css", "/favicon.svg", "/start.mjs", "/benchbook.js", "/benchbook_bg.wasm",
  "/worker_mt_loader.js", "/worker_mt.js", "/worker_mt_bg.wasm",
  "/worker_st_loader.js", "/worker_st.js", "/worker_st_bg.wasm", "/echo_worker.js",
  "/worker_charts_loader.js", "/worker_charts.js", "/worker_charts_bg.wasm",
  // The lessons' prose (src/lesson_text.rs; a native test keeps this list complete).
  "/text/measuring-time.html", "/text/profiling.html", "/text/data-structures.html",
  "/text/vectorization.html", "/text/parallel-processing.html", "/text/async-io.html",
  "/text/memory.html", "/text/caching.html", "/text/optimizing.html", "/text/resources.html",
  "/text/glossary.html",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(SHELL.map((url) => cache.add(url).catch(() => {})))),
  );
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page sends the URLs it loaded before this worker controlled it (e.g. snippets).
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.cache) || [];
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.filter((u) => new URL(u).origin === self.location.origin).map((u) => cache.add(u).catch(() => {})))),
  );
});

function isolated(response) {
  if (response.status === 0) return response; // opaque: cannot be rewritten
  const headers = new Headers(response.headers);
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Embedder-Policy", "require-corp");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      // Cache in the background and answer at once: awaiting the put would hold the
      // response until its whole body had downloaded, which defeats streaming compilation
      // of the .wasm files.
      if (response.ok && response.type === "basic") event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
      return isolated(response);
    } catch (offline) {
      const navigation = request.mode === "navigate";
      const hit = (await cache.match(request, { ignoreSearch: navigation })) ||
        (navigation ? await cache.match("/index.html") : undefined);
      if (hit) return isolated(hit);
      throw offline;
    }
  })());
});
