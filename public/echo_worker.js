// The receiving end of the copy-vs-share widget: a second, plain worker.
//
// It reads one byte per 4 KiB page of whatever it is handed (so every page really
// reached it) and replies with their sum. A transferred buffer goes back to the sender
// the same way it came (transferred), so the sender can hand it over again.
self.onmessage = (event) => {
  const { op, buf } = event.data;
  const bytes = new Uint8Array(buf);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4096) sum += bytes[i];
  if (op === "transfer") {
    self.postMessage({ sum, buf }, [buf]);
  } else {
    self.postMessage({ sum });
  }
};
