import type { DeliveryStatus } from "@/lib/db/generated/client";
import styles from "./delivery-status-badge.module.css";

export const deliveryStatusLabels: Record<DeliveryStatus, string> = {
  queued: "Queued",
  sent: "Sent",
  delivered: "Delivered",
  bounced: "Bounced",
  complained: "Marked as spam",
  failed: "Failed",
  skipped_preference: "Not sent",
  suppressed: "Suppressed",
  deferred: "Deferred",
  digested: "In digest",
};

// Colour only repeats what the label says, so it is never the sole signal.
const tones: Record<DeliveryStatus, "success" | "pending" | "danger" | "neutral"> = {
  queued: "pending",
  sent: "success",
  delivered: "success",
  bounced: "danger",
  complained: "danger",
  failed: "danger",
  skipped_preference: "neutral",
  suppressed: "neutral",
  deferred: "pending",
  digested: "pending",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <span className={`${styles.badge} ${styles[tones[status]]}`} data-status={status}>
      {deliveryStatusLabels[status]}
    </span>
  );
}
