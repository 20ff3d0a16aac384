// The notification contract a batch carries from its upload (the API's `options`
// part, or the dashboard form). Shape and address format are validated here;
// the notification engine decides what to do with it.
import { z } from "zod";

/** For Excel workbooks: the sheet to read, by name (any case) or 1-based position. Default: the first visible sheet. */
export const sheetChoiceSchema = z
  .union([
    z.string().trim().min(1, "sheet must not be empty").max(31, "sheet names have at most 31 characters"),
    z.number().int().min(1, "sheet numbers start at 1").max(10_000),
  ])
  .describe("For an Excel workbook (.xlsx): the sheet to read, by name (any case) or by 1-based number. Default: the first visible sheet.");

export const notificationOutcomeSchema = z.enum(["SUCCESS", "FAILURE"]);

export const batchOptionsSchema = z
  .object({
    context: z
      .object({
        user_id: z.string().trim().min(1).max(200).optional(),
        email: z.email("context.email must be an email address").max(254).optional(),
      })
      .strict()
      .default({}),
    notifications: z
      .object({
        email: z
          .object({
            enabled: z.boolean().default(true),
            // "partial" counts as FAILURE.
            on: z.array(notificationOutcomeSchema).max(2).default(["SUCCESS", "FAILURE"]),
          })
          .strict()
          .default({ enabled: true, on: ["SUCCESS", "FAILURE"] }),
      })
      .strict()
      .default({ email: { enabled: true, on: ["SUCCESS", "FAILURE"] } }),
    // Name of the column holding addresses, when it is not found by its header.
    email_column: z.string().trim().min(1).max(200).optional(),
    // The cleaned list's default: valid rows only, or risky ones too. Every download can
    // still ask for the other (`?risky=include|exclude`) without uploading again.
    keep_risky: z
      .boolean()
      .default(false)
      .describe("Put risky rows (role, disposable, possible typo) in the cleaned list too. Default false: valid rows only. A download can ask for the other with `risky`."),
    sheet: sheetChoiceSchema.optional(),
    // Where `notifications.email` came from; always set by the server at upload.
    notifications_source: z
      .enum(["default", "upload"])
      .default("default")
      .describe("Set by the server: `upload` when this upload chose `notifications.email`, `default` when the uploader's preference applied. Ignored on input."),
  })
  .strict();

export type BatchOptions = z.output<typeof batchOptionsSchema>;
export type BatchOptionsInput = z.input<typeof batchOptionsSchema>;
export type EmailContract = BatchOptions["notifications"]["email"];
export type NotificationsSource = BatchOptions["notifications_source"];

/** The batch's keep-risky choice; false for batches stored before it existed. */
export function keepRiskyOf(options: unknown): boolean {
  return typeof options === "object" && options !== null && "keep_risky" in options && options.keep_risky === true;
}

/** A stored batch's sheet choice; options were checked at upload, and a batch stored before `sheet` existed has none. */
export function sheetChoiceOf(options: unknown): string | number | undefined {
  const sheet = sheetChoiceSchema.safeParse((options as { sheet?: unknown } | null)?.sheet);
  return sheet.success ? sheet.data : undefined;
}
