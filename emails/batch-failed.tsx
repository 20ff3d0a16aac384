// No file of a batch could be processed: per file, why, in words.
import { Heading, Text } from "@react-email/components";
import type { BatchEmailBaseProps } from "./_components/batch-data";
import { BatchLinks } from "./_components/batch-links";
import { BatchMeta } from "./_components/batch-meta";
import { FileList } from "./_components/file-list";
import { plural } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { textStyles } from "./_components/styles";

export type BatchFailedEmailProps = BatchEmailBaseProps;

export default function BatchFailedEmail(props: BatchFailedEmailProps) {
  const { files, batchUrl } = props;
  const single = files.length === 1 ? files[0] : undefined;
  const heading = single ? `${single.name} could not be processed` : `Your ${plural(files.length, "file")} could not be processed`;
  return (
    <EmailLayout preview={`${heading}.`} unsubscribeUrl={props.unsubscribeUrl} preferencesUrl={props.preferencesUrl}>
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      <BatchMeta uploadedAt={props.uploadedAt} timeZone={props.timeZone} />
      <Text style={textStyles.text}>
        {single ? "Here is what went wrong." : "Here is what went wrong with each file."} Where no email column was found, pick it on
        the batch page and the file runs again; otherwise fix the file and upload it again.
      </Text>
      <FileList files={files} />
      <BatchLinks batchUrl={batchUrl} />
    </EmailLayout>
  );
}

BatchFailedEmail.PreviewProps = {
  batchId: "bat_preview_dead01",
  batchUrl: "http://localhost:3000/batches/bat_preview_dead01",
  uploadedAt: "2025-03-04T20:30:00.000Z",
  timeZone: "Asia/Tokyo",
  files: [
    {
      name: "preview-no-emails.csv",
      status: "failed",
      validRows: 0,
      totalRows: 0,
      reason: "No column in this file contains email addresses. Check that the file has an email column, or choose one when uploading.",
      fixUrl: "http://localhost:3000/batches/bat_preview_dead01#fix-file-fil_preview_01",
    },
  ],
  unsubscribeUrl: "http://localhost:3000/u/preview-token",
  preferencesUrl: "http://localhost:3000/settings/notifications",
} satisfies BatchFailedEmailProps;
