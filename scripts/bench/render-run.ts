// One process of bench:render (see render.ts): times every template with the React build
// this process loaded. React picks its development or production build from NODE_ENV once,
// when react-dom/server is first loaded, so each build needs its own process.
// Prints two markdown tables. Usage: render-run.ts <label>
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { render, toPlainText } from "@react-email/render";
import { htmlToPlainText, renderEmail } from "@/lib/email/render-email";
import AdminAlertEmail from "@/emails/admin-alert";
import BatchCompletedEmail from "@/emails/batch-completed";
import BatchFailedEmail from "@/emails/batch-failed";
import BatchPartialEmail from "@/emails/batch-partial";
import DigestEmail from "@/emails/digest";
import MagicLinkEmail from "@/emails/magic-link";
import ResultsExpiringEmail from "@/emails/results-expiring";

const TARGET_PER_SECOND = 500;
const WARMUP_RUNS = 50;
// Each measurement is ROUNDS rounds of ROUND_MS; renders/s is the best round's (other
// processes on a shared machine only ever slow a round down), p50/p99 are over all calls.
const ROUNDS = 3;
const ROUND_MS = 400;
// The breakdown's parts get a quarter of that.
const PART_ROUND_MS = 100;
const MAX_CALLS_PER_ROUND = 10_000;

const templates: ReadonlyArray<readonly [name: string, element: ReactElement]> = [
  ["magic-link", createElement(MagicLinkEmail, MagicLinkEmail.PreviewProps)],
  ["batch-completed", createElement(BatchCompletedEmail, BatchCompletedEmail.PreviewProps)],
  ["batch-partial", createElement(BatchPartialEmail, BatchPartialEmail.PreviewProps)],
  ["batch-failed", createElement(BatchFailedEmail, BatchFailedEmail.PreviewProps)],
  ["digest", createElement(DigestEmail, DigestEmail.PreviewProps)],
  ["results-expiring", createElement(ResultsExpiringEmail, ResultsExpiringEmail.PreviewProps)],
  ["admin-alert", createElement(AdminAlertEmail, AdminAlertEmail.PreviewProps)],
];

type Timing = { perSecond: number; p50: number; p99: number };

/** Sequential calls (one core) after a warm-up; per-call times in ms. */
async function time(work: () => unknown, roundMs: number): Promise<Timing> {
  for (let i = 0; i < WARMUP_RUNS; i++) await work();
  const samples: number[] = [];
  let perSecond = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (calls < MAX_CALLS_PER_ROUND && now - start < roundMs) {
      const before = now;
      await work();
      now = performance.now();
      samples.push(now - before);
      calls += 1;
    }
    perSecond = Math.max(perSecond, calls / ((now - start) / 1000));
  }
  const sorted = Float64Array.from(samples).sort();
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return { perSecond, p50: percentile(50), p99: percentile(99) };
}

const ms = (value: number) => value.toFixed(2);
const rate = (value: number) => Math.round(value).toLocaleString("en");
const kb = (value: string) => (Buffer.byteLength(value) / 1024).toFixed(1);

async function main(): Promise<void> {
  const label = process.argv[2] ?? "";
  const rows: string[] = [];
  const parts: string[] = [];
  for (const [name, element] of templates) {
    const { html, text } = await renderEmail(element);
    const email = await time(() => renderEmail(element), ROUND_MS);
    const staticMarkup = await time(() => renderToStaticMarkup(element), PART_ROUND_MS);
    const htmlOnly = await time(() => render(element), PART_ROUND_MS);
    const libraryText = await time(() => toPlainText(html), PART_ROUND_MS);
    const appText = await time(() => htmlToPlainText(html), PART_ROUND_MS);
    // renderEmail as it was before htmlToPlainText: the library's toPlainText on each call.
    const withLibraryText = await time(async () => toPlainText(await render(element)), PART_ROUND_MS);
    const verdict = email.perSecond >= TARGET_PER_SECOND ? "MET" : "**MISSED**";
    rows.push(
      `| ${[name, kb(html), kb(text), rate(email.perSecond), ms(email.p50), ms(email.p99), rate(staticMarkup.perSecond), `${(staticMarkup.perSecond / email.perSecond).toFixed(1)}×`, verdict].join(" | ")} |`,
    );
    parts.push(
      `| ${[name, ms(staticMarkup.p50), ms(htmlOnly.p50), ms(libraryText.p50), ms(appText.p50), ms(withLibraryText.p50), rate(withLibraryText.perSecond), ms(email.p50)].join(" | ")} |`,
    );
  }

  console.log(`\n${label}, target ≥ ${TARGET_PER_SECOND} renders/s\n`);
  console.log("| template | HTML KB | text KB | renders/s (HTML + text) | ms p50 | ms p99 | baseline renderToStaticMarkup/s | baseline ÷ renderEmail | target |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const row of rows) console.log(row);
  console.log("\nWhere the time goes, ms p50, each part timed alone:\n");
  console.log("| template | renderToStaticMarkup | render() HTML | toPlainText() | htmlToPlainText() | render() + toPlainText() | same, renders/s | renderEmail |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of parts) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
