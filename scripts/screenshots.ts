// npm run screenshots [-- <more playwright options>]
//
// A picture of every page at 390 px (a phone) and 1280 px (a desktop) — signed out,
// signed in with nothing yet, with a batch and its notifications, and as the operator —
// so a reviewer can look at the whole app in a minute. It runs the e2e walk
// (e2e/phone-layout.spec.ts, which also fails on sideways scrolling, console errors and
// accessibility violations) against a fresh `npm start`, and keeps a full-page
// screenshot of every visit in screenshots/<width>/<who>-<page>.png (git-ignored).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

const outputDir = path.resolve("screenshots");
rmSync(outputDir, { recursive: true, force: true });

const result = spawnSync("npx", ["playwright", "test", "e2e/phone-layout.spec.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TIDINGS_SCREENSHOTS_DIR: outputDir },
});
console.log(`\nScreenshots: ${outputDir}/{390,1280}/*.png`);
process.exit(result.status ?? 1);
