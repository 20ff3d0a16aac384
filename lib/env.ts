// Every setting Tidings reads, validated once for the web app, the worker and the
// scripts alike. Nothing else in the code base reads process.env.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// `.env` files and shells often leave a variable set to "": treat that as unset.
const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());
const optionalUrl = z.preprocess((value) => (value === "" ? undefined : value), z.url().optional());

function withDefault<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return z.preprocess((value) => (value === "" || value === undefined ? fallback : value), schema);
}

const positiveInt = z.coerce.number().int().positive();
const logLevelSchema = withDefault(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), "info");

export const envSchema = z
  .object({
    APP_ENV: withDefault(z.enum(["development", "test", "production"]), "development"),
    PORT: withDefault(z.coerce.number().int().min(1).max(65535), 3000),
    HOST: optionalString,
    APP_URL: optionalUrl,
    DATABASE_URL: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
        .optional(),
    ),
    DATA_DIR: withDefault(z.string(), ".data"),
    AUTH_SECRET: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    ),
    // Comma-separated older secrets, still accepted for unsubscribe links while a rotation settles.
    AUTH_SECRET_PREVIOUS: z.preprocess(
      (value) => (typeof value === "string" && value.trim() !== "" ? value.split(",").map((secret) => secret.trim()) : undefined),
      z.array(z.string().min(32, "each secret must be at least 32 characters")).optional(),
    ),
    EMAIL_FROM: withDefault(z.string().min(3), "Tidings <no-reply@tidings.localhost>"),
    // Operators, comma-separated: they get an alert when a job fails for good and may open /admin. None by default.
    ADMIN_EMAILS: z.preprocess(
      (value) => (typeof value === "string" ? value.split(",").map((email) => email.trim().toLowerCase()).filter(Boolean) : []),
      z.array(z.email("each entry must be an email address")).transform((emails) => [...new Set(emails)]),
    ),
    RESEND_API_KEY: optionalString,
    RESEND_BASE_URL: optionalUrl,
    // Resend allows 2 requests a second per team by default; 0 turns the pacing off.
    RESEND_REQUESTS_PER_SECOND: withDefault(z.coerce.number().int().min(0).max(10_000), 2),
    // Signing secret of the Resend webhook (POST /api/webhooks/resend); unset, that endpoint answers 404.
    RESEND_WEBHOOK_SECRET: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be Resend's signing secret: whsec_ followed by base64")
        .optional(),
    ),
    SMTP_URL: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
        .optional(),
    ),
    LOG_LEVEL: logLevelSchema,
    TRUSTED_PROXY_HOPS: withDefault(z.coerce.number().int().min(0).max(10), 0),
    SIGN_IN_LIMIT_PER_EMAIL: withDefault(positiveInt, 5),
    SIGN_IN_LIMIT_PER_IP: withDefault(positiveInt, 20),
    SIGN_IN_LIMIT_WINDOW_MINUTES: withDefault(positiveInt, 15),
    WORKER_SHUTDOWN_TIMEOUT_SECONDS: withDefault(positiveInt, 25),
    // Upload limits, enforced while the bytes stream in (lib/uploads/parse-upload.ts).
    UPLOAD_MAX_FILE_BYTES: withDefault(positiveInt, 50 * 1024 * 1024),
    UPLOAD_MAX_FILES: withDefault(positiveInt, 20),
    UPLOAD_MAX_BATCH_BYTES: withDefault(positiveInt, 200 * 1024 * 1024),
    // Where uploaded files and results are kept: a local folder, or an S3-compatible bucket
    // (needed when web servers and workers run on different machines).
    STORAGE_DRIVER: withDefault(z.enum(["local", "s3"]), "local"),
    // The local folder; default $DATA_DIR/uploads.
    STORAGE_DIR: optionalString,
    // S3 bucket names: 3–63 lowercase letters, digits, dots and hyphens.
    S3_BUCKET: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name: 3–63 lowercase letters, digits, dots and hyphens")
        .optional(),
    ),
    S3_REGION: withDefault(z.string().min(1), "us-east-1"),
    // Another S3-compatible service (Ceph radosgw, MinIO, R2, …); AWS itself when unset.
    S3_ENDPOINT: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }).optional(),
    ),
    // Address buckets as https://host/bucket rather than https://bucket.host: most self-hosted services need it.
    S3_FORCE_PATH_STYLE: withDefault(z.enum(["true", "false"]).transform((value) => value === "true"), "false"),
    // Both or neither: without them the SDK's own chain applies (instance role, AWS_* variables, …).
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    // The bucket's address as browsers reach it. When set, result downloads answer with a
    // 5-minute signed link to it (302) after the ownership check, so the bytes do not pass
    // through the web server; unset, downloads stream through the app (works when the
    // bucket is on a private network).
    S3_PUBLIC_ENDPOINT: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }).optional(),
    ),
    // A file whose processing meets storage away (S3 down or throttling, a full disk)
    // waits this long between rounds of the queue's 4 attempts (≈ 35 s a round), and
    // fails ("File storage was unavailable for too long") once it has had this many
    // attempts: 100 ≈ 25 rounds ≈ 25–30 minutes of outage.
    STORAGE_OUTAGE_REQUEUE_SECONDS: withDefault(z.coerce.number().int().min(0).max(3600), 30),
    STORAGE_OUTAGE_MAX_ATTEMPTS: withDefault(z.coerce.number().int().min(1).max(10_000), 100),
    // Look up each domain's mail servers while verifying (needs outbound DNS).
    MX_LOOKUP: withDefault(z.enum(["true", "false"]).transform((value) => value === "true"), "false"),
    MX_LOOKUP_TIMEOUT_MS: withDefault(positiveInt, 3000),
    MX_LOOKUP_CONCURRENCY: withDefault(positiveInt, 8),
    // Comma-separated resolvers ("1.1.1.1", "127.0.0.1:5353"); the system's when empty.
    DNS_SERVERS: z.preprocess(
      (value) => (typeof value === "string" && value.trim() !== "" ? value.split(",").map((server) => server.trim()) : undefined),
      z.array(z.string().min(1)).optional(),
    ),
    // The optional SMTP stage (lib/verification/smtp/): ask each domain's mail servers about
    // each address with RCPT TO, never sending a message. Off by default: it speaks for your
    // IP address to other people's servers (see docs/smtp-checks.md).
    SMTP_CHECK: withDefault(z.enum(["true", "false"]).transform((value) => value === "true"), "false"),
    // The name given in EHLO: the reverse DNS name of the address checks leave from. Default: APP_URL's host.
    SMTP_CHECK_HELO_NAME: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, "must be a host name such as mx-check.example.org")
        .optional(),
    ),
    // The envelope sender of the checks; default: the address in EMAIL_FROM.
    SMTP_CHECK_MAIL_FROM: z.preprocess((value) => (value === "" ? undefined : value), z.email("must be an email address").optional()),
    SMTP_CHECK_PORT: withDefault(z.coerce.number().int().min(1).max(65535), 25),
    // socks5://[user:password@]host:port — most cloud hosts block outgoing port 25.
    SMTP_CHECK_SOCKS_PROXY: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .url({ protocol: /^socks5h?$/, error: "must be a socks5://host:port address" })
        .optional(),
    ),
    SMTP_CHECK_STARTTLS: withDefault(z.enum(["true", "false"]).transform((value) => value === "true"), "true"),
    SMTP_CHECK_TIMEOUT_MS: withDefault(positiveInt, 10_000),
    SMTP_CHECK_CONCURRENCY: withDefault(positiveInt, 10),
    SMTP_CHECK_DOMAIN_CONCURRENCY: withDefault(z.coerce.number().int().min(1).max(10), 1),
    SMTP_CHECK_DOMAIN_INTERVAL_MS: withDefault(z.coerce.number().int().min(0), 250),
    SMTP_CHECK_RETRY_DELAY_SECONDS: withDefault(z.coerce.number().int().min(0), 30),
    // For all files of a batch together, from its start; addresses not asked by then are "unknown".
    SMTP_CHECK_BUDGET_SECONDS: withDefault(positiveInt, 600),
    // Uploaded files and results are deleted this many days after their batch was created.
    RESULTS_RETENTION_DAYS: withDefault(positiveInt, 30),
    // Requests per minute one person may make to the REST API (/api/v1), all tokens together.
    API_RATE_LIMIT_PER_MINUTE: withDefault(positiveInt, 600),
    // Extra recipients (an address named at upload that is not the uploader's own) get one
    // consent request before any batch email (lib/recipient-consent/). Caps over the last
    // 24 hours: new addresses one account may name, and requests one address may get from
    // all accounts together. Beyond either, the upload is refused with 429.
    EXTRA_RECIPIENT_NEW_PER_DAY: withDefault(positiveInt, 5),
    EXTRA_RECIPIENT_REQUESTS_PER_ADDRESS_PER_DAY: withDefault(positiveInt, 3),
    // Let outgoing webhooks reach private, loopback and link-local addresses. Off: a
    // webhook URL cannot be used to probe the network Tidings runs in (SSRF).
    // Bearer token a Prometheus scraper sends to GET /api/metrics; unset, that address answers 404.
    METRICS_TOKEN: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().min(16, "must be at least 16 characters: it guards operational data").optional(),
    ),
    WEBHOOK_ALLOW_PRIVATE_TARGETS: withDefault(z.enum(["true", "false"]).transform((value) => value === "true"), "false"),
  })
  .superRefine((env, ctx) => {
    if (env.UPLOAD_MAX_FILE_BYTES > env.UPLOAD_MAX_BATCH_BYTES) {
      ctx.addIssue({
        code: "custom",
        path: ["UPLOAD_MAX_FILE_BYTES"],
        message: "must not be larger than UPLOAD_MAX_BATCH_BYTES (the limit for all files of one upload together)",
      });
    }
    if (env.STORAGE_DRIVER === "s3" && !env.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "is required when STORAGE_DRIVER=s3" });
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: [env.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"],
        message: "must be set together with the other of S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY",
      });
    }
    if (env.APP_ENV !== "production") return;
    if (!env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production (try: openssl rand -base64 32)",
      });
    }
    if (!env.APP_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_URL"],
        message: "is required in production: the public https:// address links in emails point to",
      });
    }
    if (!env.RESEND_API_KEY && !env.SMTP_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["RESEND_API_KEY"],
        message: "or SMTP_URL is required in production: the dev mailbox only stores messages and sends nothing",
      });
    }
  });

