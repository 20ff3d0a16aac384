// Runs one part of Tidings (web or worker) as a child process with prefixed,
// readable output, and stops it politely (SIGTERM, then SIGKILL after a grace period).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { formatLogLine } from "./format-log-line";

export type ManagedChild = {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(graceMs: number): Promise<void>;
};

export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): ManagedChild {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `${name.padEnd(6)} │ `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(prefix + formatLogLine(line)));
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  return {
    name,
    process: child,
    exited,
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
