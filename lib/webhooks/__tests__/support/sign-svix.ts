// Signs a body the way Svix (and so Resend) does, for tests that play the provider.
import { createHmac, randomBytes, randomUUID } from "node:crypto";

export function newSvixSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export type SvixSigningOptions = { id?: string; timestamp?: Date };

/** The three svix-* headers for `body`, signed with `secret` (a `whsec_…` string). */
export function svixHeaders(body: string, secret: string, { id = `msg_${randomUUID()}`, timestamp = new Date() }: SvixSigningOptions = {}) {
  const seconds = String(Math.floor(timestamp.getTime() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${seconds}.${body}`).digest("base64");
  return { "svix-id": id, "svix-timestamp": seconds, "svix-signature": `v1,${signature}` };
}