type ParsedEnv = z.infer<typeof envSchema>;

export type EmailTransportKind = "resend" | "smtp" | "mailbox";

export type Env = Omit<ParsedEnv, "APP_URL" | "AUTH_SECRET" | "HOST" | "STORAGE_DIR"> & {
  APP_URL: string;
  AUTH_SECRET: string;
  /** Interface the web server listens on. */
  HOST: string;
  /** Folder of the local file storage. */
  STORAGE_DIR: string;
  EMAIL_TRANSPORT: EmailTransportKind;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Tidings cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/**
 * Validates a set of variables and derives the values the app needs. Pure apart
 * from `loadSecret`, which supplies the development secret when none is set.
 */
export function parseEnv(source: Record<string, string | undefined>, loadSecret: (dataDir: string) => string = readOrCreateDevSecret): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  const parsed = result.data;
  const transport = parsed.RESEND_API_KEY ? "resend" : parsed.SMTP_URL ? "smtp" : "mailbox";
  return {
    ...parsed,
    // The dev mailbox shows every sign-in link: serve it to this machine only unless told otherwise.
    HOST: parsed.HOST ?? (transport === "mailbox" ? "127.0.0.1" : "0.0.0.0"),
    APP_URL: (parsed.APP_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, ""),
    AUTH_SECRET: parsed.AUTH_SECRET ?? loadSecret(parsed.DATA_DIR),
    STORAGE_DIR: parsed.STORAGE_DIR ?? path.join(parsed.DATA_DIR, "uploads"),
    EMAIL_TRANSPORT: transport,
  };
}

