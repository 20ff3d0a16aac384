// The shape of the code, checked: no import loops anywhere (type-only ones included),
// and queuing a job from the web process loads none of the code that works it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importLoops, loadedModules, readImportGraph } from "./support/import-graph";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const graph = readImportGraph(root);

describe("the import graph", () => {
  it("reads the tree (a sanity check that the reader finds modules and their imports)", () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get("worker/run-worker.ts")?.map((edge) => edge.to)).toContain("lib/queue/work-queues.ts");
  });

  it("has no import loops, type-only ones included", () => {
    expect(importLoops(graph)).toEqual([]);
  });

  it("points down only: lib/ imports neither app/ nor worker/, emails/ nothing of lib/ but types", () => {
    const upward = [...graph].flatMap(([from, edges]) =>
      edges
        .filter(({ to, typeOnly }) =>
          from.startsWith("lib/") ? to.startsWith("app/") || to.startsWith("worker/") : from.startsWith("emails/") && to.startsWith("lib/") && !typeOnly,
        )
        .map(({ to }) => `${from} → ${to}`),
    );
    expect(upward).toEqual([]);
  });

  it("finds a loop when there is one (the check can fail)", () => {
    const looped = new Map(graph);
    looped.set("lib/queue/enqueue.ts", [...(graph.get("lib/queue/enqueue.ts") ?? []), { to: "lib/batches/create-batch.ts", typeOnly: true }]);
    expect(importLoops(looped).some((loop) => loop.includes("lib/queue/enqueue.ts"))).toBe(true);
  });

  // What the web process loads to queue work: enqueue() itself and every route
  // handler and server action that uploads, retries or replays.
  const queuingEntries = [
    "lib/queue/enqueue.ts",
    "lib/queue/boss.ts",
    "app/api/batches/route.ts",
    "app/api/v1/batches/route.ts",
    "app/api/v1/batches/[id]/retry/route.ts",
    "app/(app)/batches/[id]/actions.ts",
    "app/(app)/admin/actions.ts",
  ];

  // The words of a verification result (verdicts, reason codes, the summary's
  // schema) are the API's vocabulary too; the code that verifies is not.
  const verificationVocabulary = new Set(["lib/verification/verdicts.ts", "lib/verification/verification-summary.ts"]);

  it.each(queuingEntries)("%s loads no verification code and no queue handler", (entry) => {
    expect(graph.has(entry)).toBe(true);
    const loaded = [...loadedModules(graph, entry)];
    expect(loaded.filter((file) => file.startsWith("lib/verification/") && !verificationVocabulary.has(file))).toEqual([]);
    expect(loaded.filter((file) => file.startsWith("worker/") || file === "lib/queue/work-queues.ts")).toEqual([]);
  });

  it("sees the verification code behind the worker's handlers (the check can fail)", () => {
    const loaded = [...loadedModules(graph, "worker/queue-handlers.ts")];
    expect(loaded).toContain("lib/verification/process-contact-list.ts");
  });
});
