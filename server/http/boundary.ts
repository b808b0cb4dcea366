/**
 * The HTTP boundary both stacks share: the Next route wrapper (app/_lib/api.ts) and the raw fast
 * routes (fastRoutes.ts, bookingRoute.ts, respond.ts) take their request id, client address,
 * response headers and error answers from here (and the locale from lib/cookies.ts), so the two
 * cannot drift apart.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isAppError } from "@/lib/errors";
import { translate, type Locale } from "@/lib/i18n";
import { log } from "@/lib/log";
import securityHeaders from "./securityHeaders.json";

/** Sent on every response; next.config.js reads the same file for pages and static files. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(securityHeaders.map(({ key, value }) => [key, value]));

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A caller's x-request-id when it is a plain token, otherwise a fresh one: a raw value is never echoed. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  return typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
}

/** The headers of every API answer: the request id and the security headers. */
export function apiHeaders(requestId: string): Record<string, string> {
  return { "x-request-id": requestId, ...SECURITY_HEADERS };
}

export interface ErrorAnswer {
  status: number;
  body: { error: { code: string; message: string; details?: unknown } };
}

/**
 * The one conversion of an error into an HTTP answer: an AppError keeps its status and code with
 * its message in the caller's language; anything else is logged with the request id and answered
 * with a generic 500 naming that id, never a stack trace.
 */
export function errorAnswer(error: unknown, locale: Locale, requestId: string): ErrorAnswer {
  if (isAppError(error)) {
    const payload: ErrorAnswer["body"]["error"] = { code: error.code, message: translate(locale, error.messageKey, error.params) };
    if (error.details !== undefined) payload.details = error.details;
    return { status: error.status, body: { error: payload } };
  }
  log.error("unhandled API error", { requestId, error });
  return { status: 500, body: { error: { code: "INTERNAL", message: translate(locale, "errors.internal", { requestId }) } } };
}

/**
 * The client's address. No trusted proxy is configured, so it is the peer of the TCP connection
 * and X-Forwarded-For is never read (anyone can send it). The custom server stamps it on each
 * request it hands to Next (stampClientAddress), where routes read it with stampedClientAddress.
 */
export function clientAddressOf(req: IncomingMessage): string | null {
  return req.socket.remoteAddress ?? null;
}

const CLIENT_ADDRESS_HEADER = "x-platform-client-address";

/** Replaces whatever the client sent under the header's name with the address clientAddressOf found. */
export function stampClientAddress(req: IncomingMessage): void {
  const address = clientAddressOf(req);
  if (address === null) delete req.headers[CLIENT_ADDRESS_HEADER];
  else req.headers[CLIENT_ADDRESS_HEADER] = address;
}

/** The address stampClientAddress put on the request (Fetch `Headers` in Next, a plain record in next-auth). */
export function stampedClientAddress(headers: Headers | Record<string, string | string[] | undefined> | undefined): string | null {
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value !== "" ? value : null;
}
