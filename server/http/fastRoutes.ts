/**
 * Routes served by a raw Node handler ahead of Next, for throughput: the terminal verification
 * API and booking (bookingRoute.ts) answer thousands of requests per second, and Next's route
 * layer costs more than the work itself. Same validation, same domain code
 * (server/healthcard/verify.ts, server/scheduling/booking.ts), same error JSON
 * `{"error":{"code","message"}}`, request id, headers and client address as app/_lib/api.ts
 * (boundary.ts). These are the only handlers of their URLs: Next has no route for them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { bookSchema } from "@/server/scheduling/booking";
import { verifyAtTerminal, verifyBody } from "@/server/healthcard/verify";
import { getPlatform, hasPlatform } from "@/server/platform";
import type { EntryAccess } from "@/server/access/policy";
import { getConfig } from "@/server/config";
import { log, withLogContext } from "@/lib/log";
import { isFhirPath, sendFhirError } from "@/server/record/fhir/outcome";
import { BOOKING_ACCESS, handleBooking, matchBooking } from "./bookingRoute";
import { DEVICE_READINGS_PATH, handleDeviceReadings, isDeviceReadings } from "./deviceRoute";
import { deviceReadingsBody } from "@/server/record/devicesIngest";
import { bodySizeRefusal, clientAddressOf, CrossSiteError, crossSiteVerdict, stampClientAddress } from "./boundary";
import { handleMetrics, isMetrics, METRICS_PATH } from "./metricsRoute";
import { jsonBodyRefusal, localeOf, readBody, requestIdOf, send, sendBodyTooLarge, sendError, stampRequestId } from "./respond";
import { applySecurityHeaders, securitySettingsOf } from "./securityHeaders";

export const VERIFY_PATH = "/api/v1/health-card/verify";

async function handleVerify(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = requestIdOf(req);
  const locale = localeOf(req);
  try {
    const wrongType = jsonBodyRefusal(req);
    if (wrongType) throw wrongType;
    const rawBody = await readBody(req);
    if (rawBody === null) {
      sendBodyTooLarge(res, locale, requestId);
      return;
    }
    const signature = req.headers["x-signature"];
    const platform = getPlatform();
    const answer = await verifyAtTerminal(platform.verifyStore, getHealthCardKeys(), {
      authorization: req.headers.authorization,
      signature: typeof signature === "string" ? signature : undefined,
      rawBody,
      ip: clientAddressOf(req),
      requestId,
    }, new Date(), platform.limits.verify);
    send(res, 200, answer, requestId);
  } catch (error) {
    sendError(res, error, locale, requestId);
  }
}

const logger = log.child({ module: "http" });

/** The terminal API: authenticated by the terminal's bearer token, never by a cookie. */
function isVerify(req: IncomingMessage): boolean {
  return req.method === "POST" && req.url !== undefined && (req.url === VERIFY_PATH || req.url.startsWith(`${VERIFY_PATH}?`));
}

interface FastRoute {
  name: string;
  /** The access policy's action, or public with the reason (server/access/policy.ts). */
  access: EntryAccess;
  /** The body's schema (the fuzz suite generates bodies from it). */
  body: z.ZodType;
  /** The handler if the request is this route's, else undefined. */
  match(req: IncomingMessage): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
}

/** Every raw fast route, with its declared access; the entry-point test reads this list. */
export const FAST_ROUTES: readonly FastRoute[] = [
  {
    name: `POST ${VERIFY_PATH}`,
    access: { public: "hospital terminals authenticate with their own token and signature, checked by verifyAtTerminal" },
    body: verifyBody,
    match: (req) => (isVerify(req) ? handleVerify : undefined),
  },
  {
    name: `POST ${DEVICE_READINGS_PATH}`,
    access: { public: "home devices authenticate with their own bearer token (paired by the resident), checked by ingestDeviceReadings against home_device" },
    body: deviceReadingsBody,
    match: (req) => (isDeviceReadings(req) ? handleDeviceReadings : undefined),
  },
  {
    name: "POST /api/consultations/:id/book",
    access: BOOKING_ACCESS,
    body: bookSchema,
    match: (req) => {
      const consultationId = matchBooking(req.method, req.url);
      return consultationId === undefined ? undefined : (request, res) => handleBooking(request, res, consultationId);
    },
  },
];

