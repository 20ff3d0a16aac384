// Runs one part of Tidings (web or worker) as a child process with prefixed,
// readable output, and stops it politely (SIGTERM, then SIGKILL after a grace period).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { ProcessExit } from "@/lib/db/embedded-postgres";
import { formatLogLine } from "./format-log-line";
import type { RunningPart } from "./supervise-part";

export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, { graceMs }: { graceMs: number }): RunningPart {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `${name.padEnd(6)} │ `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(prefix + formatLogLine(line)));
  }
  const exited = new Promise<ProcessExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  // Once: a second SIGTERM would cut a worker's drain short.
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid ?? 0,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
