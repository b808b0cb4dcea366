/**
 * Reading a file upload (multipart/form-data) with its limit applied while the bytes arrive: the
 * entry (boundary.ts) refuses a body announced larger than BODY_LIMITS.upload, and this stops
 * reading at the route's own, smaller limit, so no route holds more than it accepts.
 */
import { ValidationError } from "@/lib/errors";
import type { MessageKey } from "@/lib/i18n";
import { BodyTooLargeError } from "./boundary";

/** Room for the multipart framing around a file of the route's largest size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * The body's bytes, read while they arrive and refused (413, naming `reportedLimit`) once more
 * than `limit` came: a body announced larger is refused before a byte is read, one whose length
 * lies or is missing is counted.
 */
export async function readLimitedBody(request: Request, limit: number, reportedLimit: number = limit): Promise<Buffer<ArrayBuffer>> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw new BodyTooLargeError(reportedLimit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new BodyTooLargeError(reportedLimit);
      }
      chunks.push(value);
    }
  }
  const body = Buffer.concat(chunks, size);
  chunks.length = 0;
  return body;
}

export async function readUpload(request: Request, options: { maxBytes: number; badFormKey?: MessageKey }): Promise<FormData> {
  const body = await readLimitedBody(request, options.maxBytes + MULTIPART_OVERHEAD_BYTES, options.maxBytes);
  try {
    return await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new ValidationError(options.badFormKey ?? "errors.validation");
  }
}
