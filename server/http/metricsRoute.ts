/**
 * GET /metrics: the Prometheus exposition of the platform's metrics (server/observability/metrics.ts),
 * served by the custom server ahead of Next. Only for the monitoring system: the bearer token
 * METRICS_TOKEN, or a client address in METRICS_ALLOWED_ADDRESSES (the address as boundary.ts
 * finds it, so X-Forwarded-For counts only from TRUSTED_PROXIES). Anyone else: 401 (no or a wrong
 * token) or 403 (the token is not configured and the address is not allowed). Neither configured:
 * every scrape is refused.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import type { EntryAccess } from "@/server/access/policy";
import { getConfig } from "@/server/config";
import { getPlatform } from "@/server/platform";
import { clientAddressOf } from "./boundary";
import { localeOf, requestIdOf, sendError } from "./respond";

export const METRICS_PATH = "/metrics";

export const METRICS_ACCESS: EntryAccess = { public: "the monitoring system's scrape: METRICS_TOKEN or METRICS_ALLOWED_ADDRESSES, checked by the handler; no personal data in it" };

export function isMetrics(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && req.url !== undefined && (req.url === METRICS_PATH || req.url.startsWith(`${METRICS_PATH}?`));
}

class MetricsRefusedError extends AppError {
  constructor(status: 401 | 403) {
    super(status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN", status === 401 ? "metrics.tokenRequired" : "metrics.addressNotAllowed", { publicCode: status === 401 ? "METRICS_TOKEN_REQUIRED" : "METRICS_ADDRESS_NOT_ALLOWED" });
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!presented) return false;
  const [a, b] = [Buffer.from(presented), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a scrape is refused (401 or 403), or null when it may read the metrics. */
export function metricsRefusal(req: IncomingMessage): 401 | 403 | null {
  const config = getConfig();
  if (config.METRICS_TOKEN && tokenMatches(req.headers.authorization, config.METRICS_TOKEN)) return null;
  const address = clientAddressOf(req);
  if (address !== null && config.metricsAddresses.has(address)) return null;
  return config.METRICS_TOKEN ? 401 : 403;
}

export async function handleMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = requestIdOf(req);
  const refusal = metricsRefusal(req);
  if (refusal) {
    if (refusal === 401) res.setHeader("www-authenticate", 'Bearer realm="metrics"');
    sendError(res, new MetricsRefusedError(refusal), localeOf(req), requestId);
    return;
  }
  try {
    const { contentType, body } = await getPlatform().metrics.scrape();
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store", "x-request-id": requestId });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (error) {
    sendError(res, error, localeOf(req), requestId);
  }
}