/** Outside production a secret is generated once and kept, so sessions survive restarts. */
function readOrCreateDevSecret(dataDir: string): string {
  const file = path.resolve(dataDir, "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not created yet.
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // `wx` so that two processes starting together cannot overwrite each other's secret.
    writeFileSync(file, `${secret}\n`, { flag: "wx", mode: 0o600 });
    return secret;
  } catch {
    return readFileSync(file, "utf8").trim();
  }
}

let cached: Env | undefined;

/**
 * The validated settings of this process, read on first use. A `.env` file in the
 * working directory is read too (variables already set win); tests never read it,
 * so a developer's own provider keys cannot leak into them.
 */
export function env(): Env {
  if (!cached) {
    if (process.env.APP_ENV !== "test" && existsSync(".env")) process.loadEnvFile(".env");
    cached = parseEnv(process.env);
  }
  return cached;
}

/**
 * Auth.js takes its public address from process.env.AUTH_URL, not from us. Without
 * it, it trusts the address Next.js thinks it serves, which need not be the one
 * people use (127.0.0.1 becomes "localhost", and the session cookie is lost on the
 * redirect). Called once as a web process starts.
 */
export function shareSettingsWithAuthJs(): void {
  process.env.AUTH_URL = env().APP_URL;
}

/**
 * The log level alone, without validating everything else: the logger is created on
 * import, and importing a module (as `next build` does) must not demand runtime secrets.
 */
export function logLevel(): z.infer<typeof logLevelSchema> {
  const parsed = logLevelSchema.safeParse(process.env.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

/** Running under `next dev`: NODE_ENV is Next.js' own switch, not one of our settings. */
export function isNextDevServer(): boolean {
  return process.env.NODE_ENV === "development";
}

/** The database connection string, with a message that says how to get one. */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new EnvError([
      "DATABASE_URL: is not set. `npm start` starts an embedded PostgreSQL and sets it for you; `npm run web` and `npm run worker` need it set.",
    ]);
  }
  return url;
}
