/**
 * Fuzz suite, HTTP: every JSON route of app/api (found from the code, test/fuzz/apiRoutes.ts) and
 * the raw fast routes, driven through the platform's real HTTP entry (handleHttpRequest: same-
 * origin rule, body limits, fast routes, then the apiRoute handler) on the real test database,
 * by signed-in people of every role and by nobody. Each request has generated path ids, query
 * strings and a body: JSON shaped like the route's zod schema with hostile fields, or garbage.
 * No answer may be a 500, every refusal must be the platform's error shape with a message, and
 * every request must be answered within the per-input limit.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "@/lib/log";
import { signedInSession } from "@/server/auth/testing";
import { getConfig } from "@/server/config";
import { makeConsultation, makeUser, makeWorld } from "@/server/consultation/testing";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { randomTestKeys } from "@/server/healthcard/testKeys";
import { ensureVideoRoom } from "@/server/video/rooms";
import { useTestDatabase } from "@/test/db";
import { discoverApiRoutes, matchRoute, type ApiRouteEntry, type Segment } from "@/test/fuzz/apiRoutes";
import { jsonSchemaOf, schemaInputs } from "@/test/fuzz/schemaInputs";
import { FUZZ_SEED, FuzzTally, HangError, INPUT_TIMEOUT_MS, report, runs } from "@/test/fuzz/tally";
import { anyJson, deeplyNestedJson, garbageId, nastyText } from "@/test/fuzz/values";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";
import { FAST_ROUTES } from "./fastRoutes";

const TARGET = "http routes";
/** Generated requests per route and method, before FUZZ_RUNS. */
const RUNS_PER_ROUTE = 150;

const tally = new FuzzTally("http");
let routes: ApiRouteEntry[] = [];
let notApiRoute: string[] = [];
let entry: HttpEntry;
const cookies: Record<string, string> = { anonymous: "", garbage: "next-auth.session-token=eyJhbGciOiJIUzI1NiJ9.bm90LWEtc2Vzc2lvbg.AAAA" };
const realIds: string[] = [];
const OWN_ORIGIN = getConfig().publicOrigins[0] as string;

beforeAll(async () => {
  // Refusals log warnings by the thousand here; an error (what a 500 logs) still shows.
  setLogLevel("error");
  const platform = await useTestDatabase();
  // Uploads queue their work as in production (the queue's workers then run the fuzzed imports too).
  await platform.jobs.start();
  setHealthCardKeys(randomTestKeys());
  const db = getDb();
  ({ routes, notApiRoute } = await discoverApiRoutes());
  allQueryNames = [...new Set(routes.flatMap((route) => [...route.queryNames, ...Object.keys(route.body ? (jsonSchemaOf(route.body).properties ?? {}) : {})]))];
  const world = await makeWorld(db);
  const admin = await makeUser(db, "INSTITUTION_ADMIN", world.institutionId);
  const platformAdmin = await makeUser(db, "PLATFORM_ADMIN", null);
  const draft = await makeConsultation(db, world);
  const assigned = await makeConsultation(db, world, { status: "ASSIGNED", expertId: world.expert.id });
  const start = new Date();
  const room = await ensureVideoRoom(db, { title: "模糊测试会诊", scheduledStart: start, scheduledEnd: new Date(start.getTime() + 30 * 60_000), hostUserIds: [world.expert.id], participantUserIds: [world.doctor.id] });
  for (const user of [world.doctor, world.expert, world.coordinator, world.patient, admin, platformAdmin]) cookies[user.role] = (await signedInSession(user.id, { locale: user.role === "SPECIALIST" ? "en" : "zh-CN" })).cookie;
  realIds.push(draft.id, assigned.id, world.residentId, room.id, world.institutionId, world.provincialId, world.doctor.id, world.expert.id);
  entry = await startHttpEntry((req) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = matchRoute(routes, req.method ?? "GET", url.pathname);
    return match && { route: match.route.handler, params: match.params };
  });
});

afterAll(async () => {
  await entry?.close();
  const counts = tally.save();
  report(`fuzz ${TARGET}: ${JSON.stringify(counts[TARGET])} over ${routes.length} routes (${notApiRoute.join(", ")} not built by apiRoute: next-auth's form handlers)`);
});

