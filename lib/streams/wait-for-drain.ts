// Waits until a writable wants more ('drain'), and fails rather than waits forever when it
// errors, closes first, or the work is aborted: a download whose reader left, an output
// whose consumer died.
import type { Writable } from "node:stream";

export function waitForDrain(stream: Writable, { signal, closedMessage }: { signal?: AbortSignal; closedMessage: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanUp = () => {
      stream.off("drain", onDrain);
      stream.off("error", onError);
      stream.off("close", onClose);
      signal?.removeEventListener("abort", onAbort);
    };
    const onDrain = () => {
      cleanUp();
      resolve();
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onClose = () => {
      cleanUp();
      reject(stream.errored ?? new Error(closedMessage));
    };
    const onAbort = () => {
      cleanUp();
      reject(signal?.reason);
    };
    stream.on("drain", onDrain);
    stream.on("error", onError);
    stream.on("close", onClose);
    signal?.addEventListener("abort", onAbort);
    if (signal?.aborted) onAbort();
  });
}
