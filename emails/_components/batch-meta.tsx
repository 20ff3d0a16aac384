// The line under a batch email's heading: when it was uploaded (recipient's zone) and its id.
import { Text } from "@react-email/components";
import { formatDateTime } from "./format";
import { textStyles } from "./styles";

export type BatchMetaProps = Readonly<{ batchId: string; uploadedAt: Date | string; timeZone: string }>;

export function BatchMeta({ batchId, uploadedAt, timeZone }: BatchMetaProps) {
  return (
    <Text style={textStyles.muted}>
      Uploaded {formatDateTime(uploadedAt, timeZone)} · Batch {batchId}
    </Text>
  );
}
