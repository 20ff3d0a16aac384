// The SMTP stage's settings from the environment: undefined when SMTP_CHECK is off.
import type { Env } from "../../env";
import type { MailboxCheckSettings } from "./check-mailboxes";
import type { SocksProxy } from "./smtp-session";

type SmtpCheckEnv = Pick<
  Env,
  | "SMTP_CHECK"
  | "SMTP_CHECK_HELO_NAME"
  | "SMTP_CHECK_MAIL_FROM"
  | "SMTP_CHECK_PORT"
  | "SMTP_CHECK_SOCKS_PROXY"
  | "SMTP_CHECK_STARTTLS"
  | "SMTP_CHECK_TIMEOUT_MS"
  | "SMTP_CHECK_CONCURRENCY"
  | "SMTP_CHECK_DOMAIN_CONCURRENCY"
  | "SMTP_CHECK_DOMAIN_INTERVAL_MS"
  | "SMTP_CHECK_RETRY_DELAY_SECONDS"
  | "SMTP_CHECK_BUDGET_SECONDS"
  | "DNS_SERVERS"
  | "APP_URL"
  | "EMAIL_FROM"
>;

/** `batchStartedAt`: the time budget is for the whole batch, all its files together. */
export function mailboxCheckSettings(settings: SmtpCheckEnv, batchStartedAt: Date): MailboxCheckSettings | undefined {
  if (!settings.SMTP_CHECK) return undefined;
  return {
    heloName: settings.SMTP_CHECK_HELO_NAME ?? new URL(settings.APP_URL).hostname,
    mailFrom: settings.SMTP_CHECK_MAIL_FROM ?? addressOf(settings.EMAIL_FROM),
    port: settings.SMTP_CHECK_PORT,
    proxy: settings.SMTP_CHECK_SOCKS_PROXY === undefined ? null : parseSocksProxy(settings.SMTP_CHECK_SOCKS_PROXY),
    startTls: settings.SMTP_CHECK_STARTTLS,
    timeoutMs: settings.SMTP_CHECK_TIMEOUT_MS,
    concurrency: settings.SMTP_CHECK_CONCURRENCY,
    domainConcurrency: settings.SMTP_CHECK_DOMAIN_CONCURRENCY,
    domainIntervalMs: settings.SMTP_CHECK_DOMAIN_INTERVAL_MS,
    retryDelayMs: settings.SMTP_CHECK_RETRY_DELAY_SECONDS * 1000,
    deadline: batchStartedAt.getTime() + settings.SMTP_CHECK_BUDGET_SECONDS * 1000,
    dnsServers: settings.DNS_SERVERS,
  };
}

/** socks5://[user:password@]host[:port], port 1080 when absent. */
export function parseSocksProxy(url: string): SocksProxy {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port === "" ? 1080 : Number(parsed.port),
    ...(parsed.username === "" ? {} : { userId: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }),
  };
}

// "Tidings <no-reply@tidings.example>" → no-reply@tidings.example
function addressOf(from: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(from);
  return (angle?.[1] ?? from).trim();
}
