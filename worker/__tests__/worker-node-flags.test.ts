// `npm run worker` is what a deployment runs; `npm start` and the benchmarks take the
// flags from worker/node-flags.ts. A flag changed in one place only would make the
// benchmarks measure a worker nobody runs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { WORKER_NODE_FLAGS } from "../node-flags";

it("runs `npm run worker` with the flags npm start and the benchmarks use", () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { scripts: Record<string, string> };
  expect(manifest.scripts.worker).toBe(["node", ...WORKER_NODE_FLAGS, "--import", "tsx", "worker/index.ts"].join(" "));
});
