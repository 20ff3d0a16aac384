// Without RESEND_WEBHOOK_SECRET nothing can be verified, so the endpoint is not there.
delete process.env.RESEND_WEBHOOK_SECRET;

import { describe, expect, it } from "vitest";
import { newSvixSecret } from "@/lib/webhooks/__tests__/support/sign-svix";
import { POST } from "../resend/route";
import { resendEvent, resendRequest } from "./support/resend-webhook-fixtures";

describe("POST /api/webhooks/resend without a signing secret", () => {
  it("answers 404, whatever the request carries", async () => {
    const response = await POST(resendRequest(resendEvent("email.delivered", "any", ["a@example.com"]), { secret: newSvixSecret() }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
