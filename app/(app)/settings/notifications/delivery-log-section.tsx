// Settings → Notifications → Delivery log: every notification, what became of it and why.
import Link from "next/link";
import tableStyles from "@/components/batches/batches.module.css";
import cardTable from "@/components/card-table/card-table.module.css";
import { DeliveryStatusBadge, deliveryStatusLabels } from "@/components/notifications/delivery-status-badge";
import { BreakableText } from "@/components/breakable-text";
import { ScrollRegion } from "@/components/scroll-region";
import { DeliveryStatus } from "@/lib/db/generated/client";
import { formatInZone } from "@/lib/notifications/deliveries/delivery-reason-text";
import { listDeliveries, type DeliveryLogEntry, type DeliveryLogQuery } from "@/lib/notifications/deliveries/list-deliveries";
import styles from "./delivery-log.module.css";

const LOG_PATH = "/settings/notifications";

function logHref(params: { status?: string; cursor?: string }): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return search.size > 0 ? `${LOG_PATH}?${search}#delivery-log-title` : `${LOG_PATH}#delivery-log-title`;
}

export async function DeliveryLogSection({ userId, query }: { userId: string; query: DeliveryLogQuery }) {
  const page = await listDeliveries(userId, query);
  // Only statuses that occur, plus the chosen one, so the filter stays short.
  const statuses = Object.values(DeliveryStatus).filter((status) => page.counts[status] > 0 || status === query.status);

  return (
    <section className={`card ${styles.section}`} aria-labelledby="delivery-log-title">
      <h2 id="delivery-log-title">Delivery log</h2>
      <p className="muted">What Tidings sent you, held back or skipped — and why. Times are shown on the recipient’s clock.</p>
      {page.total === 0 ? (
        <p className={styles.empty}>No notifications yet. When a batch finishes, what was sent — or why not — shows up here.</p>
      ) : (
        <>
          <nav aria-label="Filter the delivery log by status" className={tableStyles.filters}>
            <Link href={logHref({})} className={tableStyles.filter} aria-current={query.status === undefined ? "page" : undefined}>
              All ({page.total})
            </Link>
            {statuses.map((status) => (
              <Link key={status} href={logHref({ status })} className={tableStyles.filter} aria-current={query.status === status ? "page" : undefined}>
                {deliveryStatusLabels[status]} ({page.counts[status]})
              </Link>
            ))}
          </nav>
          {page.items.length === 0 ? (
            <p className={styles.empty}>
              Nothing {query.cursor ? "more" : "with this status"} to show. <Link href={logHref({})}>Show the latest of all statuses</Link>
            </p>
          ) : (
            <DeliveryTable entries={page.items} />
          )}
          {query.cursor || page.nextCursor ? (
            <nav aria-label="Delivery log pages" className={styles.pages}>
              {query.cursor ? (
                <Link className="button button-secondary" href={logHref({ status: query.status })}>
                  Newest
                </Link>
              ) : null}
              {page.nextCursor ? (
                <Link className="button button-secondary" href={logHref({ status: query.status, cursor: page.nextCursor })}>
                  Older
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}

function DeliveryTable({ entries }: { entries: DeliveryLogEntry[] }) {
  return (
    <ScrollRegion labelledBy="delivery-log-caption" className={styles.tableWrap}>
      <table className={`${tableStyles.table} ${cardTable.cardTable}`}>
        <caption id="delivery-log-caption" className="visually-hidden">
          Notifications, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Notification</th>
            <th scope="col">To</th>
            <th scope="col">Status and reason</th>
            <th scope="col">Timeline</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <DeliveryRow key={entry.id} entry={entry} />
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function DeliveryRow({ entry }: { entry: DeliveryLogEntry }) {
  return (
    <tr data-testid="delivery-row">
      <th scope="row" className={styles.notification}>
        {entry.batch ? <Link href={entry.batch.href}>{entry.batch.title}</Link> : <span>Notification</span>}
        <span className={styles.subline}>{entry.categoryLabel}</span>
      </th>
      <td className={styles.recipient} data-label="To">
        {entry.channel === "in_app" ? (
          entry.recipientLabel
        ) : (
          <>
            {entry.channelLabel}
            <span className={styles.subline}>
              <BreakableText text={entry.recipientLabel} />
            </span>
          </>
        )}
      </td>
      <td className={styles.status}>
        <DeliveryStatusBadge status={entry.status} />
        {entry.reasonText ? <span className={styles.subline}>{entry.reasonText}</span> : null}
      </td>
      <td className={styles.timelineCell}>
        <ol className={styles.timeline}>
          {entry.timeline.map((step) => (
            <li key={step.step} data-step={step.step}>
              {step.label} <time dateTime={step.at.toISOString()}>{formatInZone(step.at, entry.timeZone)}</time>
            </li>
          ))}
        </ol>
      </td>
      <td className={styles.details}>
        <DeliveryDetails entry={entry} />
      </td>
    </tr>
  );
}

function DeliveryDetails({ entry }: { entry: DeliveryLogEntry }) {
  if (entry.attempts === 0 && !entry.lastError && !entry.providerMessageId) return <span className="muted">—</span>;
  return (
    <dl className={styles.facts}>
      {entry.attempts > 0 ? (
        <>
          <dt>Attempts</dt>
          <dd>{entry.attempts}</dd>
        </>
      ) : null}
      {entry.lastError ? (
        <>
          <dt>Last error</dt>
          <dd className={styles.error}>{entry.lastError}</dd>
        </>
      ) : null}
      {entry.providerMessageId ? (
        <>
          <dt>Message id</dt>
          <dd>
            <code>{entry.providerMessageId}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
