/**
 * The HTTP boundary both stacks share: the Next route wrapper (app/_lib/api.ts) and the raw fast
 * routes (fastRoutes.ts, bookingRoute.ts, respond.ts) take their request id, client address,
 * response headers and error answers from here (and the locale from lib/cookies.ts), so the two
 * cannot drift apart. The security headers are on every response already: the entry
 * (fastRoutes.ts handleHttpRequest) puts them there from securityHeaders.ts.
 */
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { AppError, isAppError } from "@/lib/errors";
import { translate, type Locale, type MessageKey } from "@/lib/i18n";
import { log } from "@/lib/log";
import { getConfig, normalizeAddress, type TrustedProxies } from "@/server/config";
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A caller's x-request-id when it is a plain token, otherwise a fresh one: a raw value is never echoed. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  return typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The headers of every API answer besides the security headers, which the entry has already put
 * on every response (securityHeaders.ts, applied by handleHttpRequest).
 */
export function apiHeaders(requestId: string): Record<string, string> {
  return { "x-request-id": requestId };
}

export interface ErrorAnswer {
  status: number;
  body: { error: { code: string; message: string; details?: unknown } };
  /** Extra response headers the error calls for: Retry-After on a 429. */
  headers: Record<string, string>;
}

/**
 * 429: too many attempts. `retryAfterSeconds` becomes the Retry-After header and the `{seconds}`
 * of the message (errors.rateLimited unless a more precise key is given).
 */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, messageKey: MessageKey = "errors.rateLimited") {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super("RATE_LIMITED", messageKey, { params: { seconds } });
    this.retryAfterSeconds = seconds;
  }
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
    const headers: Record<string, string> = error instanceof RateLimitedError ? { "retry-after": String(error.retryAfterSeconds) } : {};
    return { status: error.status, body: { error: payload }, headers };
  }
  log.error("unhandled API error", { requestId, error });
  return { status: 500, body: { error: { code: "INTERNAL", message: translate(locale, "errors.internal", { requestId }) } }, headers: {} };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** The cookies that authenticate a person (next-auth's session and CSRF cookies, any prefix). */
const CREDENTIAL_COOKIE = /(?:^|;)\s*(?:__Secure-|__Host-)?next-auth\./;

export type CrossSiteVerdict = { allowed: true; why: string } | { allowed: false; why: string };

/**
 * Cross-site request forgery, decided once for both stacks (handleHttpRequest runs it before the
 * fast routes, next-auth and every Next route): a state change (anything but GET, HEAD,
 * OPTIONS) must come from the platform's own pages.
 *  - `Sec-Fetch-Site: same-origin`: the browser says a page of this origin sent it.
 *  - `Sec-Fetch-Site: none`: the person started it (typed address, bookmark, reload); no page of
 *    any site did, so nobody else chose it. With a foreign Origin alongside it is refused anyway.
 *  - otherwise `Origin` must be one of the public origins (PUBLIC_URL, NEXTAUTH_URL): browsers
 *    without Fetch Metadata, or a page reached under another name of the same origin.
 *  - neither header: not a browser (curl, a server). Refused when it carries the session or
 *    CSRF cookie (a browser always sends one of the headers on a POST, so this is someone
 *    replaying cookies outside a browser or a very old browser), allowed otherwise: it then
 *    authenticates some other way or not at all.
 * Routes authenticated by a bearer credential and never by cookie (the terminal API) are not
 * asked (`bearerRoute`): a forged request cannot carry the terminal's token.
 */
export function crossSiteVerdict(
  request: { method?: string | undefined; headers: IncomingHttpHeaders },
  publicOrigins: readonly string[],
  options: { bearerRoute?: boolean } = {},
): CrossSiteVerdict {
  const method = (request.method ?? "GET").toUpperCase();
  if (SAFE_METHODS.has(method)) return { allowed: true, why: "safe method" };
  if (options.bearerRoute) return { allowed: true, why: "bearer-authenticated route" };
  const site = headerValue(request.headers["sec-fetch-site"])?.toLowerCase();
  const origin = headerValue(request.headers.origin);
  const ownOrigin = origin !== undefined && publicOrigins.includes(origin);
  if (site === "same-origin") return { allowed: true, why: "Sec-Fetch-Site: same-origin" };
  if (site === "none" && (origin === undefined || origin === "null" || ownOrigin)) return { allowed: true, why: "Sec-Fetch-Site: none" };
  if (origin !== undefined) return ownOrigin ? { allowed: true, why: "Origin is the platform's" } : { allowed: false, why: `Origin ${origin}` };
  if (site !== undefined) return { allowed: false, why: `Sec-Fetch-Site: ${site}` };
  if (CREDENTIAL_COOKIE.test(headerValue(request.headers.cookie) ?? "")) return { allowed: false, why: "session cookie without Origin or Sec-Fetch-Site" };
  return { allowed: true, why: "no browser headers and no session cookie" };
}

/**
 * A socket.io handshake (a GET, by XHR or WebSocket) opens a channel that acts for the cookie's
 * owner, so a page of another site must not open one: the rule of crossSiteVerdict, except that
 * a client sending neither header is not a browser and is let through (it cannot have taken a
 * browser's cookie). Browsers send Origin on every WebSocket handshake and cross-origin XHR.
 */
export function socketHandshakeVerdict(headers: IncomingHttpHeaders, publicOrigins: readonly string[]): CrossSiteVerdict {
  return crossSiteVerdict({ method: "POST", headers: { ...headers, cookie: undefined } }, publicOrigins);
}

export class CrossSiteError extends AppError {
  constructor() {
    super("FORBIDDEN", "errors.crossSite", { publicCode: "CROSS_SITE" });
  }
}

/** What a state-changing request's body must be: JSON, or a file upload's multipart form. */
export type BodyType = "json" | "multipart";
const MEDIA_TYPES: Record<BodyType, string> = { json: "application/json", multipart: "multipart/form-data" };

/**
 * 415 unless a state-changing request's body has the type the route reads. A body without any
 * content type is refused too; a request without a body (no type, no length) passes. This is
 * what stops a cross-site "simple request" (text/plain, which needs no preflight) from being
 * read as JSON.
 */
export function contentTypeRefusal(
  method: string | undefined,
  headers: { contentType: string | null | undefined; contentLength: string | null | undefined; transferEncoding: string | null | undefined },
  expected: BodyType,
): AppError | null {
  if (SAFE_METHODS.has((method ?? "GET").toUpperCase())) return null;
  const mediaType = headers.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const hasBody = mediaType !== "" || Boolean(headers.transferEncoding) || Number(headers.contentLength ?? 0) > 0;
  if (!hasBody || mediaType === MEDIA_TYPES[expected]) return null;
  return new AppError("VALIDATION_FAILED", "errors.unsupportedMediaType", { status: 415, publicCode: "UNSUPPORTED_MEDIA_TYPE", params: { expected: MEDIA_TYPES[expected] } });
}

const CARD_IMPORT_PATH = "/api/admin/imports";

/** The largest body the platform reads for a request, by where it goes and what it carries. */
export const BODY_LIMITS = {
  /** next-auth's sign-in and sign-out forms: a username and a password. */
  signIn: 16 * 1024,
  /** File uploads (attachments up to 20 MB): multipart/form-data. */
  upload: 25 * 1024 * 1024,
  /** A card import file (MAX_IMPORT_MB, server/healthcard/import/jobs.ts) and the form around it. */
  cardImport: 51 * 1024 * 1024,
  /** Every other body (JSON; the largest is a video snapshot's PNG in base64, 4 MB). */
  other: 6 * 1024 * 1024,
  /** A FHIR transaction Bundle (POST /fhir/R4): up to 5,000 resources, documents inline in base64. */
  fhir: 20 * 1024 * 1024,
} as const;

export function bodyLimitFor(path: string, contentType: string | null | undefined): number {
  if (path.startsWith("/api/auth/")) return BODY_LIMITS.signIn;
  if (path === CARD_IMPORT_PATH) return BODY_LIMITS.cardImport;
  if (path === "/fhir/R4" || path === "/fhir/R4/") return BODY_LIMITS.fhir;
  return contentType?.toLowerCase().startsWith("multipart/form-data") ? BODY_LIMITS.upload : BODY_LIMITS.other;
}

export class BodyTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("VALIDATION_FAILED", "errors.bodyTooLarge", { status: 413, publicCode: "BODY_TOO_LARGE", params: { limit: formatBytes(limitBytes) } });
  }
}

const formatBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`);

/**
 * A body announced larger than the limit is refused before a byte of it is read (413). A body of
 * unknown length (chunked) on a state-changing request is refused too (411): every browser and
 * terminal sends Content-Length, and without it the limit could only be checked after reading.
 */
export function bodySizeRefusal(method: string | undefined, path: string, headers: { contentType: string | null | undefined; contentLength: string | null | undefined; transferEncoding: string | null | undefined }): AppError | null {
  if (SAFE_METHODS.has((method ?? "GET").toUpperCase())) return null;
  const limit = bodyLimitFor(path, headers.contentType);
  if (headers.contentLength == null || headers.contentLength === "") {
    return headers.transferEncoding ? new AppError("VALIDATION_FAILED", "errors.lengthRequired", { status: 411, publicCode: "LENGTH_REQUIRED" }) : null;
  }
  return Number(headers.contentLength) > limit ? new BodyTooLargeError(limit) : null;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address from the TCP peer and X-Forwarded-For. X-Forwarded-For is read only when
 * the peer is a trusted proxy (TRUSTED_PROXIES): then the answer is the right-most address of
 * the list that is not itself a trusted proxy (each proxy appends the address it saw, so the
 * entries left of the first untrusted one are the client's to invent). Anyone else's
 * X-Forwarded-For is ignored.
 */
export function clientAddressFrom(peer: string | null | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string | null {
  if (!peer) return null;
  let address = normalizeAddress(peer);
  if (!trusted.has(address) || forwardedFor === undefined) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((hop) => normalizeAddress(hop))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (isIP(hop) === 0) break;
    address = hop;
    if (!trusted.has(hop)) break;
  }
  return address;
}

/**
 * The client's address (clientAddressFrom with the configured TRUSTED_PROXIES). The custom
 * server stamps it on each request it hands to Next (stampClientAddress), where routes read it
 * with stampedClientAddress.
 */
export function clientAddressOf(req: IncomingMessage): string | null {
  return clientAddressFrom(req.socket.remoteAddress, req.headers["x-forwarded-for"], getConfig().trustedProxies);
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
