// Sign-in links are limited per address (so nobody can flood an inbox) and per
// client IP (so nobody can enumerate or spam from one place).
import { createHash } from "node:crypto";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { clientIp } from "../http/client-ip";
import { log, maskEmail } from "../log";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";

function minutesFrom(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

/** Throws a `rate_limited` AppError when this address or the caller's IP asked for too many links. */
export async function enforceSignInRateLimit({ email, headers }: { email: string; headers: Headers }): Promise<void> {
  const { SIGN_IN_LIMIT_PER_EMAIL, SIGN_IN_LIMIT_PER_IP, SIGN_IN_LIMIT_WINDOW_MINUTES, TRUSTED_PROXY_HOPS } = env();
  const ip = clientIp(headers, TRUSTED_PROXY_HOPS);
  const windowSeconds = SIGN_IN_LIMIT_WINDOW_MINUTES * 60;
  // Hash the address: the table is about counting, not about who asked.
  const emailKey = createHash("sha256").update(email).digest("hex");

  if (ip) {
    const byIp = await consumeRateLimit(db(), { key: `sign-in:ip:${ip}`, limit: SIGN_IN_LIMIT_PER_IP, windowSeconds });
    if (!byIp.allowed) {
      log.warn({ event: "auth.sign_in_rate_limited", scope: "ip" }, "too many sign-in requests from one IP");
      throw new AppError(
        "rate_limited",
        `Too many sign-in requests from your network. Please try again in ${minutesFrom(byIp.retryAfterSeconds)}.`,
        { retryAfterSeconds: byIp.retryAfterSeconds },
      );
    }
  }

  const byEmail = await consumeRateLimit(db(), {
    key: `sign-in:email:${emailKey}`,
    limit: SIGN_IN_LIMIT_PER_EMAIL,
    windowSeconds,
  });
  if (!byEmail.allowed) {
    log.warn({ event: "auth.sign_in_rate_limited", scope: "email", email: maskEmail(email) }, "too many sign-in requests for one address");
    throw new AppError(
      "rate_limited",
      `We already sent several sign-in links to this address. Check your inbox, or try again in ${minutesFrom(byEmail.retryAfterSeconds)}.`,
      { retryAfterSeconds: byEmail.retryAfterSeconds },
    );
  }
}
