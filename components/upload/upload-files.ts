// Sends files as one multipart request, reporting byte progress per file. The body
// carries the files in order, so the bytes sent so far tell how far each one is.
import type { UploadNotifyOn } from "@/lib/notifications/preferences/notification-preferences";

export type UploadProgress = { loaded: number; total: number; perFile: number[] };
export type RefusedUpload = { name: string; message: string };
export type UploadResult = { ok: true; batchId: string; refused: RefusedUpload[] } | { ok: false; message: string } | { ok: false; cancelled: true };

export function uploadFiles(
  url: string,
  files: File[],
  fields: Record<string, string>,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append("files", file, file.name);

  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      // Multipart framing adds a little to the total; spread it over the files.
      const overhead = Math.max(0, event.total - files.reduce((sum, file) => sum + file.size, 0)) / Math.max(1, files.length);
      let remaining = event.loaded;
      const perFile = files.map((file) => {
        const size = file.size + overhead;
        const done = Math.min(size, Math.max(0, remaining));
        remaining -= size;
        return size === 0 ? 1 : done / size;
      });
      onProgress({ loaded: event.loaded, total: event.total, perFile });
    };
    request.onload = () => {
      const body = request.response as { batch?: { id: string }; refused?: RefusedUpload[]; error?: { message: string } } | null;
      if (request.status === 202 && body?.batch) resolve({ ok: true, batchId: body.batch.id, refused: body.refused ?? [] });
      else resolve({ ok: false, message: body?.error?.message ?? `The upload failed (HTTP ${request.status}). Please try again.` });
    };
    request.onerror = () => resolve({ ok: false, message: "The connection was lost during the upload. Please try again." });
    // Mid-body, the server stops reading, removes what it stored of this request and
    // creates no batch; after the last byte, the batch may exist already.
    request.onabort = () => resolve({ ok: false, cancelled: true });
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(form);
  });
}

/**
 * The multipart fields besides the files: the email column, when chosen, which outcomes
 * email (else the default applies), a workbook's sheet, and, when ticked, keep risky rows
 * in the cleaned list.
 */
export function uploadFormFields(emailColumn: string, notifyOn: UploadNotifyOn | "", options: { sheet?: string; keepRisky?: boolean } = {}): Record<string, string> {
  const sheet = options.sheet?.trim() ?? "";
  return {
    ...(emailColumn.trim() ? { email_column: emailColumn.trim() } : {}),
    ...(notifyOn ? { notify_on: notifyOn } : {}),
    ...(sheet ? { sheet } : {}),
    ...(options.keepRisky ? { keep_risky: "true" } : {}),
  };
}
