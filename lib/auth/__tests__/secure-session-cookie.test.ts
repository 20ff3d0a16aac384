// With an https APP_URL, the session cookie Auth.js sets at the end of a magic-link
// sign-in is a __Host- cookie (Secure, HttpOnly, SameSite=Lax, Path=/, no Domain),
// and the proxy recognises it. Real Auth.js core with our configuration, real
// Postgres, the dev mailbox as transport.
import { Auth, skipCSRFCheck } from "@auth/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { extractLinks, getMailboxMessage, listMailboxMessages } from "../../email/mailbox";
import { env } from "../../env";
import { authConfig } from "../config";
import { MAGIC_LINK_PROVIDER_ID } from "../magic-link";
import { hasSessionCookie } from "../session-cookie";

const APP_URL = "https://tidings.example";

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  // Read by env() on first use, which comes after this in this test file's own process.
  process.env.APP_URL = APP_URL;
});

/** Through Auth.js as app/api/auth/[...nextauth] calls it. */
function auth(request: Request) {
  return Auth(request, { ...authConfig(), basePath: "/api/auth", skipCSRFCheck });
}

async function signInLinkFor(email: string): Promise<URL> {
  await auth(
    new Request(`${APP_URL}/api/auth/signin/${MAGIC_LINK_PROVIDER_ID}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, callbackUrl: "/dashboard" }),
    }),
  );
  const [summary] = await listMailboxMessages({ to: email, limit: 1 });
  const message = summary && (await getMailboxMessage(summary.id));
  const link = message && extractLinks(message.html).find((candidate) => candidate.href.includes("/sign-in/confirm"));
  if (!link) throw new Error("no sign-in link was sent");
  return new URL(link.href);
}

describe("the session cookie over https", () => {
  it("is a __Host- cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    expect(env().APP_URL).toBe(APP_URL);
    const confirm = await signInLinkFor("ada@example.com");
    // What the confirmation page's button submits.
    const callback = new URL(`/api/auth/callback/${MAGIC_LINK_PROVIDER_ID}`, APP_URL);
    for (const name of ["token", "email", "callbackUrl"]) callback.searchParams.set(name, confirm.searchParams.get(name) ?? "");
    const response = await auth(new Request(callback));

    expect(response.status).toBe(302);
    const sessionCookie = response.headers.getSetCookie().find((cookie) => cookie.includes("session-token="));
    expect(sessionCookie).toMatch(/^__Host-authjs\.session-token=[^;]+;/);
    const attributes = sessionCookie?.split(/;\s*/).slice(1).map((attribute) => attribute.toLowerCase()) ?? [];
    expect(attributes).toEqual(expect.arrayContaining(["path=/", "httponly", "secure", "samesite=lax"]));
    expect(attributes.some((attribute) => attribute.startsWith("domain="))).toBe(false);
    expect(hasSessionCookie([sessionCookie?.split("=")[0] ?? ""])).toBe(true);
  });
});
