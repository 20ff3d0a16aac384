// A person reads an email, not a database: the batch's id appears only inside links.
import type { ComponentType } from "react";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../lib/email/render-email";
import BatchCompletedEmail from "../batch-completed";
import BatchFailedEmail from "../batch-failed";
import BatchPartialEmail from "../batch-partial";
import ResultsExpiringEmail from "../results-expiring";

const batchId = "cm4z8k2q90000x7l3h5f9b2wd";
const withoutUrls = (text: string) => text.replace(/https?:\/\/\S+/g, "");

type Template = ComponentType<Record<string, unknown>> & { PreviewProps: Record<string, unknown> };
const templates: [string, Template, Record<string, unknown>][] = [
  ["batch completed", BatchCompletedEmail as unknown as Template, {}],
  ["batch failed", BatchFailedEmail as unknown as Template, {}],
  ["batch partial", BatchPartialEmail as unknown as Template, {}],
  // No file names to call the batch by: still no id.
  ["results expiring", ResultsExpiringEmail as unknown as Template, { fileNames: [] }],
];

describe("batch emails show no raw ids", () => {
  it.each(templates)("%s", async (_name, template, overrides) => {
    const { text } = await renderEmail(createElement(template, { ...template.PreviewProps, ...overrides, batchId }));
    expect(withoutUrls(text)).not.toContain(batchId);
  });
});
