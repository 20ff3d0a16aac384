// The batches of a window (a day, a week) in one email, for people who chose a digest
// over one email per batch.
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

export type DigestEmailProps = Readonly<{
  /** The window the digest covers; shown as dates in `timeZone`. */
  windowStart: Date | string;
  windowEnd: Date | string;
  timeZone: string;
  batches: readonly DigestBatch[];
  batchesUrl: string;
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
  const start = formatDate(props.windowStart, timeZone);
  const end = formatDate(props.windowEnd, timeZone);
  const window = start === end ? start : `${start} – ${end}`;
  const rows = batches.reduce((sum, batch) => sum + batch.rows, 0);
  const valid = batches.reduce((sum, batch) => sum + batch.valid, 0);
  const heading = `${plural(batches.length, "batch", "batches")} finished`;
  return (
    <EmailLayout
      preview={`${heading}, ${window}: ${formatCount(valid)} valid of ${formatCount(rows)} rows`}
      unsubscribeUrl={props.unsubscribeUrl}
      preferencesUrl={props.preferencesUrl}
    >
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      <Text style={textStyles.muted}>{window}</Text>
      <Text style={textStyles.text}>
        {formatCount(valid)} valid of {formatCount(rows)} rows in all.
      </Text>
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
      <EmailButton href={props.batchesUrl}>View all batches</EmailButton>
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
