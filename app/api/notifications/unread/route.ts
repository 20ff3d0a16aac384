// GET /api/notifications/unread — the signed-in person's unread in-app count, for the header bell.
import { countUnreadNotifications } from "@/lib/notifications/deliveries/in-app-notifications";
import { withUser } from "../../route-auth";

export const dynamic = "force-dynamic";

export const GET = withUser(async (_request, user) =>
  Response.json({ unread: await countUnreadNotifications(user.id) }, { headers: { "cache-control": "no-store" } }),
);
