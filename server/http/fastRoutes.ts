/**
 * Routes served by a raw Node handler ahead of Next, for throughput: the terminal verification
 * API answers thousands of requests per second, and Next's route layer costs more than the
 * verification itself. Same validation, same domain code (server/healthcard/verify.ts), same
 * error JSON `{"error":{"code","message"}}` as lib/next/api.ts. Returns false for any other
 * request, which then goes to Next.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAppError } from "@/lib/errors";
import { LOCALE_COOKIE, resolveLocale, translate, type Locale } from "@/lib/i18n";
import "@/lib/i18n/register";
import { log } from "@/lib/log";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { verifyAtTerminal } from "@/server/healthcard/verify";
import { getVerifyStore } from "@/server/healthcard/verifyStore";

export const VERIFY_PATH = "/api/v1/health-card/verify";
const MAX_BODY_BYTES = 16 * 1024;

function localeOf(req: IncomingMessage): Locale {
  const cookie = req.headers.cookie?.match(new RegExp(`(?:^|; )${LOCALE_COOKIE}=([^;]+)`))?.[1];
  return resolveLocale(cookie);
}

function send(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "x-request-id": requestId, "cache-control": "no-store" });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | null> {
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

async function handleVerify(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const header = req.headers["x-request-id"];
  const requestId = typeof header === "string" && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
  const locale = localeOf(req);
  try {
    const rawBody = await readBody(req);
    if (rawBody === null) {
      send(res, 413, { error: { code: "BODY_TOO_LARGE", message: translate(locale, "errors.validation") } }, requestId);
      return;
    }
    const signature = req.headers["x-signature"];
    const answer = await verifyAtTerminal(getVerifyStore(), getHealthCardKeys(), {
      authorization: req.headers.authorization,
      signature: typeof signature === "string" ? signature : undefined,
      rawBody,
      ip: req.socket.remoteAddress ?? null,
      requestId,
    });
    send(res, 200, answer, requestId);
  } catch (error) {
    if (isAppError(error)) {
      const payload: { code: string; message: string; details?: unknown } = { code: error.code, message: translate(locale, error.messageKey, error.params) };
      if (error.details !== undefined) payload.details = error.details;
      send(res, error.status, { error: payload }, requestId);
      return;
    }
    log.error("unhandled verification error", { requestId, error });
    send(res, 500, { error: { code: "INTERNAL", message: translate(locale, "errors.internal", { requestId }) } }, requestId);
  }
}

/** Handles the request if it is one of the fast routes; otherwise returns false. */
export function handleFastRoute(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "POST" && req.url !== undefined && (req.url === VERIFY_PATH || req.url.startsWith(`${VERIFY_PATH}?`))) {
    void handleVerify(req, res);
    return true;
  }
  return false;
}
