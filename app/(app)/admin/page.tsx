import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/app/require-user";
import { isAdmin } from "@/lib/admin/is-admin";
import { deliverySearchSchema } from "@/lib/admin/search-deliveries";
import { loadPreferences } from "@/lib/notifications/preferences/preference-store";
import { DeadLettersSection } from "./dead-letters-section";
import { DeliverySearchSection } from "./delivery-search-section";
import { QueuesSection } from "./queues-section";

export const metadata: Metadata = { title: "Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// /admin — queues, the dead-letter queue with replay, delivery search. For ADMIN_EMAILS
// only; everyone else gets the same 404 as for a page that does not exist.
export default async function AdminPage({ searchParams }: Props) {
  const user = await requireUser();
  if (!isAdmin(user.email)) notFound();
  const params = await searchParams;
  // Lenient: a bad status or cursor in an edited address means the default, not an error.
  const search = deliverySearchSchema.parse({
    recipient: first(params.recipient),
    status: first(params.status),
    deliveryId: first(params.deliveryId),
    providerMessageId: first(params.providerMessageId),
    cursor: first(params.cursor),
  });
  const caller = { email: user.email };
  const { timeZone } = await loadPreferences(user.id);
  return (
    <>
      <h1>Admin</h1>
      <QueuesSection caller={caller} />
      <DeadLettersSection caller={caller} timeZone={timeZone} />
      <DeliverySearchSection caller={caller} search={search} timeZone={timeZone} />
    </>
  );
}
