// What killed web or worker processes left of their writes: partial files in the
// local folder's staging area, unfinished multipart uploads in a bucket (a write
// that fails cleanly removes its own). A write in progress is touched with every
// part it writes, so one untouched for an hour has no process behind it.
import { type Storage, storage } from "../storage/storage";

export const ABANDONED_WRITE_AGE_MS = 60 * 60 * 1000;

/** How many abandoned writes were removed. */
export async function removeAbandonedWrites(store: Storage = storage()): Promise<number> {
  return store.removeAbandonedWrites(ABANDONED_WRITE_AGE_MS);
}
