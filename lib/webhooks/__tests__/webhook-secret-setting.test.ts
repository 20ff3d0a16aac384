// RESEND_WEBHOOK_SECRET is checked at start-up: a pasted API key or a truncated
// secret should stop the app with a clear message, not turn every webhook into a 401.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../env";

const noSecretFile = () => "x".repeat(40);

describe("RESEND_WEBHOOK_SECRET", () => {
  it("is optional, and empty counts as unset", () => {
    expect(parseEnv({}, noSecretFile).RESEND_WEBHOOK_SECRET).toBeUndefined();
    expect(parseEnv({ RESEND_WEBHOOK_SECRET: "" }, noSecretFile).RESEND_WEBHOOK_SECRET).toBeUndefined();
  });

  it("accepts Resend's whsec_ format", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    expect(parseEnv({ RESEND_WEBHOOK_SECRET: secret }, noSecretFile).RESEND_WEBHOOK_SECRET).toBe(secret);
  });

  it("refuses anything else, naming the setting", () => {
    for (const wrong of ["re_123456", "whsec_", "whsec_not base64!"]) {
      expect(() => parseEnv({ RESEND_WEBHOOK_SECRET: wrong }, noSecretFile)).toThrow(EnvError);
      expect(() => parseEnv({ RESEND_WEBHOOK_SECRET: wrong }, noSecretFile)).toThrow(/RESEND_WEBHOOK_SECRET: must be Resend's signing secret/);
    }
  });
});
