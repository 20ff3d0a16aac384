// Auth.js swallows a failing session lookup: the adapter's error is logged and the
// session comes back empty, the same answer as for a person who is signed out. When
// the database is down that would sign everyone out of every page. So the adapter is
// wrapped to note the failure for the request that asked, and the caller can tell
// "nobody is signed in" from "we cannot tell right now".
import { AsyncLocalStorage } from "node:async_hooks";
import type { Adapter } from "next-auth/adapters";

type LookupRecord = { failure?: unknown };

const lookups = new AsyncLocalStorage<LookupRecord>();

/**
 * `adapter`, with the error of any failed call noted for observeSessionLookup(): the
 * session lookup reads the session and user, and may extend or delete the session.
 */
export function reportingSessionLookupFailures(adapter: Adapter): Adapter {
  const wrapped: Record<string, unknown> = { ...adapter };
  for (const [name, method] of Object.entries(adapter)) {
    if (typeof method !== "function") continue;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method.apply(adapter, args);
      } catch (error) {
        const record = lookups.getStore();
        if (record) record.failure ??= error;
        throw error;
      }
    };
  }
  return wrapped as Adapter;
}

/** Runs `read` (e.g. Auth.js' `auth()`) and says why its session lookup failed, if it did. */
export async function observeSessionLookup<T>(read: () => Promise<T>): Promise<{ value: T; failure?: unknown }> {
  const record: LookupRecord = {};
  const value = await lookups.run(record, read);
  return { value, ...("failure" in record ? { failure: record.failure } : {}) };
}
