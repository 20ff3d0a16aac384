// bench:render — renders every template in emails/ with its PreviewProps through the
// app's own renderEmail() (HTML + plain text) and prints renders/s and ms per render
// (p50/p99) on one core. Target: ≥ 500 renders/s per template.
//
// Baseline from the same run, so figures compare across machines: react-dom/server's
// renderToStaticMarkup of the same element, the least work React can do for it.
//
// React runs its development build unless NODE_ENV=production, and picks it once per
// process, so the templates are timed in two fresh processes (render-run.ts): one with
// NODE_ENV=production, as `next start` sets it, and one with NODE_ENV=development, which
// React treats like unset: that is how `npm run worker` runs unless the environment sets
// NODE_ENV. Also prints where the time goes: HTML, text with the library's toPlainText()
// and with renderEmail's converter, each timed alone. Takes about 45 s.
//
// Usage: npm run bench:render
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const runner = path.join(here, "render-run.ts");

type Build = { label: string; nodeEnv: "production" | "development" };

const builds: readonly Build[] = [
  { label: "React production build (NODE_ENV=production)", nodeEnv: "production" },
  { label: "React development build (NODE_ENV unset or not production)", nodeEnv: "development" },
];

async function main(): Promise<void> {
  const cpu = os.cpus();
  console.log(
    `node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, load average ${os.loadavg()[0]?.toFixed(2)}`,
  );
  for (const build of builds) await runBuild(build);
  console.log(`\nload average ${os.loadavg()[0]?.toFixed(2)}`);
}

function runBuild({ label, nodeEnv }: Build): Promise<void> {
  const env = { ...process.env, NODE_ENV: nodeEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", runner, label], { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`render-run.ts (${label}) exited with ${code}`))));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
