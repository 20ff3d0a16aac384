import path from "node:path";

/** `.data/postgres` rather than `/home/…/tidings/.data/postgres` when under the working folder. */
export function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : dir;
}
