// tsx scripts/bench/heap-after-gc.ts --pid N [--port 9339] [--every 60] [--count 1]
//
// Tells a leak from caches filling up in a running Node process (the web server under
// `bench:load`, say): it opens the process's inspector (SIGUSR1), forces a full garbage
// collection over the DevTools protocol, and prints process.memoryUsage() as one JSON
// line, then closes the inspector again. RSS alone cannot tell the two apart: V8 keeps
// freed pages and grows its heap lazily. Live heap after a forced GC that keeps rising
// at a steady rate is a leak; one that levels off is caches reaching their size.
//
// The process must have been started with `--inspect-port=127.0.0.1:<port>` (e.g. in
// NODE_OPTIONS) so SIGUSR1 opens the inspector on a loopback port nobody else uses.
// Loopback only; the inspector is open only while a sample is taken.
import { setTimeout as sleep } from "node:timers/promises";

function numberArg(name: string, fallback?: number): number {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? fallback : Number(process.argv[index + 1]);
  if (value === undefined || !Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** A minimal DevTools protocol client over Node's built-in WebSocket. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => socket.close() };
}

async function inspectorUrl(port: number): Promise<string> {
  for (let tries = 0; tries < 50; tries += 1) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      if (targets[0]) return targets[0].webSocketDebuggerUrl;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`no inspector on 127.0.0.1:${port}: was the process started with --inspect-port=127.0.0.1:${port}?`);
}

async function sample(pid: number, port: number): Promise<Record<string, number>> {
  process.kill(pid, "SIGUSR1");
  const client = await connect(await inspectorUrl(port));
  try {
    const before = Date.now();
    await client.send("HeapProfiler.collectGarbage");
    const gcMs = Date.now() - before;
    const evaluated = (await client.send("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(evaluated.result.value) as Record<string, number>;
    const mib = (bytes: number | undefined) => Math.round(((bytes ?? 0) / 2 ** 20) * 10) / 10;
    return { at: Date.now(), gcMs, rssMiB: mib(usage.rss), heapTotalMiB: mib(usage.heapTotal), heapUsedMiB: mib(usage.heapUsed), externalMiB: mib(usage.external), arrayBuffersMiB: mib(usage.arrayBuffers) };
  } finally {
    // Close the inspector again, so the port is not left open for the rest of the run.
    // It hangs up on us while answering, so the answer is not awaited.
    void client.send("Runtime.evaluate", { expression: "setImmediate(() => process.getBuiltinModule('node:inspector').close())" }).catch(() => undefined);
    await sleep(200);
    client.close();
  }
}

const pid = numberArg("--pid");
const port = numberArg("--port", 9339);
const every = numberArg("--every", 60);
const count = numberArg("--count", 1);
for (let index = 0; index < count; index += 1) {
  if (index > 0) await sleep(every * 1000);
  console.log(JSON.stringify({ pid, ...(await sample(pid, port)) }));
}
