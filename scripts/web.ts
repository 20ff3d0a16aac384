// `npm run web`: the web server alone, against DATABASE_URL — the production
// layout of N web processes and M workers. Run `npm run db:migrate` first.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { databaseStartProblem } from "@/lib/db/require-current-migrations";
import { databaseUrl, env, EnvError } from "@/lib/env";

const require = createRequire(import.meta.url);

let connectionString: string;
try {
  connectionString = databaseUrl();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
// Before Next starts: a database with other migrations than this code would fail requests later.
const problem = await databaseStartProblem(connectionString, "npm run web");
if (problem) {
  console.error(problem);
  process.exit(1);
}

const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "--port", String(env().PORT), "--hostname", env().HOST], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
