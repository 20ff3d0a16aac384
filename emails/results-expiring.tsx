// Sent a day before retention deletes a batch's results: a last chance to download.
import { Heading, Link, Text } from "@react-email/components";
import { EmailButton } from "./_components/email-button";
import { formatCount, formatDate, formatDateTime } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { textStyles } from "./_components/styles";

export type ResultsExpiringEmailProps = Readonly<{
  batchId: string;
  batchUrl: string;
  /** Download of the cleaned CSV. */
  downloadUrl: string;
  fileNames: readonly string[];
  uploadedAt: Date | string;
  /** When retention deletes the results. */
  deletesAt: Date | string;
  timeZone: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}>;

export default function ResultsExpiringEmail(props: ResultsExpiringEmailProps) {
  const { fileNames, timeZone } = props;
  const [first] = fileNames;
  const title =
    first === undefined ? "your batch" : fileNames.length === 1 ? first : `${first} and ${formatCount(fileNames.length - 1)} more`;
  const deletes = formatDate(props.deletesAt, timeZone);
  return (
    <EmailLayout
      preview={`The results of ${title} are deleted on ${deletes}.`}
      unsubscribeUrl={props.unsubscribeUrl}
      preferencesUrl={props.preferencesUrl}
    >
      <Heading as="h1" style={textStyles.heading}>
        Your results are deleted tomorrow
      </Heading>
      <Text style={textStyles.text}>
        The results of {title}, uploaded {formatDateTime(props.uploadedAt, timeZone)}, are deleted on{" "}
        {formatDateTime(props.deletesAt, timeZone)}. Download them now if you still need them.
      </Text>
      <EmailButton href={props.downloadUrl}>Download cleaned CSV</EmailButton>
      <Text style={textStyles.muted}>
        Batch page:{" "}
        <Link href={props.batchUrl} style={textStyles.url}>
          {props.batchUrl}
        </Link>
      </Text>
    </EmailLayout>
  );
}

ResultsExpiringEmail.PreviewProps = {
  batchId: "bat_preview_old42",
  batchUrl: "http://localhost:3000/batches/bat_preview_old42",
  downloadUrl: "http://localhost:3000/batches/bat_preview_old42/download/cleaned",
  fileNames: ["preview-q1-prospects.csv"],
  uploadedAt: "2025-02-05T10:00:00.000Z",
  deletesAt: "2025-03-07T10:00:00.000Z",
  timeZone: "Europe/London",
  unsubscribeUrl: "http://localhost:3000/u/preview-token",
  preferencesUrl: "http://localhost:3000/settings/notifications",
} satisfies ResultsExpiringEmailProps;
