// The Webhooks section as rendered HTML: the add form's labels and event fieldset,
// each endpoint with its events and state, recent attempts in a table — and never
// the signing secret. Real Postgres.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { newUser } from "@/lib/webhooks/__tests__/support/webhook-rows";
import { createWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks/manage-endpoints";
import { recordWebhookAttempt } from "@/lib/webhooks/record-webhook-attempt";
import { WebhooksSection } from "../webhooks-section";

// The server actions pull in Auth.js, which needs Next's runtime; rendering only passes them to forms.
vi.mock("../webhook-actions", () => {
  const action = async () => null;
  return {
    createWebhookEndpointAction: action,
    updateWebhookEndpointAction: action,
    setWebhookEnabledAction: action,
    rotateWebhookSecretAction: action,
    deleteWebhookEndpointAction: action,
    sendTestEventAction: action,
  };
});

async function render(userId: string) {
  const html = renderToStaticMarkup(await WebhooksSection({ userId }));
  return { html, text: html.replace(/<[^>]+>/g, " ").replaceAll("&amp;", "&").replace(/\s+/g, " ") };
}

describe("Webhooks section", () => {
  it("offers an accessible add form and says when there are no endpoints", async () => {
    const { html, text } = await render((await newUser()).id);
    expect(text).toContain("No webhook endpoints yet.");
    expect(html).toMatch(/<label class="label" for="([^"]+)-url">Endpoint URL<\/label><input id="\1-url" type="url"[^>]* required=""[^>]* name="url"/);
    expect(html).toMatch(/<fieldset[^>]*><legend class="label">Events<\/legend>/);
    expect(html).toContain('name="event:batch.succeeded" checked=""');
    expect(html).toContain('name="event:batch.failed" checked=""');
  });

  it("lists endpoints with their events, state and recent attempts, without the secret", async () => {
    const user = await newUser();
    const { endpoint, secret } = await createWebhookEndpoint(user.id, { url: "https://hooks.example.com/tidings", events: ["batch.failed"], description: "CRM" });
    await updateWebhookEndpoint(user.id, endpoint.id, { enabled: false });
    await recordWebhookAttempt({ endpointId: endpoint.id, deliveryId: null, eventType: "webhook.test", webhookId: "test_1", requestBody: "{}", responseStatus: 503, responseBody: "busy", durationMs: 1234 });
    await recordWebhookAttempt({ endpointId: endpoint.id, deliveryId: null, eventType: "batch.failed", webhookId: "d_1", requestBody: "{}", error: "No answer within 10 s.", durationMs: 10_000 });

    const { html, text } = await render(user.id);
    expect(text).toContain("https://hooks.example.com/tidings");
    expect(text).toContain("CRM");
    expect(text).toContain("Off Turned off in settings.");
    expect(text).toContain("Events: Batch failed ( batch.failed )");
    expect(text).toContain("Turn on");
    expect(text).toContain("Send test event");
    expect(text).toContain("Recent attempts (2)");
    expect(html).toMatch(/<caption[^>]*>Recent requests to this endpoint, newest first<\/caption>/);
    expect(text).toMatch(/batch\.failed — 10\.0 s No answer within 10 s\..*webhook\.test 503 1\.2 s busy/);
    expect(html).not.toContain(secret.slice("whsec_".length));
    expect(await db().webhookEndpoint.count({ where: { userId: user.id } })).toBe(1);
  });
});
