/**
 * The route pattern of a request path, for metric labels: `/api/consultations/[id]/book`, never
 * `/api/consultations/c8f…/book`, so ids and personal data never become label values and the
 * number of series stays bounded. The patterns are Next's own, from the build's
 * routes-manifest.json (static routes, then dynamic ones in Next's order of precedence); the
 * fast routes name theirs (fastRoutes.ts). Anything else is "unmatched" (or one of the fixed
 * buckets below for Next's assets and the public folder).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const UNMATCHED_ROUTE = "unmatched";

export interface RoutePattern {
  /** The pattern as the label shows it, e.g. "/patients/[id]/record". */
  page: string;
  /** An anchored regular expression source matching the paths of the pattern. */
  regex: string;
}

export interface RouteTable {
  patternOf(path: string): string;
}

const FIXED_BUCKETS: readonly [RegExp, string][] = [
  [/^\/_next\/static\//, "/_next/static"],
  [/^\/_next\/image/, "/_next/image"],
  [/^\/_next\//, "/_next"],
  // Files of public/ (icons, favicon): a path ending in a file extension that no route claimed.
  [/^\/[^/]+\.[a-z0-9]{2,5}$/i, "/public"],
];

export function routeTable(patterns: readonly RoutePattern[]): RouteTable {
  const compiled = patterns.map((pattern) => ({ page: pattern.page, regex: new RegExp(pattern.regex) }));
  return {
    patternOf(requestPath) {
      const pathOnly = requestPath.split("?")[0] ?? "/";
      for (const pattern of compiled) if (pattern.regex.test(pathOnly)) return pattern.page;
      for (const [regex, label] of FIXED_BUCKETS) if (regex.test(pathOnly)) return label;
      return UNMATCHED_ROUTE;
    },
  };
}

/** The routes of a Next build (`<distDir>/routes-manifest.json`); none when there is no build (tests, dev before the first compile). */
export function nextRoutePatterns(distDir: string): RoutePattern[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")) as { staticRoutes?: RoutePattern[]; dynamicRoutes?: RoutePattern[] };
    return [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map(({ page, regex }) => ({ page, regex }));
  } catch {
    return [];
  }
}
