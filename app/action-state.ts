// Server actions go through these wrappers: they parse input with zod, add the
// session where one is required, and turn expected failures into state a form
// can show. Redirects and notFound() pass through untouched.
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { sessionUser, type User } from "@/app/session-user";
import { expectedError } from "@/lib/errors";
import { log } from "@/lib/log";

/** `Data` is for what a form must show once and cannot fetch again, e.g. a new API token. */
export type ActionState<Data = never> =
  | { ok: true; message?: string; data?: Data }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } }
  | null;

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    fields[key] ??= issue.message;
  }
  return fields;
}

async function run<Data>(perform: () => Promise<ActionState<Data> | void>): Promise<ActionState<Data>> {
  try {
    return (await perform()) ?? { ok: true };
  } catch (error) {
    unstable_rethrow(error);
    // An AppError, or the database being away (service_unavailable: "try again shortly").
    const expected = expectedError(error);
    if (expected) {
      if (expected !== error) log.warn({ event: "action.database_unavailable" }, "database unavailable");
      return { ok: false, error: { code: expected.code, message: expected.message } };
    }
    log.error({ event: "action.unexpected_error", err: error }, "server action failed");
    return { ok: false, error: { code: "internal_error", message: "Something went wrong on our side. Please try again." } };
  }
}

/** Parses a form with `schema`, or says what to fix (the first problem, and one per field). */
function parseForm<Schema extends z.ZodType>(
  schema: Schema,
  formData: FormData,
): { ok: true; data: z.output<Schema> } | { ok: false; state: ActionState } {
  const input = schema.safeParse(Object.fromEntries(formData));
  if (input.success) return { ok: true, data: input.data };
  const fields = fieldErrors(input.error);
  return { ok: false, state: { ok: false, error: { code: "validation_failed", message: Object.values(fields)[0] ?? "Check the form.", fields } } };
}

/** An action anyone may call (sign-in). */
export function publicAction<Schema extends z.ZodType>(
  schema: Schema,
  perform: (input: z.output<Schema>) => Promise<ActionState | void>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const input = parseForm(schema, formData);
    return input.ok ? run(() => perform(input.data)) : input.state;
  };
}

/** An action for a signed-in person; `user` comes from the session, never the form. */
export function userAction<Schema extends z.ZodType, Data = never>(
  schema: Schema,
  perform: (input: z.output<Schema>, user: User) => Promise<ActionState<Data> | void>,
) {
  return async (_previous: ActionState<Data>, formData: FormData): Promise<ActionState<Data>> =>
    run(async () => {
      const user = await sessionUser();
      if (!user) return { ok: false, error: { code: "unauthorized", message: "Your session has ended. Please sign in again." } };
      const input = parseForm(schema, formData);
      return input.ok ? perform(input.data, user) : input.state;
    });
}
