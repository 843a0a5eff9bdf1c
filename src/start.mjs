// Trunk's initializer for the UI module (index.html's data-initializer): when the UI's
// WebAssembly fails to load, compile or start, the page's banner says so
// (index.html's inline script), instead of a page left empty.
export default () => ({ onFailure: (error) => globalThis.benchbookNotStarted?.(error) });
