// Some files of a batch were processed, some failed: the results of the good ones and,
// per failed file, why — so the sender can fix the file and retry.
import { Heading, Text } from "@react-email/components";
import type { BatchEmailBaseProps, BatchEmailTotals } from "./_components/batch-data";
import { BatchLinks } from "./_components/batch-links";
import { BatchMeta } from "./_components/batch-meta";
import { FileList } from "./_components/file-list";
import { formatCount, plural } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { StatsTable } from "./_components/stats-table";
import { textStyles } from "./_components/styles";

export type BatchPartialEmailProps = BatchEmailBaseProps &
  Readonly<{
    /** Totals over the files that completed. */
    totals: BatchEmailTotals;
    /** Download of the cleaned CSV of the completed files, when there is one. */
    cleanedCsvUrl?: string;
  }>;

export default function BatchPartialEmail(props: BatchPartialEmailProps) {
  const { files, totals, batchUrl, cleanedCsvUrl } = props;
  const completed = files.filter((file) => file.status === "completed").length;
  const failed = files.filter((file) => file.status === "failed").length;
  const cancelled = files.filter((file) => file.status === "cancelled").length;
  const notDone = [failed > 0 ? `${formatCount(failed)} failed` : null, cancelled > 0 ? `${formatCount(cancelled)} cancelled` : null]
    .filter(Boolean)
    .join(", ");
  const heading = `${formatCount(completed)} of ${plural(files.length, "file")} verified`;
  return (
    <EmailLayout
      preview={`${heading}; ${notDone}. ${formatCount(totals.valid)} valid of ${formatCount(totals.rows)} rows.`}
      unsubscribeUrl={props.unsubscribeUrl}
      preferencesUrl={props.preferencesUrl}
    >
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      <BatchMeta uploadedAt={props.uploadedAt} timeZone={props.timeZone} />
      <Text style={textStyles.text}>
        {notDone[0]?.toUpperCase()}
        {notDone.slice(1)}. The files that completed have {formatCount(totals.valid)} valid of {formatCount(totals.rows)}{" "}
        {totals.rows === 1 ? "row" : "rows"}. Each failed file below says why; the batch page offers what can help: picking its email column, or a retry.
      </Text>
      <Heading as="h2" style={textStyles.subheading}>
        Files
      </Heading>
      <FileList files={files} />
      <Heading as="h2" style={textStyles.subheading}>
        Completed files
      </Heading>
      <StatsTable totals={totals} />
      <BatchLinks batchUrl={batchUrl} cleanedCsvUrl={cleanedCsvUrl} />
    </EmailLayout>
  );
}

BatchPartialEmail.PreviewProps = {
  batchId: "bat_preview_51c0de",
  batchUrl: "http://localhost:3000/batches/bat_preview_51c0de",
  uploadedAt: "2025-03-04T20:30:00.000Z",
  timeZone: "America/New_York",
  files: [
    { name: "preview-contacts.csv", status: "completed", validRows: 4_870, totalRows: 5_000 },
    { name: "preview-webinar.csv", status: "completed", validRows: 1_930, totalRows: 2_000 },
    {
      name: "preview-export.xlsx.csv",
      status: "failed",
      validRows: 0,
      totalRows: 0,
      reason: "The file is not text: it looks like a spreadsheet saved with a .csv name. Export it as CSV and upload it again.",
    },
  ],
  totals: { rows: 7_000, valid: 6_800, risky: 120, invalid: 50, duplicate: 30 },
  cleanedCsvUrl: "http://localhost:3000/batches/bat_preview_51c0de/download/cleaned",
  unsubscribeUrl: "http://localhost:3000/u/preview-token",
  preferencesUrl: "http://localhost:3000/settings/notifications",
} satisfies BatchPartialEmailProps;
