/**
 * Fuzz suite, parsers (no database): the path-id parser (pathId), the query-string parser
 * (parseQuery) and the JSON body parser (parseJsonBody) of lib/validation.ts, with every schema
 * the routes declare (found from the code, test/fuzz/apiRoutes.ts) and the domain's query
 * schemas. A parser may refuse an input only with the platform's own error (AppError, a 4xx with
 * a message key); anything else thrown is a crash.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { isUuid, parseJsonBody, pathId, validate } from "@/lib/validation";
import { parseQuery } from "@/server/consultation/api";
import { patientSearchSchema } from "@/server/consultation/patients";
import { listQuerySchema } from "@/server/consultation/requests";
import { queueQuerySchema } from "@/server/consultation/triage";
import { MISSING } from "@/server/notFound";
import { discoverApiRoutes } from "@/test/fuzz/apiRoutes";
import { schemaInputs } from "@/test/fuzz/schemaInputs";
import { FuzzTally, report, runs } from "@/test/fuzz/tally";
import { anyJson, deeplyNestedJson, garbageId, nastyText } from "@/test/fuzz/values";
import { FAST_ROUTES } from "./fastRoutes";

const tally = new FuzzTally("parsers");
let bodySchemas: [string, z.ZodType][] = [];
const QUERY_SCHEMAS: [string, z.ZodType][] = [
  ["listQuerySchema", listQuerySchema],
  ["queueQuerySchema", queueQuerySchema],
  ["patientSearchSchema", patientSearchSchema],
];

beforeAll(async () => {
  const { routes } = await discoverApiRoutes();
  bodySchemas = [...routes.filter((route) => route.body).map((route) => [route.name, route.body as z.ZodType] as [string, z.ZodType]), ...FAST_ROUTES.map((route) => [route.name, route.body] as [string, z.ZodType])];
});

afterAll(() => {
  const counts = tally.save();
  report(`fuzz parsers: ${JSON.stringify(counts)}`);
});

/** Runs the parser; an AppError below 500 is a refusal, anything else thrown a crash. */
function expectOnlyRefusals(target: string, what: () => string, parse: () => unknown): void {
  tally.input(target);
  try {
    parse();
  } catch (error) {
    if (isAppError(error) && error.status < 500) return;
    tally.finding(target, "crashes", `${what()} → ${String(error)}`);
  }
}

describe("fuzz: the parsers of lib/validation.ts", () => {
  it("pathId: a UUID comes back unchanged, anything else is a 404 naming the thing", () => {
    const target = "path ids";
    fc.assert(
      fc.property(fc.oneof(garbageId, fc.array(garbageId, { maxLength: 3 }), anyJson), fc.constantFrom(...Object.values(MISSING)), (value, missing) => {
        tally.input(target);
        try {
          const id = pathId({ id: value as string }, "id", missing);
          expect(id).toBe(value);
          expect(isUuid(value)).toBe(true);
        } catch (error) {
          if (!(error instanceof AppError) || error.status !== 404 || error.code !== missing.code || isUuid(value)) tally.finding(target, "crashes", `${JSON.stringify(value)} → ${String(error)}`);
        }
      }),
      { numRuns: runs(8_000) },
    );
    expect(tally.of(target)).toMatchObject({ crashes: 0 });
  }, 600_000);

  it("parseQuery: every query schema of the domain and every body schema read as a query", () => {
    const target = "query strings";
    const pair = fc.tuple(fc.oneof(nastyText, fc.constantFrom("q", "status", "page", "urgency", "specialty", "institutionId", "expertId", "days", "unread", "from")), fc.oneof(nastyText, garbageId, fc.constantFrom("%00", "%ZZ", "%", "1e309", "-1", "NaN", "0x10", "", "%E2%80%AE")));
    const query = fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.map(([key, value]) => `${encodeURIComponentSafe(key)}=${/^%/.test(value) ? value : encodeURIComponentSafe(value)}`).join("&"));
    const schemas = [...QUERY_SCHEMAS, ...bodySchemas];
    fc.assert(
      fc.property(fc.constantFrom(...schemas), query, ([name, schema], search) => {
        const url = `http://127.0.0.1/api/x?${search}`;
        expectOnlyRefusals(target, () => `${name} ${url}`, () => parseQuery(schema, url));
      }),
      { numRuns: runs(12_000) },
    );
    expect(tally.findings).toEqual([]);
  }, 600_000);

  it("parseJsonBody: every route's body schema with shaped, mutated and garbage bodies", () => {
    const target = "JSON bodies";
    const garbage = fc.oneof(
      nastyText,
      fc.constantFrom("", "{", "1e999", '"\\ud800"', '{"__proto__":{"x":1}}', "\ufeff{}", deeplyNestedJson(100_000, "array"), deeplyNestedJson(20_000, "object")),
      anyJson.map((value) => JSON.stringify(value)),
    );
    for (const [name, schema] of bodySchemas) {
      fc.assert(
        fc.property(fc.oneof({ weight: 4, arbitrary: schemaInputs(schema).map((value) => JSON.stringify(value) ?? "") }, { weight: 1, arbitrary: garbage }), (body) => {
          expectOnlyRefusals(target, () => `${name} ${body.slice(0, 300)}`, () => parseJsonBody(schema, body));
        }),
        { numRuns: runs(300) },
      );
    }
    expect(tally.findings).toEqual([]);
  }, 600_000);

  it("validate: any JavaScript value, not only what JSON.parse makes", () => {
    const target = "JSON bodies";
    fc.assert(
      fc.property(fc.constantFrom(...bodySchemas), fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: false, withSet: false }), ([name, schema], value) => {
        expectOnlyRefusals(target, () => `${name} ${String(value)}`, () => validate(schema, value));
      }),
      { numRuns: runs(6_000) },
    );
    expect(tally.findings).toEqual([]);
  }, 600_000);
});

function encodeURIComponentSafe(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "\ufffd"));
  }
}
