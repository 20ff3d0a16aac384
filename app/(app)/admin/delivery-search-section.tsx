// Admin → Deliveries: every person's deliveries by recipient, status, delivery id or
// provider message id. Addresses are shown in full; that is what admins come for.
import Link from "next/link";
import tableStyles from "@/components/batches/batches.module.css";
import { DeliveryStatusBadge, deliveryStatusLabels } from "@/components/notifications/delivery-status-badge";
import { BreakableText } from "@/components/breakable-text";
import { ScrollRegion } from "@/components/scroll-region";
import { DeliveryStatus } from "@/lib/db/generated/client";
import type { AdminCaller } from "@/lib/admin/is-admin";
import { searchDeliveries, type DeliverySearchEntry, type DeliverySearchQuery } from "@/lib/admin/search-deliveries";
import { DateTime } from "@/components/date-time";
import { deliverySearchHref } from "./admin-links";
import styles from "./admin.module.css";

/** `timeZone`: the admin's own, so times read as on the rest of the app. */
export async function DeliverySearchSection({ caller, search, timeZone }: { caller: AdminCaller; search: DeliverySearchQuery; timeZone: string }) {
  const page = await searchDeliveries(caller, search);
  const filters = { recipient: search.recipient, status: search.status, deliveryId: search.deliveryId, providerMessageId: search.providerMessageId };
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section id="deliveries" className={`card ${styles.section}`} aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <form method="get" action="/admin#deliveries" className={styles.searchForm} role="search" aria-label="Search deliveries">
        <div className={styles.field}>
          <label className="label" htmlFor="search-recipient">
            Recipient
          </label>
          <input id="search-recipient" name="recipient" className="input" defaultValue={search.recipient} maxLength={320} autoComplete="off" placeholder="name@example.com" />
        </div>
        <div className={styles.field}>
          <label className="label" htmlFor="search-status">
            Status
          </label>
          <select id="search-status" name="status" className="input" defaultValue={search.status ?? ""}>
            <option value="">Any</option>
            {Object.values(DeliveryStatus).map((status) => (
              <option key={status} value={status}>
                {deliveryStatusLabels[status]}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label className="label" htmlFor="search-delivery-id">
            Delivery id
          </label>
          <input id="search-delivery-id" name="deliveryId" className="input" defaultValue={search.deliveryId} maxLength={64} autoComplete="off" />
        </div>
        <div className={styles.field}>
          <label className="label" htmlFor="search-provider-id">
            Provider message id
          </label>
          <input id="search-provider-id" name="providerMessageId" className="input" defaultValue={search.providerMessageId} maxLength={256} autoComplete="off" />
        </div>
        <div className={styles.searchButtons}>
          <button type="submit" className="button">
            Search
          </button>
          {filtered ? (
            <Link href={deliverySearchHref({})} className="button button-secondary">
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {page.items.length === 0 ? (
        <p className={styles.empty}>
          {search.cursor ? "No more deliveries." : filtered ? "No delivery matches this search." : "No deliveries yet."}
        </p>
      ) : (
        <DeliveryTable entries={page.items} timeZone={timeZone} />
      )}
      {search.cursor || page.nextCursor ? (
        <nav aria-label="Delivery search pages" className={styles.pages}>
          {search.cursor ? (
            <Link className="button button-secondary" href={deliverySearchHref(filters)}>
              Newest
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link className="button button-secondary" href={deliverySearchHref({ ...filters, cursor: page.nextCursor })}>
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

function DeliveryTable({ entries, timeZone }: { entries: DeliverySearchEntry[]; timeZone: string }) {
  return (
    <ScrollRegion labelledBy="deliveries-caption" className={styles.tableWrap}>
      <table className={tableStyles.table}>
        <caption id="deliveries-caption" className="visually-hidden">
          Deliveries found, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Delivery</th>
            <th scope="col">Recipient</th>
            <th scope="col">Owner</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts and error</th>
            <th scope="col">Provider message id</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="delivery-search-row">
              <th scope="row" className={styles.id}>
                <Link href={deliverySearchHref({ deliveryId: entry.id })}>
                  <code>{entry.id}</code>
                </Link>
                <span className={styles.subline}>
                  {entry.channel} · {entry.category}
                </span>
              </th>
              <td className={styles.address}>
                {entry.channel === "email" ? (
                  <Link href={deliverySearchHref({ recipient: entry.recipient })}>
                    <BreakableText text={entry.recipient} />
                  </Link>
                ) : (
                  <BreakableText text={entry.recipientLabel} />
                )}
              </td>
              <td className={styles.address}>
                <BreakableText text={entry.ownerEmail} />
              </td>
              <td>
                <DeliveryStatusBadge status={entry.status} />
                {entry.reason ? <span className={styles.subline}>{entry.reason}</span> : null}
              </td>
              <td>
                {entry.attempts}
                {entry.lastError ? <span className={`${styles.subline} ${styles.error}`}>{entry.lastError}</span> : null}
              </td>
              <td className={styles.id}>
                {entry.providerMessageId ? (
                  <Link href={deliverySearchHref({ providerMessageId: entry.providerMessageId })}>
                    <code>{entry.providerMessageId}</code>
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className={styles.time}>
                <DateTime value={entry.createdAt} timeZone={timeZone} />
                {entry.sentAt ? (
                  <span className={styles.subline}>
                    Sent <DateTime value={entry.sentAt} timeZone={timeZone} />
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
