// GET /settings/notifications/preview/html?template= — one preview email's HTML, for the preview page's frame.
import { z } from "zod";
import { withUser } from "@/app/api/route-auth";
import { AppError } from "@/lib/errors";
import { htmlForPreview } from "@/lib/email/mailbox";
import { env } from "@/lib/env";
import { emailFrameResponse } from "@/lib/http/email-frame-response";
import { emailTemplateSchema, previewEmails } from "@/lib/notifications/compose/preview-emails";

export const dynamic = "force-dynamic";

// The same fallback as the page, so the frame always shows the email the page names.
const querySchema = z.object({ template: emailTemplateSchema.catch("batch-completed") });

export const GET = withUser(async (request, user) => {
  const { template } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const previews = await previewEmails(user.id, env().APP_URL);
  const chosen = previews.find((preview) => preview.template === template);
  // The admin alert, asked for by someone who is not an admin: as if it did not exist.
  if (!chosen) throw new AppError("not_found", "No such email preview.");
  return emailFrameResponse(htmlForPreview(chosen.html));
});
