// The answer to a tampered, truncated or foreign unsubscribe link: a 400 with a small
// page that says so. Self-contained HTML, because a Next.js page cannot answer with a
// 400 status; proxy.ts sends it before any page renders.
function page(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>Unsubscribe link not valid · Tidings</title>
<style nonce="${nonce}">
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 2rem 1rem; box-sizing: border-box;
    font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f7f9; }
  main { max-width: 26rem; background: #fff; border: 1px solid #d0d7de; border-radius: 12px; padding: 1.5rem; }
  h1 { font-size: 1.35rem; margin: 0 0 0.75rem; }
  p { line-height: 1.5; margin: 0.5rem 0; }
  .muted { color: #57606a; }
</style>
</head>
<body>
<main>
  <h1>This unsubscribe link is not valid</h1>
  <p>It may have been cut short or changed on the way. Open the link straight from the email, or copy all of it.</p>
  <p class="muted">Nothing was changed.</p>
</main>
</body>
</html>
`;
}

/** `nonce`: the one of this response's Content-Security-Policy, for the page's inline style. */
export function invalidUnsubscribeLinkResponse(nonce: string): Response {
  return new Response(page(nonce), { status: 400, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