/** Percent-encoding that keeps a lone surrogate (as the replacement character's bytes) instead of throwing. */
function percentEncoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
  }
}

function pathFor(segments: Segment[]): fc.Arbitrary<string> {
  const parts = segments.map((segment) => {
    if (segment.kind === "static") return fc.constant(segment.text);
    const id = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...realIds) }, { weight: 3, arbitrary: garbageId });
    // "." and ".." would be resolved away by the URL itself before any server sees them.
    const segmentText = id.map((text) => (/^\.{0,2}$/.test(text) ? `${text}x` : percentEncoded(text)));
    if (segment.kind === "param") return segmentText;
    return fc.array(segmentText, { minLength: 1, maxLength: 3 }).map((ids) => ids.join("/"));
  });
  return fc.tuple(...parts).map((p) => "/" + p.join("/"));
}

/** Every name any route reads or any schema has: routes whose query schema lives in the domain get their names from here. */
let allQueryNames: string[] = [];

function queryFor(names: string[]): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 3, arbitrary: names.length ? fc.constantFrom(...names) : nastyText }, { weight: 2, arbitrary: fc.constantFrom(...allQueryNames) }, { weight: 1, arbitrary: nastyText });
  const value = fc.oneof(nastyText, garbageId, fc.constantFrom(...(realIds.length ? realIds : [""])), fc.constantFrom("%00", "%ZZ", "%", "%C0%80", "%ED%A0%80", "%E2%80%AE", "+", "&&", "="));
  const pair = fc.tuple(key, value, fc.boolean()).map(([k, v, raw]) => (raw && /^%|^[+&=]/.test(v) ? `${percentEncoded(k)}=${v}` : `${percentEncoded(k)}=${percentEncoded(v)}`));
  return fc.oneof(fc.constant(""), fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => `?${pairs.join("&")}`));
}

/** A body that is not JSON of any shape, or JSON that trips parsers: depth, magnitude, bytes. */
const garbageBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  nastyText,
  fc.constantFrom("", "{", "[", "nul", "1e999", "-1e999", '"\\ud800"', '{"a":1,"a":2}', '{"__proto__":{"admin":true}}', "\ufeff{}", "[".repeat(10) + "]"),
  fc.tuple(fc.constantFrom(65, 1_000, 5_000, 20_000, 100_000, 1_000_000), fc.constantFrom("array" as const, "object" as const)).map(([depth, kind]) => deeplyNestedJson(depth, kind)),
  fc.uint8Array({ maxLength: 200 }),
  anyJson.map((value) => JSON.stringify(value)),
);

function bodyFor(route: ApiRouteEntry): fc.Arbitrary<string | Uint8Array | FormData | undefined> {
  if (route.method === "GET") return fc.constant(undefined);
  if (route.upload) {
    const form = fc.tuple(nastyText, fc.uint8Array({ maxLength: 4096 }), nastyText).map(([field, bytes, name]) => {
      const data = new FormData();
      data.append(field || "file", new Blob([bytes]), name || "x.bin");
      return data;
    });
    return fc.oneof(form, garbageBody, fc.constant(undefined));
  }
  const shaped = route.body ? schemaInputs(route.body).map((value) => (value === undefined ? undefined : JSON.stringify(value))) : anyJson.map((value) => JSON.stringify(value));
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 2, arbitrary: garbageBody }, { weight: 1, arbitrary: fc.constant(undefined) });
}

type Headers = "json" | "no type" | "text/plain" | "cross-site" | "no origin";

function requestsFor(route: ApiRouteEntry) {
  return fc.record({
    who: fc.oneof({ weight: 1, arbitrary: fc.constantFrom("anonymous", "garbage") }, { weight: 4, arbitrary: fc.constantFrom(...Object.keys(cookies).filter((who) => who !== "anonymous" && who !== "garbage")) }),
    path: pathFor(route.segments),
    query: queryFor(route.queryNames),
    body: bodyFor(route),
    headers: fc.constantFrom<Headers>("json", "json", "json", "json", "json", "no type", "text/plain", "cross-site", "no origin"),
    requestId: fc.oneof(fc.constant(undefined), nastyText.map((t) => t.replace(/[^\x20-\x7e]/g, ""))),
  });
}

