// POST /u/<token>/manage — an extra recipient's choices per category, and its "unsubscribe from all"
// and "subscribe again" buttons (proxy.ts rewrites it here).
// No session, cookie or CSRF token: the signed token is the authority, for its own address and owner only.
import { handleManagePost } from "@/lib/unsubscribe/handle-manage-post";
import { withErrorResponses } from "@/lib/http/error-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

export const POST = withErrorResponses(async (request: Request, { params }: Context) => {
  const { token } = await params;
  return handleManagePost(request, token);
});
