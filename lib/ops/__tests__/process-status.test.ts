import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createTempDir, removeTempDir } from "@/lib/db/__tests__/support/temp-dir";
import { createProcessStatusRecorder, processStatusPath, readProcessStatus } from "../process-status";

const tempDirs: string[] = [];
afterEach(async () => Promise.all(tempDirs.splice(0).map(removeTempDir)));

async function dataDir(): Promise<string> {
  const dir = await createTempDir("tidings-status-test-");
  tempDirs.push(dir);
  return dir;
}

describe("the process status file", () => {
  it("holds the current PIDs and restart counts, and is gone once everything stopped", async () => {
    const dir = await dataDir();
    const recorder = createProcessStatusRecorder(dir);
    recorder.set("web", 101, 0);
    recorder.set("worker", 102, 0);
    recorder.set("worker", undefined, 0);
    await recorder.flushed();
    expect(readProcessStatus(dir)).toMatchObject({ supervisor: process.pid, pids: { web: 101 }, restarts: { web: 0, worker: 0 } });

    recorder.set("worker", 103, 1);
    await recorder.flushed();
    expect(readProcessStatus(dir)).toMatchObject({ pids: { web: 101, worker: 103 }, restarts: { worker: 1 } });

    await recorder.remove();
    expect(readProcessStatus(dir)).toBeUndefined();
  });

  it("refuses a file that is not a status file rather than handing out wrong PIDs", async () => {
    const dir = await dataDir();
    writeFileSync(processStatusPath(dir), JSON.stringify({ supervisor: "me", pids: {} }));
    expect(() => readProcessStatus(dir)).toThrow();
  });
});
