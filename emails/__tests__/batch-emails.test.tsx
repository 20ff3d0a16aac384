import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../lib/email/render-email";
import AdminAlertEmail from "../admin-alert";
import BatchCompletedEmail, { type BatchCompletedEmailProps } from "../batch-completed";
import BatchFailedEmail, { type BatchFailedEmailProps } from "../batch-failed";
import BatchPartialEmail, { type BatchPartialEmailProps } from "../batch-partial";
import DigestEmail, { type DigestEmailProps } from "../digest";
import ResultsExpiringEmail, { type ResultsExpiringEmailProps } from "../results-expiring";

const app = "https://tidings.example";
const footer = {
  unsubscribeUrl: `${app}/u/tok_unsub_123?c=batch&x=1`,
  preferencesUrl: `${app}/settings/notifications?from=email`,
};
// 20:30 UTC on March 4 is 05:30 on March 5 in Tokyo: the date itself differs.
const uploadedAt = "2025-03-04T20:30:00.000Z";
const tokyo = { timeZone: "Asia/Tokyo" } as const;
const escapeHtml = (value: string) => value.replaceAll("&", "&amp;");
const tags = /<\/?[a-z][^>]*>/i;

/** Every sample value in PreviewProps contains "preview"; real props never do. */
function expectNoPreviewData(html: string, text: string) {
  expect(html.toLowerCase()).not.toContain("preview-");
  expect(html).not.toContain("bat_preview");
  expect(text.toLowerCase()).not.toContain("preview-");
  expect(text).not.toContain("bat_preview");
}

function expectFooter(html: string, text: string) {
  expect(html).toContain(`href="${escapeHtml(footer.unsubscribeUrl)}"`);
  expect(html).toContain(`href="${escapeHtml(footer.preferencesUrl)}"`);
  expect(text).toContain(footer.unsubscribeUrl);
  expect(text).toContain(footer.preferencesUrl);
  // The footer comes after the content.
  expect(html.lastIndexOf("Unsubscribe")).toBeGreaterThan(html.indexOf("Tidings — upload files"));
}

const completedProps: BatchCompletedEmailProps = {
  batchId: "bat_01JNX7",
  batchUrl: `${app}/batches/bat_01JNX7`,
  uploadedAt,
  ...tokyo,
  files: [
    { name: "contacts.csv", status: "completed", validRows: 9_000, totalRows: 9_150 },
    { name: "leads-q1.csv", status: "completed", validRows: 812, totalRows: 850 },
  ],
  totals: { rows: 10_000, valid: 9_812, risky: 101, invalid: 57, duplicate: 30 },
  cleanedCsvUrl: `${app}/batches/bat_01JNX7/download?kind=cleaned&v=2`,
  ...footer,
};

const partialProps: BatchPartialEmailProps = {
  batchId: "bat_02PART",
  batchUrl: `${app}/batches/bat_02PART`,
  uploadedAt,
  ...tokyo,
  files: [
    { name: "contacts.csv", status: "completed", validRows: 4_321, totalRows: 4_400 },
    { name: "broken.csv", status: "failed", validRows: 0, totalRows: 0, reason: "The file has no column with email addresses." },
    { name: "webinar.csv", status: "completed", validRows: 1_234, totalRows: 1_300 },
  ],
  totals: { rows: 5_700, valid: 5_555, risky: 77, invalid: 44, duplicate: 24 },
  cleanedCsvUrl: `${app}/batches/bat_02PART/download?kind=cleaned`,
  ...footer,
};

const failedProps: BatchFailedEmailProps = {
  batchId: "bat_03FAIL",
  batchUrl: `${app}/batches/bat_03FAIL`,
  uploadedAt,
  ...tokyo,
  files: [
    { name: "contacts.csv", status: "failed", validRows: 0, totalRows: 0, reason: "The file is empty." },
    { name: "export.csv", status: "failed", validRows: 0, totalRows: 0, reason: "The file is not text; save it as CSV and upload it again." },
  ],
  ...footer,
};

/**
 * Renders and checks the text version has no markup. `dataWithBrackets`: values the
 * test itself put in (file names, errors) that legitimately read as `<…>` in plain text.
 */
async function render(element: ReactElement, dataWithBrackets: string[] = []) {
  const rendered = await renderEmail(element);
  const text = dataWithBrackets.reduce((body, value) => body.replaceAll(value, ""), rendered.text);
  expect(text).not.toMatch(tags);
  return rendered;
}

