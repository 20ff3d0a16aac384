// Addresses within the admin page: a delivery search, keeping the section in view.
const ADMIN_PATH = "/admin";

export type DeliverySearchParams = { recipient?: string; status?: string; deliveryId?: string; providerMessageId?: string; cursor?: string };

export function deliverySearchHref(params: DeliverySearchParams): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return `${ADMIN_PATH}${search.size > 0 ? `?${search}` : ""}#deliveries`;
}
