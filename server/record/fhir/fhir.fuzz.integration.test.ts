/**
 * Fuzz suite, FHIR API: generated Bundles (shaped like a transaction with hostile values in every
 * element, or garbage) posted by an institution's system, and generated reads (paths, ids, search
 * parameters) by the system, a resident, a clinician and nobody, through the platform's HTTP entry
 * on the real database. No answer may be a 500; every refusal is an OperationOutcome; every 200
 * is valid FHIR R4.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "@/lib/log";
import { signedInSession } from "@/server/auth/testing";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { randomTestKeys } from "@/server/healthcard/testKeys";
import { useTestDatabase } from "@/test/db";
import { startFhirEntry } from "@/test/fhirEntry";
import { FUZZ_SEED, FuzzTally, INPUT_TIMEOUT_MS, runs } from "@/test/fuzz/tally";
import { anyJson, deeplyNestedJson, garbageId, nastyText, nastyValue } from "@/test/fuzz/values";
import type { HttpEntry } from "@/test/httpEntry";
import { makeFhirWorld, type FhirWorld } from "./testing";
import { validateFhirResource } from "./validator";

const tally = new FuzzTally("fhir");
let http: HttpEntry;
let w: FhirWorld;
const auth: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  setLogLevel("error");
  await useTestDatabase();
  setHealthCardKeys(randomTestKeys());
  w = await makeFhirWorld(getDb());
  http = await startFhirEntry();
  auth.system = { authorization: `Bearer ${w.token}` };
  auth.resident = { cookie: (await signedInSession(w.patient.id)).cookie };
  auth.doctor = { cookie: (await signedInSession(w.doctor.id)).cookie };
  auth.nobody = {};
  auth.forged = { authorization: "Bearer rmpi_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
});

afterAll(async () => {
  await http?.close();
  tally.save();
});

async function check(target: string, url: string, init: RequestInit): Promise<void> {
  tally.input(target);
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(INPUT_TIMEOUT_MS) });
    const text = await response.text();
    if (response.status >= 500) return tally.finding(target, "serverErrors", `${init.method ?? "GET"} ${url.slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`);
    let body: { resourceType?: string };
    try {
      body = JSON.parse(text) as { resourceType?: string };
    } catch {
      return tally.finding(target, "crashes", `${url.slice(0, 200)} → ${response.status} not JSON: ${text.slice(0, 200)}`);
    }
    if (response.status >= 400 && body.resourceType !== "OperationOutcome") return tally.finding(target, "crashes", `${url.slice(0, 200)} → ${response.status} without an OperationOutcome`);
    const issues = validateFhirResource(body);
    if (issues.length > 0) tally.finding(target, "crashes", `${url.slice(0, 200)} → ${response.status} not valid R4: ${issues[0]?.diagnostics}`);
  } catch (error) {
    tally.finding(target, (error as Error).name === "TimeoutError" ? "hangs" : "crashes", `${url.slice(0, 200)} → ${String(error)}`);
  }
}

/** Percent-encoding that keeps a lone surrogate (as the replacement character's bytes) instead of throwing. */
function encoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
  }
}

const TYPES = ["Observation", "Condition", "AllergyIntolerance", "MedicationStatement", "DiagnosticReport", "DocumentReference", "Encounter", "Patient", "Practitioner", "Bundle", "Binary", ""];
const value = fc.oneof(nastyText, nastyValue, anyJson);

/** A transaction entry: a resource of a type we take (or not) with some elements replaced by hostile values. */
const hostileEntry = (cardId: string) =>
  fc.record({
    type: fc.constantFrom(...TYPES),
    id: fc.oneof(fc.constant("x1"), garbageId),
    subject: fc.oneof(fc.constant({ identifier: { system: "urn:rmp:health-card", value: cardId } }), fc.constant({ reference: "urn:uuid:p" }), value),
    extra: fc.dictionary(fc.constantFrom("status", "code", "valueQuantity", "effectiveDateTime", "content", "component", "patient", "identifier", "result", "contained", "meta"), value, { maxKeys: 3 }),
    method: fc.constantFrom("POST", "PUT", "DELETE", undefined),
    fullUrl: fc.oneof(fc.constant("urn:uuid:p"), nastyText),
  }).map((e) => ({ fullUrl: e.fullUrl, request: e.method ? { method: e.method, url: e.type } : undefined, resource: { resourceType: e.type, id: e.id, subject: e.subject, ...e.extra } }));

describe("fuzz: the FHIR API through the platform's HTTP entry", () => {
  it("POST /fhir/R4: no 500, refusals as OperationOutcome", async () => {
    const bodies = fc.oneof(
      { weight: 6, arbitrary: fc.array(hostileEntry(w.cardId), { maxLength: 5 }).map((entry) => JSON.stringify({ resourceType: "Bundle", type: "transaction", entry: [{ fullUrl: "urn:uuid:p", resource: { resourceType: "Patient", id: "p", identifier: [{ system: "urn:rmp:health-card", value: w.cardId }] }, request: { method: "PUT", url: "Patient/p" } }, ...entry] })) },
      { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.oneof(nastyText, fc.constantFrom("", "{", "null", "[]", '{"resourceType":"Bundle","type":"transaction","entry":{}}', deeplyNestedJson(200, "object"))) },
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom("application/fhir+json", "application/json", "text/plain"), fc.constantFrom("system", "system", "system", "forged", "doctor"), async (body, type, who) => {
        await check("fhir ingest", `${http.base}/fhir/R4`, { method: "POST", headers: { ...auth[who], "content-type": type }, body });
      }),
      { numRuns: runs(150), seed: FUZZ_SEED, endOnFailure: true },
    );
    expect(tally.findings, `seed ${FUZZ_SEED}`).toEqual([]);
  }, 600_000);

  it("GET /fhir/R4/…: no 500, refusals as OperationOutcome, answers valid R4", async () => {
    const ids = fc.oneof(fc.constant(w.residentId), garbageId, fc.uuid());
    const segment = (text: string) => encoded(text).replace(/^\.\.?$/, "x");
    const path = fc.oneof(
      fc.constant("metadata"),
      fc.tuple(fc.constantFrom(...TYPES), ids).map(([t, id]) => `${t}/${segment(id)}`),
      fc.tuple(ids).map(([id]) => `Patient/${segment(id)}/$everything`),
      fc.array(nastyText, { minLength: 1, maxLength: 4 }).map((parts) => parts.map(segment).join("/")),
      fc.constantFrom(...TYPES),
    );
    const query = fc.array(fc.tuple(fc.constantFrom("patient", "subject", "date", "_count", "_offset", "_format", "colour"), fc.oneof(nastyText, fc.constant(w.residentId), fc.constantFrom("ge2026", "lt2026-13", "eq2026-02-30", "gt2026-01-01T00:00:00+15:00", "1000", "-1", "%00"))), { maxLength: 3 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encoded(v)}`).join("&")}` : ""));
    await fc.assert(
      fc.asyncProperty(path, query, fc.constantFrom("system", "resident", "doctor", "nobody", "forged"), async (p, q, who) => {
        await check("fhir read", `${http.base}/fhir/R4/${p}${q}`, { headers: auth[who] });
      }),
      { numRuns: runs(300), seed: FUZZ_SEED, endOnFailure: true },
    );
    expect(tally.findings, `seed ${FUZZ_SEED}`).toEqual([]);
    expect(tally.of("fhir read")).toMatchObject({ serverErrors: 0, crashes: 0, hangs: 0 });
  }, 600_000);
});
