// Vitest setup file, run in every test worker before the test file loads: points
// lib/env.ts at the run's throwaway database and folder, never at a developer's own.
import { inject } from "vitest";

process.env.APP_ENV = "test";
process.env.DATABASE_URL = inject("databaseUrl");
process.env.DATA_DIR = inject("dataDir");
// pino would otherwise write every info line into the test output; LOG_LEVEL=debug shows them.
process.env.LOG_LEVEL ??= "silent";