/** The fast route of a request, if it is one's. */
function fastRouteOf(req: IncomingMessage): { route: FastRoute; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> } | undefined {
  for (const route of FAST_ROUTES) {
    const handle = route.match(req);
    if (handle) return { route, handle };
  }
  return undefined;
}

/** Handles the request if it is one of the fast routes; otherwise returns false. */
export function handleFastRoute(req: IncomingMessage, res: ServerResponse): boolean {
  const found = fastRouteOf(req);
  if (found) void found.handle(req, res);
  return found !== undefined;
}

/** The request's route pattern for the latency histogram: a fast route's, /metrics, or Next's (server/observability/routes.ts). */
function routeLabelOf(req: IncomingMessage, path: string): string {
  const fast = fastRouteOf(req);
  if (fast) return fast.route.name.replace(/^[A-Z]+ /, "");
  if (path === METRICS_PATH) return METRICS_PATH;
  return getPlatform().metrics.routeOf(path);
}

/** Times the answer into rmp_http_request_duration_seconds once it is written (or the client went away). */
function timeRequest(req: IncomingMessage, res: ServerResponse, path: string): void {
  // Unit tests run the entry without a platform (and so without metrics).
  if (!hasPlatform()) return;
  const started = process.hrtime.bigint();
  const method = req.method ?? "GET";
  const route = routeLabelOf(req, path);
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = res.writableFinished ? String(res.statusCode) : "aborted";
    getPlatform().metrics.httpDuration.observe({ method, route, status }, seconds);
  });
}

/** The entry's refusal in the shape the path's API answers: OperationOutcome for the FHIR API, the platform's error JSON elsewhere. */
function sendRefusal(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const send = isFhirPath(req.url?.split("?")[0] ?? "/") ? sendFhirError : sendError;
  send(res, error, localeOf(req), requestIdOf(req));
}

/**
 * Every HTTP request of the platform: its request id fixed once (the caller's x-request-id when it
 * is a plain token, else a fresh one: on the request for every later reader, on the response, and
 * on every log line written while it is handled, lib/log.ts withLogContext), timed by route
 * pattern for the metrics, the security headers with this request's CSP nonce put on the response
 * (and the policy on the request, for Next's scripts), the client address stamped once, a
 * cross-site state change refused (boundary.ts crossSiteVerdict: for the fast routes, next-auth's
 * sign-in and sign-out and every Next route alike), then /metrics, a fast route or Next.
 */
export function handleHttpRequest(req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<void> {
  const requestId = stampRequestId(req);
  res.setHeader("x-request-id", requestId);
  return withLogContext({ requestId }, () => entry(req, res, next));
}

function entry(req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<void> {
  const config = getConfig();
  const path = req.url?.split("?")[0] ?? "/";
  timeRequest(req, res, path);
  applySecurityHeaders(req, res, securitySettingsOf(config));
  stampClientAddress(req);
  const verdict = crossSiteVerdict(req, config.publicOrigins, { bearerRoute: isVerify(req) || isDeviceReadings(req) });
  if (!verdict.allowed) {
    logger.warn("cross-site request refused", { method: req.method, path, why: verdict.why, ip: clientAddressOf(req) });
    req.resume();
    sendRefusal(req, res, new CrossSiteError());
    return Promise.resolve();
  }
  const tooLarge = bodySizeRefusal(req.method, path, {
    contentType: req.headers["content-type"],
    contentLength: req.headers["content-length"],
    transferEncoding: req.headers["transfer-encoding"],
  });
  if (tooLarge) {
    logger.warn("request body refused", { method: req.method, path, contentLength: req.headers["content-length"], ip: clientAddressOf(req) });
    // Close after answering: the client may still be sending the body we will not read.
    res.setHeader("connection", "close");
    sendRefusal(req, res, tooLarge);
    req.resume();
    return Promise.resolve();
  }
  if (isMetrics(req)) return handleMetrics(req, res);
  return handleFastRoute(req, res) ? Promise.resolve() : next(req, res);
}
