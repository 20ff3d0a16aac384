import { describe, expect, it } from "vitest";
import { env } from "../../env";
import { confirmationUrlFor } from "../magic-link";

describe("confirmationUrlFor", () => {
  it("sends the emailed link to the confirmation page, keeping token, address and a same-site destination", () => {
    const authUrl = `http://internal:3000/api/auth/callback/email?${new URLSearchParams({
      callbackUrl: "http://internal:3000/settings?tab=account",
      token: "abc123",
      email: "alex@example.com",
    })}`;
    const url = new URL(confirmationUrlFor(authUrl));
    expect(`${url.origin}${url.pathname}`).toBe(`${env().APP_URL}/sign-in/confirm`);
    expect(url.searchParams.get("token")).toBe("abc123");
    expect(url.searchParams.get("email")).toBe("alex@example.com");
    expect(url.searchParams.get("callbackUrl")).toBe("/settings?tab=account");
  });
});
