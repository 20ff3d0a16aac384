// `npm run web`: the web server alone, against DATABASE_URL — the production
// layout of N web processes and M workers. Run `npm run db:migrate` first.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { databaseUrl, env, EnvError } from "@/lib/env";

const require = createRequire(import.meta.url);

try {
  databaseUrl();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "--port", String(env().PORT), "--hostname", env().HOST], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
