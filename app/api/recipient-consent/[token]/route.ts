// POST /api/recipient-consent/<token> — answer a consent request: the page's buttons, or a mail client's one-click refusal (RFC 8058)
// GET  /api/recipient-consent/<token> — someone opened the List-Unsubscribe address: the page, which changes nothing
import { withErrorResponses } from "@/lib/http/error-response";
import { env } from "@/lib/env";
import { handleConsentPost } from "@/lib/recipient-consent/handle-consent-post";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

export const POST = withErrorResponses(async (request: Request, { params }: Context) => handleConsentPost(request, (await params).token));

export const GET = withErrorResponses(async (_request: Request, { params }: Context) => {
  const page = new URL(`/r/${encodeURIComponent((await params).token)}`, env().APP_URL);
  return new Response(null, { status: 303, headers: { location: page.toString() } });
});
