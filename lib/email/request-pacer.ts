// A requests-per-second budget shared by every process (web and workers) through a
// counter in Postgres: Resend limits a whole team, not one process. Each request
// takes a slot in the current one-second window, or waits for the next window.
// 429s still happen (other senders on the same team) and are handled by the caller.
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "../db/client";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";

export type RequestPacerOptions = {
  key: string;
  perSecond: number;
  /** Tests count the waits instead of sleeping through them. */
  wait?: (ms: number) => Promise<unknown>;
};

export function createRequestPacer({ key, perSecond, wait = sleep }: RequestPacerOptions): () => Promise<void> {
  return async () => {
    for (;;) {
      const slot = await consumeRateLimit(db(), { key, limit: perSecond, windowSeconds: 1 });
      if (slot.allowed) return;
      // The window is a whole second; a little jitter keeps waiting processes apart.
      await wait(slot.retryAfterSeconds * 1000 * (0.5 + Math.random() / 2));
    }
  };
}
