// The security headers for the few answers proxy.ts never sees: multipart uploads
// skip the proxy (see its matcher), because Next.js copies the whole body of every
// request a proxy runs for into memory and cuts it off at 10 MB
// (experimental.proxyClientMaxBodySize), which an upload of up to
// UPLOAD_MAX_BATCH_BYTES, streamed to storage, must not go through.
import { env } from "../env";
import { newNonce, securityHeaders } from "./security-headers";

export function withSecurityHeaders<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args) => {
    const response = await handler(...args);
    const headers = securityHeaders({ nonce: newNonce(), https: env().APP_URL.startsWith("https:"), development: false, frame: "deny" });
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };
}