describe("BatchCompletedEmail", () => {
  it("shows the real numbers, files, links and the upload date in the recipient's zone", async () => {
    const { html, text } = await render(<BatchCompletedEmail {...completedProps} />);
    for (const body of [html, text]) {
      for (const value of ["9,812", "10,000", "101", "57", "30", "contacts.csv", "leads-q1.csv", "9,000 valid of 9,150 rows", "812 valid of 850 rows", "bat_01JNX7"]) {
        expect(body).toContain(value);
      }
      expect(body).toContain("March 5, 2025 at 5:30 AM GMT+9");
      expect(body).not.toContain("March 4");
    }
    expect(html).toContain(`href="${completedProps.batchUrl}"`);
    expect(html).toContain(`href="${escapeHtml(completedProps.cleanedCsvUrl ?? "")}"`);
    expect(text).toContain(completedProps.batchUrl);
    expect(text).toContain(completedProps.cleanedCsvUrl);
    expectFooter(html, text);
    expectNoPreviewData(html, text);
  });

  it("offers no download when there is no cleaned CSV", async () => {
    const { html, text } = await render(<BatchCompletedEmail {...completedProps} cleanedCsvUrl={undefined} />);
    expect(html).not.toContain("Download cleaned CSV");
    expect(text).not.toContain("/download");
  });

  it("escapes file names in the HTML", async () => {
    const name = "<script>x</script>.csv";
    const { html } = await renderEmail(
      <BatchCompletedEmail {...completedProps} files={[{ name, status: "completed", validRows: 1, totalRows: 2 }]} />,
    );
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;.csv");
  });

  it("formats the same instant in another zone with that zone's date", async () => {
    const { text } = await render(<BatchCompletedEmail {...completedProps} timeZone="America/Los_Angeles" />);
    expect(text).toContain("March 4, 2025 at 12:30 PM PST");
  });

  it("falls back to UTC for an unknown time zone instead of failing", async () => {
    const { text } = await render(<BatchCompletedEmail {...completedProps} timeZone="Mars/Olympus_Mons" />);
    expect(text).toContain("March 4, 2025 at 8:30 PM UTC");
  });

  it("renders its PreviewProps", async () => {
    const { html } = await render(<BatchCompletedEmail {...BatchCompletedEmail.PreviewProps} />);
    expect(html).toContain("9,812");
  });
});

