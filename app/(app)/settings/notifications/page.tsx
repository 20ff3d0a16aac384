import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/app/require-user";
import { deliveryLogQuerySchema } from "@/lib/notifications/deliveries/list-deliveries";
import { SettingsNav } from "../settings-nav";
import { DeliveryLogSection } from "./delivery-log-section";
import { PreferencesSection } from "./preferences-section";
import { WebhooksSection } from "./webhooks-section";

export const metadata: Metadata = { title: "Notification settings" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NotificationSettingsPage({ searchParams }: Props) {
  const user = await requireUser();
  const params = await searchParams;
  // The schema turns a bad status or cursor into the default, so an edited address never breaks the page.
  const query = deliveryLogQuerySchema.parse({ status: params.status, cursor: params.cursor });
  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="notifications" />
      <p><Link href="/settings/notifications/preview">Preview the emails</Link></p>
      <PreferencesSection userId={user.id} />
      <WebhooksSection userId={user.id} />
      <DeliveryLogSection userId={user.id} query={query} />
    </>
  );
}
