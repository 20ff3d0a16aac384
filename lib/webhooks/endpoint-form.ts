// The add/edit endpoint form as it arrives in a server action: URL, description and
// one checkbox per event type (webhook-events.ts eventFieldName), parsed into what
// createWebhookEndpoint and updateWebhookEndpoint take.
import { z } from "zod";
import { webhookEndpointUrlSchema } from "./endpoint-url";
import { webhookDescriptionSchema, webhookEventsSchema } from "./manage-endpoints";
import { eventFieldName, WEBHOOK_EVENT_TYPES } from "./webhook-events";

export const endpointFormSchema = z
  .looseObject({ url: webhookEndpointUrlSchema, description: webhookDescriptionSchema.optional().default(null) })
  .transform((form) => ({
    url: form.url,
    description: form.description,
    events: WEBHOOK_EVENT_TYPES.filter((type) => form[eventFieldName(type)] === "on"),
  }))
  .pipe(z.object({ url: z.string(), description: z.string().nullable(), events: webhookEventsSchema }));

/** The edit form: the same fields, plus which endpoint. */
export const editEndpointFormSchema = z.intersection(z.object({ endpointId: z.string().min(1).max(64) }), endpointFormSchema);
