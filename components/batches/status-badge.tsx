import styles from "./batches.module.css";

const labels: Record<string, string> = {
  queued: "Queued",
  processing: "Processing",
  completed: "Completed",
  partial: "Partly failed",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`${styles.badge} ${styles[status] ?? ""}`} data-status={status}>
      {labels[status] ?? status}
    </span>
  );
}
