// The batches of a window (an hour, a day, a week) in one email, for people who chose
// a digest over one email per batch or went past their daily limit; with any
// results-expiring reminders folded in alongside.
import { Heading, Link, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { EmailButton } from "./_components/email-button";
import { formatCount, formatDate, formatDateTime, plural } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { colors, textStyles } from "./_components/styles";

export type DigestBatch = Readonly<{
  batchId: string;
  batchUrl: string;
  uploadedAt: Date | string;
  outcome: "completed" | "partial" | "failed" | "cancelled";
  /** File names, in upload order. */
  fileNames: readonly string[];
  failedFiles: number;
  rows: number;
  valid: number;
}>;

/** A batch whose results retention deletes soon. */
export type DigestExpiring = Readonly<{
  batchId: string;
  batchUrl: string;
  fileNames: readonly string[];
  deletesAt: Date | string;
}>;

export type DigestEmailProps = Readonly<{
  /** The window the digest covers; shown as dates in `timeZone`. */
  windowStart: Date | string;
  windowEnd: Date | string;
  timeZone: string;
  batches: readonly DigestBatch[];
  /** Reminders folded into the digest; none when absent. */
  expiring?: readonly DigestExpiring[];
  /** The owner's dashboard; absent in the digest of an extra recipient, who cannot sign in to it. */
  batchesUrl?: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}>;

const outcomeWords: Record<DigestBatch["outcome"], string> = {
  completed: "Completed",
  partial: "Partly completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

export default function DigestEmail(props: DigestEmailProps) {
  const { batches, timeZone } = props;
  const expiring = props.expiring ?? [];
  const start = formatDate(props.windowStart, timeZone);
  const end = formatDate(props.windowEnd, timeZone);
  const window = start === end ? start : `${start} – ${end}`;
  const rows = batches.reduce((sum, batch) => sum + batch.rows, 0);
  const valid = batches.reduce((sum, batch) => sum + batch.valid, 0);
  const onlyReminders = batches.length === 0 && expiring.length > 0;
  const heading = onlyReminders ? "Results deleted soon" : `${plural(batches.length, "batch", "batches")} finished`;
  const preview = onlyReminders
    ? `${heading}: ${expiring.map((item) => batchTitle(item.fileNames)).join(", ")}`
    : `${heading}, ${window}: ${formatCount(valid)} valid of ${formatCount(rows)} rows`;
  return (
    <EmailLayout
      preview={preview}
      unsubscribeUrl={props.unsubscribeUrl}
      preferencesUrl={props.preferencesUrl}
    >
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      <Text style={textStyles.muted}>{window}</Text>
      {onlyReminders ? null : (
        <Text style={textStyles.text}>
          {formatCount(valid)} valid of {formatCount(rows)} rows in all.
        </Text>
      )}
      {batches.map((batch) => (
        <Section key={batch.batchId} style={styles.item}>
          <Text style={styles.name}>
            <Link href={batch.batchUrl} style={textStyles.link}>
              {batchTitle(batch.fileNames)}
            </Link>
          </Text>
          <Text style={batch.outcome === "failed" ? styles.failed : styles.detail}>
            {outcomeWords[batch.outcome]} · {formatDateTime(batch.uploadedAt, timeZone)}
          </Text>
          <Text style={styles.detail}>
            {batch.outcome === "failed"
              ? `${plural(batch.fileNames.length, "file")} could not be processed`
              : `${formatCount(batch.valid)} valid of ${formatCount(batch.rows)} rows`}
            {batch.outcome === "partial" ? ` · ${formatCount(batch.failedFiles)} of ${plural(batch.fileNames.length, "file")} failed` : null}
          </Text>
        </Section>
      ))}
      {expiring.length > 0 ? (
        <>
          {onlyReminders ? null : (
            <Heading as="h2" style={textStyles.subheading}>
              Results deleted soon
            </Heading>
          )}
          <Text style={textStyles.text}>Download what you still need before retention deletes it.</Text>
          {expiring.map((item) => (
            <Section key={item.batchId} style={styles.item}>
              <Text style={styles.name}>
                <Link href={item.batchUrl} style={textStyles.link}>
                  {batchTitle(item.fileNames)}
                </Link>
              </Text>
              <Text style={styles.detail}>Deleted on {formatDateTime(item.deletesAt, timeZone)}</Text>
            </Section>
          ))}
        </>
      ) : null}
      {props.batchesUrl ? <EmailButton href={props.batchesUrl}>View all batches</EmailButton> : null}
    </EmailLayout>
  );
}

function batchTitle(fileNames: readonly string[]): string {
  const [first] = fileNames;
  if (first === undefined) return "Batch";
  return fileNames.length === 1 ? first : `${first} and ${formatCount(fileNames.length - 1)} more`;
}

DigestEmail.PreviewProps = {
  windowStart: "2025-03-03T23:00:00.000Z",
  windowEnd: "2025-03-04T22:59:59.000Z",
  timeZone: "Europe/Berlin",
  batches: [
    {
      batchId: "bat_preview_a1",
      batchUrl: "http://localhost:3000/batches/bat_preview_a1",
      uploadedAt: "2025-03-04T08:15:00.000Z",
      outcome: "completed",
      fileNames: ["preview-digest-leads.csv"],
      failedFiles: 0,
      rows: 10_000,
      valid: 9_812,
    },
    {
      batchId: "bat_preview_a2",
      batchUrl: "http://localhost:3000/batches/bat_preview_a2",
      uploadedAt: "2025-03-04T14:40:00.000Z",
      outcome: "partial",
      fileNames: ["preview-digest-a.csv", "preview-digest-b.csv", "preview-digest-c.csv"],
      failedFiles: 1,
      rows: 4_200,
      valid: 3_990,
    },
  ],
  expiring: [
    {
      batchId: "bat_preview_old42",
      batchUrl: "http://localhost:3000/batches/bat_preview_old42",
      fileNames: ["preview-q1-prospects.csv"],
      deletesAt: "2025-03-05T10:00:00.000Z",
    },
  ],
  batchesUrl: "http://localhost:3000/batches",
  unsubscribeUrl: "http://localhost:3000/u/preview-token",
  preferencesUrl: "http://localhost:3000/settings/notifications",
} satisfies DigestEmailProps;

const styles = {
  item: { borderBottom: `1px solid ${colors.border}`, padding: "8px 0" },
  name: { fontSize: "15px", fontWeight: 600, lineHeight: "22px", margin: 0, wordBreak: "break-all" },
  detail: { color: colors.muted, fontSize: "14px", lineHeight: "20px", margin: 0 },
  failed: { color: colors.failed, fontSize: "14px", lineHeight: "20px", margin: 0 },
} satisfies Record<string, CSSProperties>;