describe("BatchPartialEmail", () => {
  it("shows completed numbers, the failed file with its reason, links and footer", async () => {
    const { html, text } = await render(<BatchPartialEmail {...partialProps} />);
    for (const body of [html, text]) {
      for (const value of ["5,555", "5,700", "77", "44", "24", "4,321 valid of 4,400 rows", "1,234 valid of 1,300 rows", "broken.csv", "webinar.csv"]) {
        expect(body).toContain(value);
      }
      expect(body).toContain("The file has no column with email addresses.");
      expect(body.toLowerCase()).toContain("2 of 3 files verified");
      expect(body).toContain("March 5, 2025");
    }
    expect(html).toContain(`href="${partialProps.batchUrl}"`);
    expect(html).toContain(`href="${partialProps.cleanedCsvUrl}"`);
    expect(text).toContain(partialProps.cleanedCsvUrl);
    expectFooter(html, text);
    expectNoPreviewData(html, text);
  });

  it("escapes a failed file's name and reason", async () => {
    const { html } = await renderEmail(
      <BatchPartialEmail
        {...partialProps}
        files={[
          { name: "ok.csv", status: "completed", validRows: 1, totalRows: 1 },
          { name: "<script>x</script>.csv", status: "failed", validRows: 0, totalRows: 0, reason: "Bad <b>quote</b> on line 3." },
        ]}
      />,
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>quote</b>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;.csv");
  });
});

describe("BatchFailedEmail", () => {
  it("gives every file's reason in words, the link, date and footer", async () => {
    const { html, text } = await render(<BatchFailedEmail {...failedProps} />);
    for (const body of [html, text]) {
      expect(body).toContain("contacts.csv");
      expect(body).toContain("export.csv");
      expect(body).toContain("The file is empty.");
      expect(body).toContain("save it as CSV and upload it again.");
      expect(body).toContain("March 5, 2025 at 5:30 AM GMT+9");
    }
    expect(html).toContain(`href="${failedProps.batchUrl}"`);
    expect(text).toContain(failedProps.batchUrl);
    expect(text).not.toContain("Download");
    expectFooter(html, text);
    expectNoPreviewData(html, text);
  });

  it("names a single failed file in the heading", async () => {
    const { text } = await render(<BatchFailedEmail {...failedProps} files={failedProps.files.slice(0, 1)} />);
    expect(text.toLowerCase()).toContain("contacts.csv could not be processed");
  });
});

describe("DigestEmail", () => {
  const props: DigestEmailProps = {
    windowStart: "2025-03-04T15:00:00.000Z",
    windowEnd: "2025-03-05T14:59:59.000Z",
    ...tokyo,
    batches: [
      { batchId: "bat_d1", batchUrl: `${app}/batches/bat_d1`, uploadedAt, outcome: "completed", fileNames: ["monday.csv"], failedFiles: 0, rows: 12_345, valid: 12_000 },
      { batchId: "bat_d2", batchUrl: `${app}/batches/bat_d2`, uploadedAt, outcome: "failed", fileNames: ["<i>odd</i>.csv"], failedFiles: 1, rows: 0, valid: 0 },
    ],
    batchesUrl: `${app}/batches`,
    ...footer,
  };

  it("lists each batch of the window with its numbers and links", async () => {
    const { html, text } = await render(<DigestEmail {...props} />, ["<i>odd</i>"]);
    expect(text).toContain("2 BATCHES FINISHED");
    for (const body of [text]) {
      for (const value of [ "March 5, 2025", "monday.csv", "12,000 valid of 12,345 rows", "could not be processed", "<i>odd</i>.csv"]) {
        expect(body).toContain(value);
      }
    }
    expect(html).toContain("&lt;i&gt;odd&lt;/i&gt;.csv");
    expect(html).not.toContain("<i>odd</i>");
    expect(html).toContain(`href="${app}/batches/bat_d1"`);
    expect(html).toContain(`href="${app}/batches/bat_d2"`);
    expectFooter(html, text);
    expectNoPreviewData(html, text);
  });

  it("lists the results-expiring reminders folded into it, with their deletion time in the recipient's zone", async () => {
    const expiring = [{ batchId: "bat_old", batchUrl: `${app}/batches/bat_old`, fileNames: ["old.csv", "older.csv"], deletesAt: "2025-03-05T20:30:00.000Z" }];
    const both = await render(<DigestEmail {...props} expiring={expiring} />, ["<i>odd</i>"]);
    expect(both.text).toContain("2 BATCHES FINISHED");
    expect(both.text).toContain("RESULTS DELETED SOON");
    expect(both.text).toContain("old.csv and 1 more");
    expect(both.text).toContain("March 6, 2025 at 5:30 AM GMT+9");
    expect(both.html).toContain(`href="${app}/batches/bat_old"`);

    const onlyReminders = await render(<DigestEmail {...props} batches={[]} expiring={expiring} />);
    expect(onlyReminders.text).toContain("RESULTS DELETED SOON");
    expect(onlyReminders.text).not.toContain("BATCHES FINISHED");
    expect(onlyReminders.text).not.toContain("valid of");
    expectFooter(onlyReminders.html, onlyReminders.text);
    expectNoPreviewData(onlyReminders.html, onlyReminders.text);
  });
});

describe("ResultsExpiringEmail", () => {
  const props: ResultsExpiringEmailProps = {
    batchId: "bat_exp",
    batchUrl: `${app}/batches/bat_exp`,
    downloadUrl: `${app}/batches/bat_exp/download?kind=cleaned`,
    fileNames: ["contacts.csv", "leads.csv"],
    uploadedAt,
    deletesAt: "2025-04-03T20:30:00.000Z",
    ...tokyo,
    ...footer,
  };

  it("says when the results go, in the recipient's zone, with the download link", async () => {
    const { html, text } = await render(<ResultsExpiringEmail {...props} />);
    for (const body of [html, text]) {
      expect(body).toContain("contacts.csv and 1 more");
      expect(body).toContain("April 4, 2025");
      expect(body).toContain("March 5, 2025");
    }
    expect(html).toContain(`href="${props.downloadUrl}"`);
    expect(text).toContain(props.downloadUrl);
    expect(text).toContain(props.batchUrl);
    expectFooter(html, text);
    expectNoPreviewData(html, text);
  });
});

describe("AdminAlertEmail", () => {
  it("names queue, job, error and time, and folds in other failures", async () => {
    const { html, text } = await render(
      <AdminAlertEmail
        queue="send-email"
        jobId="job_42"
        error="Error: <provider> said 500"
        attempts={8}
        failedAt={uploadedAt}
        timeZone="UTC"
        failuresInWindow={4}
        adminUrl={`${app}/admin/queues`}
      />,
      ["<provider>"],
    );
    expect(text).toContain("AFTER 8 ATTEMPTS");
    expect(html).toContain("after 8 attempts");
    for (const value of ["send-email", "job_42", "March 4, 2025 at 8:30 PM UTC", "3 other jobs also failed"]) {
      expect(html).toContain(value);
      expect(text).toContain(value);
    }
    expect(text).toContain("Error: <provider> said 500");
    expect(html).toContain("Error: &lt;provider&gt; said 500");
    expect(html).toContain(`href="${app}/admin/queues"`);
    expect(html).not.toContain("PreviewError");
    expect(html).not.toContain("job_preview");
  });
});
