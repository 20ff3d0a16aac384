// Unit and integration tests (Playwright e2e lives in e2e/ and has its own runner).
// One embedded PostgreSQL serves the whole run; see lib/db/__tests__/support/.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // tsconfig's `@/*` → repository root. A regex, so `@prisma/…` and other scoped packages are untouched.
  resolve: { alias: [{ find: /^@\//, replacement: `${root}/` }] },
  test: {
    include: ["lib/**/*.test.ts", "lib/**/*.test.tsx", "app/**/*.test.ts", "components/**/*.test.ts", "worker/**/*.test.ts", "scripts/**/*.test.ts", "emails/**/*.test.tsx"],
    environment: "node",
    globalSetup: ["lib/db/__tests__/support/global-setup.ts"],
    setupFiles: ["lib/db/__tests__/support/setup-env.ts"],
    // next-auth imports "next/server" without an extension, which Node's ESM loader
    // refuses; transformed by Vite it resolves, so tests can call the app's Auth.js.
    server: { deps: { inline: ["next-auth"] } },
    // Integration tests talk to a real PostgreSQL and start processes; starting a server takes seconds.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
