// The line under a batch email's heading: when it was uploaded, on the recipient's clock.
// No batch id: it means nothing to a person, and the batch's links identify it anyway.
import { Text } from "@react-email/components";
import { formatDateTime } from "./format";
import { textStyles } from "./styles";

export type BatchMetaProps = Readonly<{ uploadedAt: Date | string; timeZone: string }>;

export function BatchMeta({ uploadedAt, timeZone }: BatchMetaProps) {
  return (
    <Text style={textStyles.muted}>
      Uploaded {formatDateTime(uploadedAt, timeZone)}
    </Text>
  );
}
