// Partial files that a killed web or worker process left in storage's staging folder
// (a write that fails cleanly removes its own). A file still being written is touched
// by every write, so one untouched for an hour has no process behind it.
import { type Storage, storage } from "../storage/storage";

export const ABANDONED_WRITE_AGE_MS = 60 * 60 * 1000;

/** How many abandoned partial files were removed; 0 for storage without staging files. */
export async function removeAbandonedWrites(store: Storage = storage()): Promise<number> {
  return (await store.removeStaleTempFiles?.(ABANDONED_WRITE_AGE_MS)) ?? 0;
}
