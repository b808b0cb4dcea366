/**
 * The raw-Node side of app/_lib/api.ts for the fast routes (fastRoutes.ts): the body with a size
 * limit and JSON answers; request id, locale, headers and errors come from boundary.ts, as there.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { localeFromCookieHeader } from "@/lib/cookies";
import type { Locale } from "@/lib/i18n";
import { apiHeaders, contentTypeRefusal, errorAnswer, requestIdFrom } from "./boundary";

const MAX_BODY_BYTES = 16 * 1024;

export function requestIdOf(req: IncomingMessage): string {
  return requestIdFrom(req.headers["x-request-id"]);
}

/**
 * Fixes the request's id once, at the entry: the caller's x-request-id when it is a plain token,
 * otherwise a fresh one written over whatever was sent, so every later reader (the fast routes,
 * Next's route handlers through apiRoute) gets the same id.
 */
export function stampRequestId(req: IncomingMessage): string {
  const requestId = requestIdOf(req);
  req.headers["x-request-id"] = requestId;
  return requestId;
}

export function localeOf(req: IncomingMessage): Locale {
  return localeFromCookieHeader(req.headers.cookie);
}

export function send(res: ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...apiHeaders(requestId), ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

/** The body as text, or null when it is larger than the limit (16 KB unless the route says). */
export function readBody(req: IncomingMessage, maxBytes: number = MAX_BODY_BYTES): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
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

/** A fast route's body must be JSON (boundary.ts contentTypeRefusal): the 415 to throw, or null. */
export function jsonBodyRefusal(req: IncomingMessage): AppError | null {
  const { headers } = req;
  return contentTypeRefusal(req.method, { contentType: headers["content-type"], contentLength: headers["content-length"], transferEncoding: headers["transfer-encoding"] }, "json");
}

export function sendBodyTooLarge(res: ServerResponse, locale: Locale, requestId: string): void {
  sendError(res, new AppError("VALIDATION_FAILED", "errors.validation", { status: 413, publicCode: "BODY_TOO_LARGE" }), locale, requestId);
}

export function sendError(res: ServerResponse, error: unknown, locale: Locale, requestId: string): void {
  const { status, body, headers } = errorAnswer(error, locale, requestId);
  send(res, status, body, requestId, headers);
}
