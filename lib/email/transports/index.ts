// Picks the one transport this process sends through, from lib/env's EMAIL_TRANSPORT.
import { env, type Env } from "../../env";
import { createRequestPacer } from "../request-pacer";
import { createMailboxTransport } from "./mailbox";
import { createResendTransport } from "./resend";
import { createSmtpTransport } from "./smtp";
import type { EmailTransport } from "./types";

export { createMailboxTransport } from "./mailbox";
export { createResendTransport, type ResendTransportSettings } from "./resend";
export { createSmtpTransport } from "./smtp";
export type { EmailTag, EmailTransport, OutgoingEmail } from "./types";

export type TransportSettings = Pick<Env, "EMAIL_TRANSPORT" | "RESEND_API_KEY" | "RESEND_BASE_URL" | "SMTP_URL"> &
  Partial<Pick<Env, "RESEND_REQUESTS_PER_SECOND">>;

/** Builds the transport for explicit settings; tests use it to stay independent of the process env. */
export function createEmailTransport(settings: TransportSettings): EmailTransport {
  switch (settings.EMAIL_TRANSPORT) {
    case "resend":
      if (!settings.RESEND_API_KEY) throw new Error("EMAIL_TRANSPORT is resend but RESEND_API_KEY is not set");
      return createResendTransport({
        apiKey: settings.RESEND_API_KEY,
        baseUrl: settings.RESEND_BASE_URL,
        // Shared through Postgres by every process that sends: the limit is per Resend team.
        pace: settings.RESEND_REQUESTS_PER_SECOND ? createRequestPacer({ key: "resend:requests", perSecond: settings.RESEND_REQUESTS_PER_SECOND }) : undefined,
      });
    case "smtp":
      if (!settings.SMTP_URL) throw new Error("EMAIL_TRANSPORT is smtp but SMTP_URL is not set");
      return createSmtpTransport(settings.SMTP_URL);
    case "mailbox":
      return createMailboxTransport();
  }
}

let cached: EmailTransport | undefined;

/** The process-wide transport, created on first use so SMTP connections are reused. */
export function emailTransport(): EmailTransport {
  cached ??= createEmailTransport(env());
  return cached;
}
