import { Link, Text } from "@react-email/components";
import { EmailButton } from "./email-button";
import { textStyles } from "./styles";

/** The calls to action at the end of every batch email: download (when there is one), the batch page, its address. */
export function BatchLinks({ batchUrl, cleanedCsvUrl }: { batchUrl: string; cleanedCsvUrl?: string }) {
  return (
    <>
      {cleanedCsvUrl ? <EmailButton href={cleanedCsvUrl}>Download cleaned CSV</EmailButton> : null}
      <EmailButton href={batchUrl} secondary={Boolean(cleanedCsvUrl)}>
        View batch
      </EmailButton>
      <Text style={textStyles.muted}>
        Batch page:{" "}
        <Link href={batchUrl} style={textStyles.url}>
          {batchUrl}
        </Link>
      </Text>
    </>
  );
}
