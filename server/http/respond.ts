/**
 * The raw-Node side of app/_lib/api.ts for the fast routes (fastRoutes.ts): request id, locale,
 * body with a size limit, JSON answers and the one error shape `{"error":{"code","message"}}`.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAppError } from "@/lib/errors";
import { localeFromCookieHeader } from "@/lib/cookies";
import { translate, type Locale } from "@/lib/i18n";
import "@/server/i18n/register";
import { log } from "@/lib/log";

const MAX_BODY_BYTES = 16 * 1024;

export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers["x-request-id"];
  return typeof header === "string" && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
}

export function localeOf(req: IncomingMessage): Locale {
  return localeFromCookieHeader(req.headers.cookie);
}

export function send(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "x-request-id": requestId, "cache-control": "no-store" });
  res.end(text);
}

/** The body as text, or null when it is larger than the limit. */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendBodyTooLarge(res: ServerResponse, locale: Locale, requestId: string): void {
  send(res, 413, { error: { code: "BODY_TOO_LARGE", message: translate(locale, "errors.validation") } }, requestId);
}

export function sendError(res: ServerResponse, error: unknown, locale: Locale, requestId: string, what: string): void {
  if (isAppError(error)) {
    const payload: { code: string; message: string; details?: unknown } = { code: error.code, message: translate(locale, error.messageKey, error.params) };
    if (error.details !== undefined) payload.details = error.details;
    send(res, error.status, { error: payload }, requestId);
    return;
  }
  log.error(`unhandled ${what} error`, { requestId, error });
  send(res, 500, { error: { code: "INTERNAL", message: translate(locale, "errors.internal", { requestId }) } }, requestId);
}
