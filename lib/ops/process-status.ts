// What `npm start` is running right now, kept in DATA_DIR/tidings-processes.json: the
// PID of each part and how often it was restarted. Operators (and the tests that kill
// parts on purpose) read it instead of guessing PIDs from `ps`. Written whenever a part
// starts or stops; removed when `npm start` stops cleanly.
import { readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const SUPERVISED_PARTS = ["database", "web", "worker"] as const;
export type SupervisedPartName = (typeof SUPERVISED_PARTS)[number];

const pid = z.number().int().positive();

export const processStatusSchema = z.object({
  /** The `npm start` process itself. */
  supervisor: pid,
  /** PIDs of the parts running at this moment; a part waiting to be restarted has none. */
  pids: z.partialRecord(z.enum(SUPERVISED_PARTS), pid),
  restarts: z.partialRecord(z.enum(SUPERVISED_PARTS), z.number().int().nonnegative()),
  updatedAt: z.iso.datetime(),
});

export type ProcessStatus = z.infer<typeof processStatusSchema>;

const STATUS_FILE = "tidings-processes.json";

export function processStatusPath(dataDir: string): string {
  return path.join(dataDir, STATUS_FILE);
}

/** Replaces the file in one step, so a reader never sees half of it. */
export async function writeProcessStatus(dataDir: string, status: ProcessStatus): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const file = processStatusPath(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(status, null, 2)}\n`);
  await rename(partial, file);
}

/** The status `npm start` last wrote for this data folder, or undefined when none is there. */
export function readProcessStatus(dataDir: string): ProcessStatus | undefined {
  let text: string;
  try {
    text = readFileSync(processStatusPath(dataDir), "utf8");
  } catch {
    return undefined;
  }
  return processStatusSchema.parse(JSON.parse(text));
}

export async function removeProcessStatus(dataDir: string): Promise<void> {
  await rm(processStatusPath(dataDir), { force: true });
}

/** Keeps the file in step with the parts as they start, die and restart; writes one at a time, in order. */
export function createProcessStatusRecorder(dataDir: string) {
  const pids: ProcessStatus["pids"] = {};
  const restarts: ProcessStatus["restarts"] = {};
  let writing: Promise<void> = Promise.resolve();
  const write = () => {
    const status: ProcessStatus = { supervisor: process.pid, pids: { ...pids }, restarts: { ...restarts }, updatedAt: new Date().toISOString() };
    writing = writing.then(() => writeProcessStatus(dataDir, status)).catch((error: unknown) => {
      console.error(`Could not write ${processStatusPath(dataDir)}: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  return {
    /** Records a part's current PID (none while it waits to restart) and how often it was restarted. */
    set(part: SupervisedPartName, pid: number | undefined, restartCount: number): void {
      if (pid) pids[part] = pid;
      else delete pids[part];
      restarts[part] = restartCount;
      write();
    },
    /** Resolves once every change so far is in the file. */
    flushed(): Promise<void> {
      return writing;
    },
    /** Waits for the last write, then removes the file: nothing runs any more. */
    async remove(): Promise<void> {
      await writing;
      await removeProcessStatus(dataDir);
    },
  };
}
