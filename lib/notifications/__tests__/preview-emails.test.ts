// Settings → Notifications → Preview: every template rendered for one person, from their
// own batches where they have them and sample data otherwise. Real Postgres.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { verifyUnsubscribeToken } from "../../unsubscribe/unsubscribe-token";
import { defaultPreferences } from "../preferences/notification-preferences";
import { savePreferences } from "../preferences/preference-store";
import { emailTemplateSchema, previewEmails, type EmailPreview, type EmailTemplate } from "../compose/preview-emails";
import { fileSummary, newUser } from "./support/finished-batch";

const appUrl = "https://tidings.example";
const DAY_MS = 24 * 60 * 60 * 1000;

type FileRow = { name: string; status: "completed" | "failed" };

/** A finished batch written straight into the tables, as the worker leaves one. */
async function batchRow(userId: string, status: "completed" | "partial" | "failed", files: FileRow[], finishedAt = new Date()) {
  return db().batch.create({
    data: {
      userId,
      status,
      source: "dashboard",
      fileCount: files.length,
      totalBytes: BigInt(files.length * 10),
      createdAt: new Date(finishedAt.getTime() - 60_000),
      finishedAt,
      expiresAt: new Date(finishedAt.getTime() + 30 * DAY_MS),
      files: {
        create: files.map((file, position) => ({
          position,
          originalName: file.name,
          storageKey: `uploads/${randomUUID()}`,
          bytes: BigInt(10),
          sha256: "0".repeat(64),
          status: file.status,
          ...(file.status === "completed" ? { summary: fileSummary } : { error: "The file is not text." }),
        })),
      },
    },
  });
}

function byTemplate(previews: EmailPreview[]): Record<EmailTemplate, EmailPreview> {
  return Object.fromEntries(previews.map((preview) => [preview.template, preview])) as Record<EmailTemplate, EmailPreview>;
}

/** The unsubscribe tokens of every /u/ link in an email. */
function unsubscribeTokens(html: string): string[] {
  return [...html.matchAll(/\/u\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)].map((match) => match[1] ?? "");
}

describe("previewEmails", () => {
  it("renders every template from sample data when the person has no batches", async () => {
    const user = await newUser("preview");
    const previews = await previewEmails(user.id, appUrl);

    // Everyone's emails; the admin alert only for admins (below).
    expect(previews.map((preview) => preview.template)).toEqual(emailTemplateSchema.options.filter((template) => template !== "admin-alert"));
    for (const preview of previews) {
      expect(preview.source, preview.template).toBe("sample data");
      expect(preview.subject, preview.template).not.toBe("");
      expect(preview.html, preview.template).toContain("</html>");
      expect(preview.text.trim(), preview.template).not.toBe("");
    }
    const emails = byTemplate(previews);
    expect(emails["batch-completed"].subject).toBe("2 files: 9,812 valid of 10,000 rows");
    expect(emails["batch-completed"].text).toContain("preview-leads-march.csv");
    // The sign-in link cannot sign anyone in.
    expect(emails["magic-link"].text).toContain("token=preview-not-a-real-sign-in-link");
  });

  it("fills the batch emails, digest and expiry reminder from the person's own batch, in their time zone", async () => {
    const user = await newUser("preview");
    await savePreferences(user.id, defaultPreferences("Asia/Tokyo"));
    const batch = await batchRow(user.id, "completed", [{ name: "march-leads.csv", status: "completed" }]);

    const emails = byTemplate(await previewEmails(user.id, appUrl));

    const completed = emails["batch-completed"];
    expect(completed.subject).toBe("march-leads.csv: 9,812 valid of 10,000");
    expect(completed.source).toBe("your batch march-leads.csv");
    expect(completed.text).toContain(`${appUrl}/batches/${batch.id}`);
    expect(completed.text).toContain("GMT+9");
    expect(completed.text).not.toContain("preview-");
    for (const template of ["digest", "results-expiring"] as const) {
      expect(emails[template].source, template).toBe("your batch march-leads.csv");
      expect(emails[template].text, template).toContain("march-leads.csv");
    }
    // No failed or partial batch of theirs: those stay sample data rather than invented failures.
    expect(emails["batch-failed"].source).toBe("sample data");
    expect(emails["batch-partial"].source).toBe("sample data");
  });

  it("takes each outcome from the person's latest batch with that outcome", async () => {
    const user = await newUser("preview");
    const weekAgo = new Date(Date.now() - 7 * DAY_MS);
    await batchRow(user.id, "failed", [{ name: "old-broken.csv", status: "failed" }], new Date(weekAgo.getTime() - DAY_MS));
    await batchRow(user.id, "failed", [{ name: "broken.csv", status: "failed" }], weekAgo);
    await batchRow(user.id, "partial", [
      { name: "good.csv", status: "completed" },
      { name: "bad.csv", status: "failed" },
    ]);

    const emails = byTemplate(await previewEmails(user.id, appUrl));

    expect(emails["batch-failed"]).toMatchObject({ subject: "broken.csv could not be processed", source: "your batch broken.csv" });
    expect(emails["batch-failed"].text).toContain("The file is not text.");
    expect(emails["batch-partial"]).toMatchObject({ subject: "good.csv and 1 more: 1 of 2 files failed", source: "your batch good.csv and 1 more" });
    expect(emails["batch-completed"].source).toBe("sample data");
    // Only the partial batch finished within the day; the week-old failures are not in the digest.
    expect(emails.digest.source).toBe("your batch good.csv and 1 more");
    expect(emails.digest.text).not.toContain("broken.csv");
  });

  it("never uses another person's batches, and every unsubscribe link is for the viewer's own address", async () => {
    const stranger = await newUser("stranger");
    await batchRow(stranger.id, "completed", [{ name: "stranger-completed.csv", status: "completed" }]);
    await batchRow(stranger.id, "partial", [
      { name: "stranger-a.csv", status: "completed" },
      { name: "stranger-b.csv", status: "failed" },
    ]);
    await batchRow(stranger.id, "failed", [{ name: "stranger-failed.csv", status: "failed" }]);
    const user = await newUser("preview");

    const previews = await previewEmails(user.id, appUrl);

    for (const preview of previews) {
      expect(preview.source, preview.template).toBe("sample data");
      expect(`${preview.subject}\n${preview.html}\n${preview.text}`, preview.template).not.toContain("stranger");
      for (const token of unsubscribeTokens(preview.html)) {
        expect(verifyUnsubscribeToken(token), preview.template).toMatchObject({ ok: true, email: user.email.toLowerCase(), ownerUserId: user.id });
      }
    }
    // Every email a person can unsubscribe from carries such a link.
    expect(previews.filter((preview) => unsubscribeTokens(preview.html).length > 0).map((preview) => preview.template)).toEqual([
      "batch-completed",
      "batch-partial",
      "batch-failed",
      "digest",
      "results-expiring",
    ]);
  });

  it("shows the admin alert to admins only", async () => {
    const user = await newUser("preview");
    const templates = async (adminEmails: string[]) => (await previewEmails(user.id, appUrl, { adminEmails })).map((preview) => preview.template);
    expect(await templates([])).not.toContain("admin-alert");
    expect(await templates([user.email.toLowerCase()])).toContain("admin-alert");
  });
});
