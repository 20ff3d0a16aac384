// GET /dev/mailbox/:id/html — one stored email's HTML, for the message page's preview frame.
import { getMailboxMessage, htmlForPreview } from "@/lib/email/mailbox";
import { env } from "@/lib/env";
import { emailFrameResponse } from "@/lib/http/email-frame-response";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const message = env().EMAIL_TRANSPORT === "mailbox" ? await getMailboxMessage((await params).id) : null;
  if (!message) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return emailFrameResponse(htmlForPreview(message.html));
}
