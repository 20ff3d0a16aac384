// Admin → Dead-letter queue: jobs that failed for good, with Replay.
import Link from "next/link";
import tableStyles from "@/components/batches/batches.module.css";
import { formatCount } from "@/components/format";
import { ScrollRegion } from "@/components/scroll-region";
import type { AdminCaller } from "@/lib/admin/is-admin";
import { listDeadLetterJobs, type DeadLetterEntry } from "@/lib/admin/list-dead-letter-jobs";
import { DateTime } from "@/components/date-time";
import { deliverySearchHref } from "./admin-links";
import styles from "./admin.module.css";
import { ReplayForm } from "./replay-form";

/** `timeZone`: the admin's own, so times read as on the rest of the app. */
export async function DeadLettersSection({ caller, timeZone }: { caller: AdminCaller; timeZone: string }) {
  const { items, total } = await listDeadLetterJobs(caller);
  return (
    <section id="dead-letters" className={`card ${styles.section}`} aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">Dead-letter queue</h2>
      <p className="muted">
        Jobs that failed after all their retries, kept 30 days. Replay sends one back to its queue as a new job with the same payload.
      </p>
      {items.length === 0 ? (
        <p className={styles.empty}>No job has failed for good. When one does, it shows up here and the admins get an email.</p>
      ) : (
        <>
          {total > items.length ? (
            <p className="muted">
              The newest {formatCount(items.length)} of {formatCount(total)}.
            </p>
          ) : null}
          <ScrollRegion labelledBy="dead-letters-caption" className={styles.tableWrap}>
            <table className={tableStyles.table}>
              <caption id="dead-letters-caption" className="visually-hidden">
                Jobs that failed for good, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th scope="col">Job</th>
                  <th scope="col">Payload</th>
                  <th scope="col">Error</th>
                  <th scope="col">Failed</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <DeadLetterRow key={entry.id} entry={entry} timeZone={timeZone} />
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </section>
  );
}

function DeadLetterRow({ entry, timeZone }: { entry: DeadLetterEntry; timeZone: string }) {
  const deliveryId = deliveryIdOf(entry.payload);
  return (
    <tr data-testid="dead-letter-row">
      <th scope="row">
        <code>{entry.queue}</code>
      </th>
      <td className={styles.id}>
        <code>{entry.sourceJobId ?? entry.id}</code>
        <span className={styles.subline}>{entry.attempts === 1 ? "1 attempt" : `${entry.attempts} attempts`}</span>
      </td>
      <td className={styles.payload}>
        <code>{entry.payloadSummary}</code>
        {deliveryId ? (
          <span className={styles.subline}>
            <Link href={deliverySearchHref({ deliveryId })}>Find the delivery</Link>
          </span>
        ) : null}
      </td>
      <td className={styles.error}>{entry.error}</td>
      <td className={styles.time}>
        <DateTime value={entry.failedAt} timeZone={timeZone} />
      </td>
      <td>
        <ReplayForm queue={entry.queue} jobId={entry.id} />
      </td>
    </tr>
  );
}

/** Email and webhook jobs carry the delivery they send: link to it. */
function deliveryIdOf(payload: unknown): string | null {
  if (!payload || typeof payload !== "object") return null;
  const value = (payload as Record<string, unknown>).deliveryId;
  return typeof value === "string" ? value : null;
}
