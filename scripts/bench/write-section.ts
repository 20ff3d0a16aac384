// Replaces one benchmark's section of BENCHMARKS.md and leaves every other section alone.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export async function writeBenchmarkSection(heading: string, section: string): Promise<string> {
  const file = path.resolve("BENCHMARKS.md");
  const existing = await readFile(file, "utf8").catch(() => "# Benchmarks\n\nFigures from the `bench:*` scripts and the machines they ran on.\n");
  const start = existing.indexOf(`${heading}\n`);
  let next: string;
  if (start === -1) {
    next = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const end = existing.indexOf("\n## ", start + 1);
    next = `${existing.slice(0, start)}${section}${end === -1 ? "" : `\n${existing.slice(end + 1)}`}`;
  }
  await writeFile(file, next);
  return file;
}
