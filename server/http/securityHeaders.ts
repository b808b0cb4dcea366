/**
 * The security headers of every response the platform sends, built in one place: the custom
 * server's entry (fastRoutes.ts handleHttpRequest) puts them on each response before a fast route,
 * an error answer or Next writes anything, and on socket.io's handshake and polling answers
 * (server/realtime/socketServer.ts). The Content-Security-Policy carries a fresh nonce per
 * request; the entry also hands that policy to Next in the request's headers, and Next puts the
 * nonce on its own scripts (the App Router reads it from the request's
 * Content-Security-Policy header when it renders a page; every page renders per request).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "@/server/config";

export interface SecuritySettings {
  /** PUBLIC_URL is https: HSTS, upgrade-insecure-requests (and Secure cookies elsewhere). */
  secureTransport: boolean;
  /** Next's development server: React's debugging needs eval, the error overlay inline styles. */
  development: boolean;
  /** The platform's own origins (PUBLIC_URL, NEXTAUTH_URL): pages, API and socket.io live there. */
  publicOrigins: readonly string[];
}

export function securitySettingsOf(config: Pick<Config, "secureTransport" | "NODE_ENV" | "publicOrigins">): SecuritySettings {
  return { secureTransport: config.secureTransport, development: config.NODE_ENV === "development", publicOrigins: config.publicOrigins };
}

/** 128 random bits, base64: what a CSP nonce-source accepts and Next's nonce parser reads. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** socket.io's WebSocket address for each own origin (http → ws, https → wss). */
function webSocketOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => origin.replace(/^http/, "ws"));
}

/**
 * The page policy. Scripts run only with this response's nonce, and what those load
 * ('strict-dynamic': Next's chunks); no inline handlers, no eval outside development. Styles
 * come from the platform's own stylesheets or carry the nonce: no inline style attributes in
 * server-rendered markup (style changes made by script, like the annotation overlay's position,
 * are not inline markup and stay allowed). Development relaxes styles to 'unsafe-inline' because
 * Next's error overlay injects styles without the nonce (and a nonce in the list would make the
 * browser ignore 'unsafe-inline').
 *  - img: QR codes and canvas snapshots are data: URLs, picked files are previewed as blob: URLs.
 *  - media, worker: blob: for local previews; camera and SFU streams are MediaStreams, which no
 *    directive restricts.
 *  - connect: the API and socket.io (its WebSocket too, which older browsers do not count as 'self').
 *  - form-action: the own origins, because next-auth's sign-in answer redirects to NEXTAUTH_URL.
 */
export function contentSecurityPolicy(nonce: string, settings: SecuritySettings): string {
  const own = settings.publicOrigins;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(settings.development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", ...(settings.development ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["media-src", "'self'", "blob:"],
    ["connect-src", "'self'", ...own, ...webSocketOrigins(own)],
    ["worker-src", "'self'", "blob:"],
    ["manifest-src", "'self'"],
    ["frame-src", "'none'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...own],
    ["frame-ancestors", "'none'"],
    ...(settings.secureTransport ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((words) => words.join(" ")).join("; ");
}

/** Every response's security headers, with the page policy for `nonce`. */
export function securityHeaders(nonce: string, settings: SecuritySettings): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, settings),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    // For browsers without frame-ancestors.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(self), display-capture=(self)",
    // Only over https: on plain http (localhost) a browser ignores it, and a proxy that strips
    // TLS in front of an http PUBLIC_URL must not pin the name to https.
    ...(settings.secureTransport ? { "Strict-Transport-Security": `max-age=${ONE_YEAR_SECONDS}; includeSubDomains` } : {}),
  };
}

/**
 * Puts the security headers with a fresh nonce on `res`, and the policy on `req`'s headers for
 * Next to take the nonce from (whatever policy header the client sent is replaced). Answers the
 * nonce.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, settings: SecuritySettings): string {
  const nonce = newNonce();
  const headers = securityHeaders(nonce, settings);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  req.headers["content-security-policy"] = headers["Content-Security-Policy"];
  delete req.headers["content-security-policy-report-only"];
  return nonce;
}
