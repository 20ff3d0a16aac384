// Reads a small request body whole, refusing it with 413 as soon as it passes a
// limit, so a caller cannot make the server buffer an arbitrary amount. For bodies
// that must be seen byte for byte, such as a signed webhook.
import { AppError } from "../errors";
import { formatSize } from "../uploads/upload-limits";

export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new AppError("payload_too_large", `The body is larger than the ${formatSize(maxBytes)} allowed.`, {
      limit: "body_bytes",
      maxBodyBytes: maxBytes,
    });
  // Content-Length is only a claim; the count below is what holds.
  if (Number(request.headers.get("content-length")) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
