/**
 * Every JSON API route, found from the code as Next finds it: each `app/api/**\/route.ts`, each
 * exported HTTP method, with the declaration apiRoute attached to its handler (access, body
 * schema, upload). The same walk as server/access/entryPoints.test.ts, so a route added on any
 * branch is fuzzed once it is merged. The raw fast routes (booking, terminal verification) sit
 * ahead of Next in handleHttpRequest and are reached through their URLs.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { apiRoute, ApiRouteDeclaration } from "@/app/_lib/api";

const API_DIR = path.resolve(import.meta.dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = ReturnType<typeof apiRoute>;

export type Segment = { kind: "static"; text: string } | { kind: "param"; name: string } | { kind: "catchAll"; name: string };

export interface ApiRouteEntry {
  /** "POST /api/consultations/[id]/accept" */
  name: string;
  method: (typeof METHODS)[number];
  segments: Segment[];
  handler: Handler;
  body: z.ZodType | undefined;
  upload: boolean;
  /** Query parameters the route reads (`searchParams.get("q")` or a schema's field in its source). */
  queryNames: string[];
}

function segmentsOf(dir: string): Segment[] {
  return ["api", ...dir.split(path.sep).filter(Boolean)].map((part): Segment => {
    const catchAll = /^\[\.\.\.(\w+)\]$/.exec(part);
    if (catchAll) return { kind: "catchAll", name: catchAll[1] as string };
    const param = /^\[(\w+)\]$/.exec(part);
    return param ? { kind: "param", name: param[1] as string } : { kind: "static", text: part };
  });
}

const isDeclared = (value: unknown): value is Handler & ApiRouteDeclaration => typeof value === "function" && "access" in value && "upload" in value;

/** The routes, and the exported handlers not built by apiRoute (next-auth's), by name. */
export async function discoverApiRoutes(): Promise<{ routes: ApiRouteEntry[]; notApiRoute: string[] }> {
  const files = readdirSync(API_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === "route.ts")
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  const routes: ApiRouteEntry[] = [];
  const notApiRoute: string[] = [];
  for (const file of files) {
    const dir = path.relative(API_DIR, path.dirname(file));
    const segments = segmentsOf(dir);
    const display = "/" + ["api", ...dir.split(path.sep).filter(Boolean)].join("/");
    const module = (await import(file)) as Record<string, unknown>;
    const source = readFileSync(file, "utf8");
    // What it reads with searchParams.get("…"), and the fields of schemas written in the route file (its parseQuery schema).
    const queryNames = [...new Set([...source.matchAll(/searchParams\.get(?:All)?\(\s*"([^"]+)"|\b(\w+):\s*z\./g)].map((match) => (match[1] ?? match[2]) as string))];
    for (const method of METHODS) {
      const handler = module[method];
      if (handler === undefined) continue;
      if (!isDeclared(handler)) {
        notApiRoute.push(`${method} ${display}`);
        continue;
      }
      routes.push({ name: `${method} ${display}`, method, segments, handler, body: handler.body, upload: handler.upload, queryNames });
    }
  }
  return { routes, notApiRoute };
}

function lexicographicallyGreater(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) > (b[i] ?? -1);
  }
  return false;
}

/**
 * The route Next would pick for a method and path, with its params: static segments before
 * dynamic ones before a catch-all, as Next ranks them.
 */
export function matchRoute(routes: readonly ApiRouteEntry[], method: string, pathname: string): { route: ApiRouteEntry; params: Record<string, string | string[]> } | undefined {
  const parts = pathname.split("/").filter(Boolean);
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  let best: { route: ApiRouteEntry; params: Record<string, string | string[]>; rank: number[] } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const params: Record<string, string | string[]> = {};
    const rank: number[] = [];
    let matched = true;
    for (let i = 0; i < route.segments.length && matched; i++) {
      const segment = route.segments[i] as Segment;
      const part = parts[i];
      if (segment.kind === "catchAll") {
        if (i >= parts.length) matched = false;
        else params[segment.name] = parts.slice(i).map(decode);
        rank.push(0);
        break;
      }
      if (part === undefined) matched = false;
      else if (segment.kind === "static") matched = segment.text === part;
      else params[segment.name] = decode(part);
      rank.push(segment.kind === "static" ? 2 : 1);
    }
    const last = route.segments[route.segments.length - 1];
    if (!matched || (last?.kind !== "catchAll" && route.segments.length !== parts.length)) continue;
    const better = !best || lexicographicallyGreater(rank, best.rank);
    if (better) best = { route, params, rank };
  }
  return best && { route: best.route, params: best.params };
}
