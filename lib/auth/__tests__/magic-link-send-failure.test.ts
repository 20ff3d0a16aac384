// A sign-in whose email cannot be sent, through the real Auth.js core with our
// configuration (as next-auth's server-side signIn calls it) and the real Resend SDK
// pointed at a local Resend-compatible server that fails on demand. The sign-in form
// relies on Auth.js answering such a failure with its error page; if an Auth.js
// upgrade changed that, people would be told "check your email" for nothing.
import { Auth, raw, skipCSRFCheck } from "@auth/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeResendServer, type FakeResendServer } from "../../../e2e/support/fake-resend-server";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { env } from "../../env";
import { authConfig } from "../config";
import { MAGIC_LINK_PROVIDER_ID, magicLinkSendFailed } from "../magic-link";

let server: FakeResendServer;

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  server = await startFakeResendServer();
  // Read by env() on first use, which comes after this in this test file's own process.
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.RESEND_BASE_URL = server.url;
});
beforeEach(() => server.reset());
afterAll(async () => server.stop());

/** What next-auth's signIn(provider, { redirect: false }) returns: where Auth.js sends the person next. */
async function requestMagicLink(email: string): Promise<string> {
  const request = new Request(`${env().APP_URL}/api/auth/signin/${MAGIC_LINK_PROVIDER_ID}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, callbackUrl: "/dashboard" }),
  });
  // next-auth adds the base path of its route handler (app/api/auth/[...nextauth]) before calling the core.
  const result: unknown = await Auth(request, { ...authConfig(), basePath: "/api/auth", raw, skipCSRFCheck });
  // As next-auth reads it: a plain Response on the error path, the raw result otherwise.
  const redirect = result instanceof Response ? result.headers.get("location") : (result as { redirect?: string }).redirect;
  if (!redirect) throw new Error("Auth.js answered without a redirect");
  return redirect;
}

describe("a magic link that cannot be sent", () => {
  it("is reported by Auth.js as its error page, which the sign-in form tells apart from a sent link", async () => {
    expect(env().EMAIL_TRANSPORT).toBe("resend");
    const sent = await requestMagicLink("ada@example.com");
    expect(server.emails()).toHaveLength(1);
    expect(magicLinkSendFailed(sent)).toBe(false);

    server.failNext(1, { status: 500, message: "provider is down" });
    const failed = await requestMagicLink("grace@example.com");
    expect(server.emails()).toHaveLength(1);
    expect(magicLinkSendFailed(failed)).toBe(true);
    // Our error page, which explains what to do.
    expect(new URL(failed).pathname).toBe("/sign-in/error");
  });

  it("is reported the same way when the provider refuses the message", async () => {
    server.failNext(1, { status: 422, name: "validation_error", message: "The to address is invalid" });
    expect(magicLinkSendFailed(await requestMagicLink("linus@example.com"))).toBe(true);
  });
});
