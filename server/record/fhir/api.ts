/**
 * The FHIR API's interactions, by path below /fhir/R4 (route.ts hands them the request):
 *   GET  metadata                       CapabilityStatement
 *   GET  [type]/[id]                    read
 *   GET  [type]?patient=…&date=…        search (searchset Bundle)
 *   GET  Patient/[id]/$everything       the resident's whole record the actor may see
 *   POST (the base)                     a transaction Bundle (server/record/ingest.ts)
 */
import { getDb } from "@/server/db/client";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { getPlatform } from "@/server/platform";
import { ingestBundle } from "@/server/record/ingest";
import type { IntegrationActor } from "@/server/record/integration";
import { capabilityStatement } from "./capability";
import { FhirError } from "./outcome";
import { isReadableType, patientEverything, readResource, searchResources, type FhirReadContext } from "./read";
import type { FhirAnswer, FhirRequestContext } from "./route";

const unknownPath = (path: string) => new FhirError(404, "record.fhir.unknownPath", [{ severity: "error", code: "not-supported", expression: path, diagnostics: `${path} is not an interaction of this server` }]);

function readContext(context: FhirRequestContext): FhirReadContext {
  return { baseUrl: context.baseUrl, url: context.url, keys: getHealthCardKeys(), ip: context.clientAddress, requestId: context.requestId };
}

export async function readInteraction(context: FhirRequestContext): Promise<FhirAnswer> {
  const [type, id, operation, ...rest] = context.segments;
  const path = context.segments.join("/") || "(base)";
  if (rest.length > 0 || type === undefined) throw unknownPath(path);
  if (type === "metadata" && id === undefined) return { body: capabilityStatement(context.baseUrl) };
  if (!isReadableType(type)) throw unknownPath(path);
  const db = getDb();
  if (operation !== undefined) {
    if (type === "Patient" && id !== undefined && operation === "$everything") return { body: await patientEverything(db, context.actor, id, context.url.searchParams, readContext(context)) };
    throw unknownPath(path);
  }
  if (id === undefined) return { body: await searchResources(db, context.actor, type, context.url.searchParams, readContext(context)) };
  if ([...context.url.searchParams.keys()].some((name) => name !== "_format")) throw unknownPath(`${path}?`);
  return { body: await readResource(db, context.actor, type, id, readContext(context)) };
}

export async function ingestInteraction(context: FhirRequestContext): Promise<FhirAnswer> {
  if (context.segments.length > 0) throw unknownPath(context.segments.join("/"));
  // record.ingest admits only INTEGRATION (route.ts checked the role).
  const result = await ingestBundle(getDb(), context.actor as IntegrationActor, context.rawBody, { ip: context.clientAddress, requestId: context.requestId });
  const { vitalAlerts } = getPlatform();
  for (const [residentId, alerts] of result.alerts) vitalAlerts.enqueue(residentId, alerts);
  return { body: result.response, headers: result.replayed ? { "x-fhir-replayed": "true" } : {} };
}
