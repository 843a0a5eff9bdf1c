// A minimal W3C WebDriver client (HTTP + JSON), for engines Playwright cannot drive from
// Debian's packages: Firefox ESR through geckodriver, WebKitGTK through WebKitWebDriver,
// and Chromium through chromedriver for the same suite. Only what the tests use.
import { spawn } from "node:child_process";
import net from "node:net";

/** How long one WebDriver command may take. */
const COMMAND_TIMEOUT_MS = 120_000;

/** A free TCP port on loopback. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Starts a WebDriver server and a session with `capabilities`. `driver` is the server's
 * command line, a path or [command, ...args] (e.g. ["xvfb-run", "-a", "WebKitWebDriver"]);
 * `--port=N` is appended. `env` adds to the server's environment (WebKitWebDriver passes
 * it on to the browser, so JavaScriptCore options such as JSC_useSharedArrayBuffer reach
 * the engine). Returns { exec(script, ...args), go(url), waitFor(script, timeoutMs), quit() }.
 */
export async function session(driver, capabilities, env = {}) {
  const port = await freePort();
  const [command, ...args] = Array.isArray(driver) ? driver : [driver];
  const proc = spawn(command, [...args, `--port=${port}`], {
    stdio: "ignore",
    env: { ...process.env, ...env },
    // Its own process group, so quitting also ends xvfb-run's X server and the browser.
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  // No command of the suites takes long (navigation included); one that hangs fails its test
  // instead of the whole run waiting for it.
  const call = async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    }).catch((e) => {
      if (e.name !== "TimeoutError") throw e;
      throw new Error(`WebDriver ${method} ${path.replace(/^\/session\/[^/]+/, "")} did not answer within ${COMMAND_TIMEOUT_MS / 1000} s`);
    });
    const json = await r.json();
    if (json.value && json.value.error) throw new Error(`${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  // The driver needs a moment to listen.
  let created;
  for (let i = 0; i < 50 && !created; i++) {
    try {
      created = await call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    } catch (e) {
      if (!String(e).includes("fetch failed") && !String(e).includes("ECONNREFUSED")) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  if (!created) throw new Error(`${driver} did not start a session`);
  const sid = created.sessionId;
  const exec = (script, ...args) => call("POST", `/session/${sid}/execute/sync`, { script, args });
  return {
    exec,
    go: (url) => call("POST", `/session/${sid}/url`, { url }),
    /** Polls `script` (returning a truthy value when done) every 100 ms. */
    async waitFor(script, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await exec(script);
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for: ${script}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async quit() {
      try {
        await call("DELETE", `/session/${sid}`);
      } finally {
        try {
          process.kill(-proc.pid);
        } catch {
          proc.kill();
        }
      }
    },
  };
}
