// Every file of a batch was processed. Non-transactional: footer links, unsubscribable.
import { Heading, Text } from "@react-email/components";
import type { BatchEmailBaseProps, BatchEmailTotals } from "./_components/batch-data";
import { BatchLinks } from "./_components/batch-links";
import { BatchMeta } from "./_components/batch-meta";
import { FileList } from "./_components/file-list";
import { formatCount, plural } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { StatsTable } from "./_components/stats-table";
import { textStyles } from "./_components/styles";

export type BatchCompletedEmailProps = BatchEmailBaseProps &
  Readonly<{
    totals: BatchEmailTotals;
    /** Download of the cleaned CSV; absent when there is none (e.g. results already deleted). */
    cleanedCsvUrl?: string;
  }>;

export default function BatchCompletedEmail(props: BatchCompletedEmailProps) {
  const { files, totals, batchUrl, cleanedCsvUrl } = props;
  const single = files.length === 1 ? files[0] : undefined;
  const heading = single ? `${single.name} is verified` : `Your ${plural(files.length, "file")} are verified`;
  const summary = `${formatCount(totals.valid)} of ${formatCount(totals.rows)} ${totals.rows === 1 ? "row is" : "rows are"} valid.`;
  return (
    <EmailLayout preview={`${heading}: ${summary}`} unsubscribeUrl={props.unsubscribeUrl} preferencesUrl={props.preferencesUrl}>
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      <BatchMeta uploadedAt={props.uploadedAt} timeZone={props.timeZone} />
      <Text style={textStyles.text}>{summary}</Text>
      <StatsTable totals={totals} />
      <Heading as="h2" style={textStyles.subheading}>
        {single ? "File" : "Files"}
      </Heading>
      <FileList files={files} />
      <BatchLinks batchUrl={batchUrl} cleanedCsvUrl={cleanedCsvUrl} />
    </EmailLayout>
  );
}

BatchCompletedEmail.PreviewProps = {
  batchId: "bat_preview_7f3a9c",
  batchUrl: "http://localhost:3000/batches/bat_preview_7f3a9c",
  uploadedAt: "2025-03-04T20:30:00.000Z",
  timeZone: "Europe/Berlin",
  files: [
    { name: "preview-leads-march.csv", status: "completed", validRows: 6_102, totalRows: 6_250 },
    { name: "preview-newsletter.csv", status: "completed", validRows: 3_710, totalRows: 3_750, crossFileDuplicates: 12 },
  ],
  totals: { rows: 10_000, valid: 9_812, risky: 97, invalid: 61, duplicate: 30, crossFileDuplicate: 12 },
  cleanedCsvUrl: "http://localhost:3000/batches/bat_preview_7f3a9c/download/cleaned",
  unsubscribeUrl: "http://localhost:3000/u/preview-token",
  preferencesUrl: "http://localhost:3000/settings/notifications",
} satisfies BatchCompletedEmailProps;
