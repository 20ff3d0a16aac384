"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/app/action-state";
import { categoryLabels } from "@/lib/notifications/preferences/category-labels";
import { editEndpointFormSchema, endpointFormSchema } from "@/lib/webhooks/endpoint-form";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
  type TestEventResult,
} from "@/lib/webhooks/manage-endpoints";

const PAGE = "/settings/notifications";
const endpointId = z.string().min(1).max(64);

// The secret travels back in this one response and is never readable again.
export const createWebhookEndpointAction = userAction(endpointFormSchema, async (input, user) => {
  const { endpoint, secret, webhookChannelOn } = await createWebhookEndpoint(user.id, input);
  revalidatePath(PAGE);
  const turnedOn = webhookChannelOn.map((category) => categoryLabels[category]).join(" and ");
  const message = turnedOn ? `Webhook endpoint added. Webhooks for ${turnedOn} are now on in your preferences.` : "Webhook endpoint added.";
  return { ok: true, message, data: { secret, url: endpoint.url } };
});

export const updateWebhookEndpointAction = userAction(editEndpointFormSchema, async ({ endpointId, ...input }, user) => {
  await updateWebhookEndpoint(user.id, endpointId, input);
  revalidatePath(PAGE);
  return { ok: true, message: "Changes saved." };
});

export const setWebhookEnabledAction = userAction(
  z.object({ endpointId, enabled: z.enum(["true", "false"]).transform((value) => value === "true") }),
  async ({ endpointId, enabled }, user) => {
    await updateWebhookEndpoint(user.id, endpointId, { enabled });
    revalidatePath(PAGE);
    return { ok: true, message: enabled ? "Webhook endpoint turned on." : "Webhook endpoint turned off." };
  },
);

export const rotateWebhookSecretAction = userAction(z.object({ endpointId }), async ({ endpointId }, user) => {
  const { secret } = await rotateWebhookSecret(user.id, endpointId);
  return { ok: true, message: "New secret created.", data: { secret } };
});

export const deleteWebhookEndpointAction = userAction(z.object({ endpointId }), async ({ endpointId }, user) => {
  await deleteWebhookEndpoint(user.id, endpointId);
  revalidatePath(PAGE);
  return { ok: true, message: "Webhook endpoint deleted." };
});

export const sendTestEventAction = userAction(z.object({ endpointId }), async ({ endpointId }, user) => {
  const result: TestEventResult = await sendTestEvent(user.id, endpointId);
  // The new attempt shows in the endpoint's recent attempts.
  revalidatePath(PAGE);
  return { ok: true, data: result };
});
