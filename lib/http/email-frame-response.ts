// An email's HTML as its own document, for the preview frames of the dev mailbox
// and the settings. Not srcdoc: a srcdoc frame inherits the page's
// Content-Security-Policy, which rightly refuses the inline styles every email is
// made of. proxy.ts gives this address the email frame policy instead: styles and
// images yes, scripts and forms no, framed by our own pages only.
export function emailFrameResponse(html: string): Response {
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store" } });
}
