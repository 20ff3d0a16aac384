import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../env";

const noSecretFile = () => "x".repeat(40);

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source, noSecretFile);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error("expected the settings to be rejected");
}

describe("parseEnv", () => {
  it("runs with no settings at all, on sensible defaults", () => {
    const env = parseEnv({}, noSecretFile);
    expect(env.APP_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.EMAIL_TRANSPORT).toBe("mailbox");
    expect(env.DATA_DIR).toBe(".data");
    expect(env.AUTH_SECRET).toHaveLength(40);
  });

  it("treats empty strings as unset", () => {
    const env = parseEnv({ PORT: "", RESEND_API_KEY: "", SMTP_URL: "", APP_URL: "" }, noSecretFile);
    expect(env.PORT).toBe(3000);
    expect(env.EMAIL_TRANSPORT).toBe("mailbox");
  });

  it("derives APP_URL from PORT and strips a trailing slash from an explicit one", () => {
    expect(parseEnv({ PORT: "4100" }, noSecretFile).APP_URL).toBe("http://localhost:4100");
    expect(parseEnv({ APP_URL: "https://tidings.example.com/" }, noSecretFile).APP_URL).toBe("https://tidings.example.com");
  });

  it("picks Resend over SMTP over the dev mailbox", () => {
    expect(parseEnv({ RESEND_API_KEY: "re_123", SMTP_URL: "smtp://localhost:25" }, noSecretFile).EMAIL_TRANSPORT).toBe("resend");
    expect(parseEnv({ SMTP_URL: "smtp://localhost:25" }, noSecretFile).EMAIL_TRANSPORT).toBe("smtp");
  });

  it("lists every bad key in one error", () => {
    const problems = problemsOf({ PORT: "http", DATABASE_URL: "mysql://x", SMTP_URL: "mail.example.com", LOG_LEVEL: "loud" });
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/PORT/);
    expect(problems.join("\n")).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems.join("\n")).toMatch(/SMTP_URL: must start with smtp/);
    expect(problems.join("\n")).toMatch(/LOG_LEVEL/);
  });

  it("refuses production without a secret, a public URL or a real email provider", () => {
    const problems = problemsOf({ APP_ENV: "production" });
    expect(problems).toEqual([
      expect.stringMatching(/^AUTH_SECRET: is required in production/),
      expect.stringMatching(/^APP_URL: is required in production/),
      expect.stringMatching(/^RESEND_API_KEY: or SMTP_URL is required in production/),
    ]);
  });

  it("accepts a complete production configuration and never generates a secret there", () => {
    const env = parseEnv(
      { APP_ENV: "production", AUTH_SECRET: "s".repeat(32), APP_URL: "https://t.example.com", RESEND_API_KEY: "re_1" },
      () => {
        throw new Error("must not be called");
      },
    );
    expect(env.AUTH_SECRET).toBe("s".repeat(32));
    expect(env.EMAIL_TRANSPORT).toBe("resend");
  });

  it("serves the dev mailbox to this machine only, unless HOST says otherwise", () => {
    expect(parseEnv({}, noSecretFile).HOST).toBe("127.0.0.1");
    expect(parseEnv({ HOST: "0.0.0.0" }, noSecretFile).HOST).toBe("0.0.0.0");
    expect(parseEnv({ SMTP_URL: "smtp://mail:25" }, noSecretFile).HOST).toBe("0.0.0.0");
  });

  it("rejects a short secret", () => {
    expect(problemsOf({ AUTH_SECRET: "short" })).toEqual([expect.stringMatching(/^AUTH_SECRET: must be at least 32/)]);
  });
});
