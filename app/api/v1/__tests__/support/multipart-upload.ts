// A multipart body of files of any kind (bytes or text) and fields, as bytes: what a
// browser or curl sends to the upload routes. Bytes rather than FormData, for the
// reason csvUpload gives.

export type UploadPart = { name: string; content: Buffer | string; type: string };

export async function multipartUpload(files: readonly UploadPart[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const { name, content, type } of files) form.append("files", new Blob([Buffer.from(content)], { type }), name);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), headers: { "content-type": encoded.headers.get("content-type") ?? "" } };
}
