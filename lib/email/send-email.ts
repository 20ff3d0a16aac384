// The one way Tidings sends email: render HTML + text, hand the message to the
// transport lib/env chose, log the outcome. Nothing else calls a provider.
import type { ReactElement } from "react";
import { z } from "zod";
import { env, type EmailTransportKind } from "../env";
import { log, maskEmail, maskEmailsIn } from "../log";
import { EmailSendError, isEmailSendError } from "./email-send-error";
import { renderEmail } from "./render-email";
import { emailTransport, type EmailTransport } from "./transports";

// CR/LF in a subject or header would let a value smuggle in extra headers.
const singleLine = z.string().regex(/^[^\r\n]*$/, "must not contain line breaks");

const sendEmailOptionsSchema = z.object({
  to: z
    .union([z.string(), z.array(z.string())])
    .transform((to) => (Array.isArray(to) ? to : [to]))
    .pipe(z.array(singleLine.min(3)).min(1, "needs at least one recipient")),
  subject: singleLine.min(1),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, "must be a header name"), singleLine).default({}),
  tags: z.array(z.object({ name: z.string().min(1), value: z.string() })).default([]),
  idempotencyKey: z.string().min(1).max(256).optional(),
});

export type SendEmailOptions = z.input<typeof sendEmailOptionsSchema> & {
  /** The React Email element to render, e.g. <MagicLinkEmail url=… />. */
  react: ReactElement;
};

export type SendEmailResult = { transport: EmailTransportKind; providerMessageId: string };

/**
 * Renders and sends one email. A failure to render or deliver throws EmailSendError,
 * whose `retryable` and `retryAfterSeconds` tell callers whether and when to try
 * again; options that break the rules (a line break in a header) throw a ZodError,
 * since that is a bug in the caller and no retry can help.
 */
export async function sendEmail(
  options: SendEmailOptions,
  transport: EmailTransport = emailTransport(),
): Promise<SendEmailResult> {
  const { react, ...fields } = options;
  const message = sendEmailOptionsSchema.parse(fields);
  const context = {
    transport: transport.kind,
    to: message.to.map(maskEmail),
    idempotencyKey: message.idempotencyKey,
  };
  const startedAt = performance.now();

  let rendered: { html: string; text: string };
  try {
    rendered = await renderEmail(react);
  } catch (error) {
    // A template that throws will throw again: not worth retrying.
    throw logFailure(context, wrapError(error, transport.kind, { code: "render_failed", retryable: false }));
  }

  try {
    const { providerMessageId } = await transport.send({ ...message, ...rendered, from: env().EMAIL_FROM });
    log.info(
      { event: "email.sent", ...context, providerMessageId, durationMs: Math.round(performance.now() - startedAt) },
      "email sent",
    );
    return { transport: transport.kind, providerMessageId };
  } catch (error) {
    const failure = isEmailSendError(error)
      ? error
      : wrapError(error, transport.kind, { code: "unexpected", retryable: true });
    throw logFailure(context, failure);
  }
}

/**
 * Renders and sends several emails in one provider call (all or none) under one
 * Idempotency-Key for the call. The transport must have `sendBatch`; errors as for
 * sendEmail. Answers the provider ids in the messages' order.
 */
export async function sendEmailBatch(
  options: readonly SendEmailOptions[],
  idempotencyKey: string,
  transport: EmailTransport = emailTransport(),
): Promise<{ transport: EmailTransportKind; providerMessageIds: string[] }> {
  if (!transport.sendBatch) throw new Error(`the ${transport.kind} transport cannot send batches`);
  const messages = options.map(({ react: _react, ...fields }) => sendEmailOptionsSchema.parse(fields));
  const context = { transport: transport.kind, to: messages.flatMap((message) => message.to.map(maskEmail)), idempotencyKey };
  const startedAt = performance.now();

  let rendered: { html: string; text: string }[];
  try {
    rendered = await Promise.all(options.map((option) => renderEmail(option.react)));
  } catch (error) {
    throw logFailure(context, wrapError(error, transport.kind, { code: "render_failed", retryable: false }));
  }

  const { EMAIL_FROM } = env();
  try {
    const { providerMessageIds } = await transport.sendBatch(
      messages.map((message, index) => ({ ...message, ...rendered[index]!, from: EMAIL_FROM })),
      idempotencyKey,
    );
    log.info(
      { event: "email.batch_sent", transport: transport.kind, emails: messages.length, idempotencyKey, durationMs: Math.round(performance.now() - startedAt) },
      "emails sent in one call",
    );
    return { transport: transport.kind, providerMessageIds };
  } catch (error) {
    const failure = isEmailSendError(error) ? error : wrapError(error, transport.kind, { code: "unexpected", retryable: true });
    throw logFailure(context, failure);
  }
}

type LogContext = { transport: EmailTransportKind; to: string[]; idempotencyKey: string | undefined };

function logFailure(context: LogContext, failure: EmailSendError): EmailSendError {
  log.error(
    {
      event: "email.failed",
      ...context,
      statusCode: failure.statusCode,
      code: failure.code,
      retryable: failure.retryable,
      retryAfterSeconds: failure.retryAfterSeconds,
      // Providers sometimes quote the recipient back in their message.
      reason: maskEmailsIn(failure.message),
    },
    "email failed",
  );
  return failure;
}

/** Anything a transport did not classify (a render bug, a database outage) still gets one shape. */
function wrapError(
  error: unknown,
  transport: EmailTransportKind,
  details: { code: string; retryable: boolean },
): EmailSendError {
  const message = error instanceof Error ? error.message : String(error);
  return new EmailSendError(`Sending the email failed: ${message}`, { transport, statusCode: null, ...details }, { cause: error });
}