type GeneratedRequest = ReturnType<typeof requestsFor> extends fc.Arbitrary<infer R> ? R : never;

function headersOf(request: GeneratedRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookie = cookies[request.who];
  if (cookie) headers.cookie = cookie;
  if (request.requestId) headers["x-request-id"] = request.requestId;
  if (!(request.body instanceof FormData)) {
    if (request.headers === "text/plain") headers["content-type"] = "text/plain";
    else if (request.headers !== "no type" && request.body !== undefined) headers["content-type"] = "application/json";
  }
  if (request.headers === "cross-site") Object.assign(headers, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
  else if (request.headers !== "no origin") Object.assign(headers, { origin: OWN_ORIGIN, "sec-fetch-site": "same-origin" });
  return headers;
}

/** What is wrong with an answer, or null: a 500, or a refusal without the platform's error shape. */
function problemOf(route: string, status: number, text: string): { kind: "serverErrors" | "crashes"; what: string } | null {
  // The health probe's 503 says the SFU is not running here (no worker in this test): its report, not a failure.
  if (status >= 500 && !(status === 503 && route === "GET /api/health")) return { kind: "serverErrors", what: `${status} ${text.slice(0, 300)}` };
  if (status < 400 || route === "GET /api/health") return null;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string" && typeof body.error.message === "string" && body.error.message.length > 0) return null;
  } catch {
    // not JSON: reported below
  }
  return { kind: "crashes", what: `${status} without the error shape: ${text.slice(0, 300)}` };
}

async function send(route: ApiRouteEntry, request: GeneratedRequest): Promise<void> {
  tally.input(TARGET);
  const url = `${entry.base}${request.path}${request.query}`;
  const described = () => `${route.name} as ${request.who}: ${route.method} ${url.slice(0, 300)} body ${typeof request.body === "string" ? request.body.slice(0, 300) : String(request.body)}`;
  try {
    const response = await fetch(url, { method: route.method, headers: headersOf(request), body: request.body as BodyInit | undefined, signal: AbortSignal.timeout(INPUT_TIMEOUT_MS) });
    const problem = problemOf(matchRoute(routes, route.method, new URL(url).pathname)?.route.name ?? route.name, response.status, await response.text());
    if (problem) tally.finding(TARGET, problem.kind, `${described()} → ${problem.what}`);
  } catch (error) {
    const hang = error instanceof HangError || (error as Error).name === "TimeoutError";
    tally.finding(TARGET, hang ? "hangs" : "crashes", `${described()} → ${String(error)}`);
  }
}

describe("fuzz: every JSON route through the platform's HTTP entry (real database, every role)", () => {
  it("finds the routes from the code (a guard against an empty scan)", () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((route) => route.body).length).toBeGreaterThan(20);
    expect(notApiRoute.every((name) => name.includes("[...nextauth]"))).toBe(true);
  });

  it("no 500, no answer outside the error shape, no hang", async () => {
    const seed = FUZZ_SEED;
    // The fast routes have no Next handler; they are fuzzed as routes of their own path.
    const fastEntries: ApiRouteEntry[] = FAST_ROUTES.map((fast) => {
      const path = fast.name.replace(/^POST /, "").replace(":id", "[id]");
      const segments = path.split("/").filter(Boolean).map((part): Segment => (part === "[id]" ? { kind: "param", name: "id" } : { kind: "static", text: part }));
      return { name: fast.name, method: "POST" as const, segments, handler: (routes[0] as ApiRouteEntry).handler, body: fast.body, upload: false, queryNames: [] };
    });
    const seconds: [string, number][] = [];
    for (const route of [...routes, ...fastEntries]) {
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(requestsFor(route), async (request) => {
          await send(route, request);
        }),
        { numRuns: runs(RUNS_PER_ROUTE), seed, endOnFailure: true },
      );
      seconds.push([route.name, (performance.now() - started) / 1000]);
    }
    report(`fuzz ${TARGET}, slowest: ${seconds.sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(", ")}`);
    expect(tally.findings, `seed ${seed}`).toEqual([]);
    expect(tally.of(TARGET)).toMatchObject({ serverErrors: 0, crashes: 0, hangs: 0 });
  }, 3_600_000);
});
