// Admin → Queues: depth now, throughput and failures over the last hour.
import tableStyles from "@/components/batches/batches.module.css";
import { formatCount } from "@/components/format";
import { ScrollRegion } from "@/components/scroll-region";
import type { AdminCaller } from "@/lib/admin/is-admin";
import { getQueueOverview } from "@/lib/admin/queue-overview";
import styles from "./admin.module.css";

function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)} %`;
}

export async function QueuesSection({ caller }: { caller: AdminCaller }) {
  const queues = await getQueueOverview(caller);
  return (
    <section className={`card ${styles.section}`} aria-labelledby="queues-title">
      <h2 id="queues-title">Queues</h2>
      <p className="muted">Jobs waiting and running now; what finished in the last hour. Failed means failed for good, after every retry.</p>
      <ScrollRegion labelledBy="queues-caption" className={styles.tableWrap}>
        <table className={tableStyles.table}>
          <caption id="queues-caption" className="visually-hidden">
            Queue depths now and the last hour per queue
          </caption>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col" className={tableStyles.numeric}>Queued</th>
              <th scope="col" className={tableStyles.numeric}>Active</th>
              <th scope="col" className={tableStyles.numeric}>Retrying</th>
              <th scope="col" className={tableStyles.numeric}>Dead letters</th>
              <th scope="col" className={tableStyles.numeric}>Completed, last hour</th>
              <th scope="col" className={tableStyles.numeric}>Failed, last hour</th>
              <th scope="col" className={tableStyles.numeric}>Failure rate</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <tr key={queue.name} data-testid="queue-row">
                <th scope="row">
                  <code>{queue.name}</code>
                </th>
                <td className={tableStyles.numeric}>{formatCount(queue.queued)}</td>
                <td className={tableStyles.numeric}>{formatCount(queue.active)}</td>
                <td className={tableStyles.numeric}>{formatCount(queue.retry)}</td>
                <td className={tableStyles.numeric}>{queue.deadLetter === null ? <span title="This queue keeps no dead-letter queue">—</span> : formatCount(queue.deadLetter)}</td>
                <td className={tableStyles.numeric}>{formatCount(queue.completedLastHour)}</td>
                <td className={tableStyles.numeric}>{formatCount(queue.failedLastHour)}</td>
                <td className={tableStyles.numeric}>{formatRate(queue.failureRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
