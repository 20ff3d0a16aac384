// POST /u/<token> lands here (proxy.ts rewrites it: /u/<token> itself is the page).
// No session, cookie or CSRF token: the signed token is the authority (RFC 8058).
import { handleUnsubscribePost } from "@/lib/unsubscribe/handle-unsubscribe-post";
import { withErrorResponses } from "@/lib/http/error-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

export const POST = withErrorResponses(async (request: Request, { params }: Context) => {
  const { token } = await params;
  return handleUnsubscribePost(request, token);
});
