// The buttons of the unsubscribe page, and what the page says after each.
import { z } from "zod";

export const unsubscribePageIntentSchema = z.enum(["unsubscribe", "unsubscribe_all", "resubscribe", "resubscribe_all"]);
export type UnsubscribePageIntent = z.infer<typeof unsubscribePageIntentSchema>;

export const unsubscribePageDoneSchema = z.enum([
  "unsubscribed",
  "unsubscribed_all",
  "resubscribed",
  "resubscribed_all",
  "still_suppressed_bounced",
  "still_suppressed_complained",
]);
export type UnsubscribePageDone = z.infer<typeof unsubscribePageDoneSchema>;
