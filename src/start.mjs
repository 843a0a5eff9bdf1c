// Trunk's initializer for the UI module (index.html's data-initializer). The page's
// "Loading the course…" line goes once the UI has started or failed; when the UI's
// WebAssembly fails to load, compile or start, the page's banner says so (index.html's
// inline script) instead of leaving the page empty.
const done = () => document.querySelector("[data-boot]")?.remove();
export default () => ({
  onSuccess: done,
  onFailure: (error) => {
    done();
    globalThis.benchbookNotStarted?.(error);
  },
});
