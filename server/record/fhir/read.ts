/**
 * Reading the shared record through FHIR: read by id, search within one resident's record, and
 * Patient/$everything. The same door as the UI: `authorizeRecord(…, "fhir.read")` for the
 * resident, then only the categories the grant covers (a consent may cover some); a resident or a
 * resource the actor may not reach answers 404, as one that does not exist. One audit entry
 * `record.fhir.read` per request, naming the interaction and how many resources it returned.
 */
import { randomUUID } from "node:crypto";
import { isAppError, NotFoundError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import type { Actor } from "@/server/access/policy";
import type { Db } from "@/server/db/client";
import type { RecordCategory } from "@/server/db/generated/enums";
import type { HealthCardKeys } from "@/server/healthcard/keyStore";
import { MISSING } from "@/server/notFound";
import { auditRecordAccess, authorizeRecord, grantCovers, type RecordAccessContext, type RecordGrant } from "@/server/record/access";
import type { FhirResource } from "./inbound";
import { FhirError } from "./outcome";
import { adviceToCommunication, appointmentToFhir, consultationToServiceRequest, entryToFhir, opinionToCarePlan, patientToFhir, requestedAt } from "./resources";
import { dateFilter, parseSearch, type DateRange } from "./search";
import { vitalToObservation } from "./vitalObservation";

/** Entry types held in record_entry. */
export const ENTRY_TYPES = ["Observation", "Condition", "AllergyIntolerance", "MedicationStatement", "DiagnosticReport", "DocumentReference", "Encounter"] as const;
/** The platform's own consultation data (category CONSULTATION). */
export const CONSULTATION_TYPES = ["ServiceRequest", "Appointment", "CarePlan", "Communication"] as const;
export const READABLE_TYPES = ["Patient", ...ENTRY_TYPES, ...CONSULTATION_TYPES, "Binary"] as const;
export type ReadableType = (typeof READABLE_TYPES)[number];
type EntryType = (typeof ENTRY_TYPES)[number];
type ConsultationType = (typeof CONSULTATION_TYPES)[number];

/** $everything answers at most this many resources; a larger record is read by search with paging. */
export const EVERYTHING_MAX = 50_000;

export interface FhirReadContext extends RecordAccessContext {
  /** The API's base URL as the client reached it, e.g. https://rmp.example/fhir/R4. */
  baseUrl: string;
  /** The request URL, for the paging links. */
  url: URL;
  keys: HealthCardKeys;
}

export function isReadableType(type: string): type is ReadableType {
  return (READABLE_TYPES as readonly string[]).includes(type);
}
const isEntryType = (type: string): type is EntryType => (ENTRY_TYPES as readonly string[]).includes(type);

const notFound = () => new NotFoundError(MISSING.fhirResource);

/** The grant for the resident, answering 404 (the FHIR resource's) when the actor may not reach them. */
async function grantFor(db: Db, actor: Actor, residentId: string): Promise<RecordGrant> {
  try {
    return await authorizeRecord(db, actor, residentId, "fhir.read");
  } catch (error) {
    if (isAppError(error) && error.status === 404) throw notFound();
    throw error;
  }
}

async function institutionCodes(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.institution.findMany({ where: { id: { in: unique } }, select: { id: true, code: true } });
  return new Map(rows.map((r) => [r.id, r.code]));
}

const ENTRY_SELECT = { id: true, resource: true, updatedAt: true, sourceInstitutionId: true, effectiveAt: true } as const;
type EntrySelected = { id: string; resource: unknown; updatedAt: Date; sourceInstitutionId: string; effectiveAt: Date | null };

async function entriesToFhir(db: Db, rows: EntrySelected[]): Promise<FhirResource[]> {
  const codes = await institutionCodes(db, rows.map((r) => r.sourceInstitutionId));
  return rows.map((r) => entryToFhir({ id: r.id, resource: r.resource, updatedAt: r.updatedAt, sourceInstitution: { code: codes.get(r.sourceInstitutionId) ?? "unknown" } }));
}

const VITAL_SELECT = { id: true, residentId: true, kind: true, value: true, value2: true, measuredAt: true, receivedAt: true, source: true, flag: true, device: { select: { label: true } }, sourceInstitution: { select: { code: true, name: true } } } as const;

interface Dated {
  at: Date | null;
  resource: FhirResource;
}

interface Page {
  offset: number;
  count: number;
}

/** One resident's resources of one type, newest first, with the total; `page` null means all. */
async function resourcesOf(db: Db, grant: RecordGrant, type: EntryType | ConsultationType, dates: DateRange, page: Page | null): Promise<{ total: number; items: Dated[] }> {
  const residentId = grant.residentId;
  const when = dateFilter(dates);
  const take = page ? page.offset + page.count : undefined;
  if (isEntryType(type)) {
    const categories = grant.categories.filter((c) => c !== "VITAL" && c !== "CONSULTATION");
    const where = { residentId, resourceType: type, category: { in: categories as RecordCategory[] }, ...(when ? { effectiveAt: when } : {}) };
    const vitalsToo = type === "Observation" && grantCovers(grant, "VITAL");
    const vitalWhere = { residentId, ...(when ? { measuredAt: when } : {}) };
    const [total, rows, vitalTotal, vitals] = await Promise.all([
      categories.length ? db.recordEntry.count({ where }) : 0,
      categories.length ? db.recordEntry.findMany({ where, select: ENTRY_SELECT, orderBy: [{ effectiveAt: { sort: "desc", nulls: "last" } }, { id: "asc" }], take }) : [],
      vitalsToo ? db.vitalReading.count({ where: vitalWhere }) : 0,
      vitalsToo ? db.vitalReading.findMany({ where: vitalWhere, select: VITAL_SELECT, orderBy: [{ measuredAt: "desc" }, { id: "asc" }], take }) : [],
    ]);
    const resources = await entriesToFhir(db, rows);
    const items: Dated[] = rows.map((r, i) => ({ at: r.effectiveAt, resource: resources[i] as FhirResource }));
    for (const v of vitals) items.push({ at: v.measuredAt, resource: vitalToObservation(v) });
    return { total: total + vitalTotal, items: vitals.length && rows.length ? newestFirst(items) : items };
  }
  if (!grantCovers(grant, "CONSULTATION")) return { total: 0, items: [] };
  const submitted = { residentId, status: { not: "DRAFT" as const } };
  switch (type) {
    case "ServiceRequest": {
      const where = { ...submitted, ...(when ? { OR: [{ submittedAt: when }, { submittedAt: null, createdAt: when }] } : {}) };
      const [total, rows] = await Promise.all([
        db.consultation.count({ where }),
        db.consultation.findMany({
          where,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          take,
          include: { requester: { select: { displayName: true } }, expert: { select: { displayName: true } }, requestingInstitution: { select: { name: true } } },
        }),
      ]);
      return { total, items: rows.map((r) => ({ at: requestedAt(r), resource: consultationToServiceRequest(r) })) };
    }
    case "Appointment": {
      const where = { consultation: submitted, ...(when ? { startsAt: when } : {}) };
      const [total, rows] = await Promise.all([
        db.appointment.count({ where }),
        db.appointment.findMany({ where, orderBy: [{ startsAt: "desc" }, { id: "asc" }], take, include: { consultation: { select: { residentId: true, status: true, expert: { select: { displayName: true } } } } } }),
      ]);
      return { total, items: rows.map((r) => ({ at: r.startsAt, resource: appointmentToFhir(r) })) };
    }
    case "CarePlan": {
      // The latest signed version of each consultation's opinion.
      const rows = await db.consultationOpinion.findMany({
        where: { consultation: submitted, ...(when ? { signedAt: when } : {}) },
        orderBy: [{ consultationId: "asc" }, { version: "desc" }],
        distinct: ["consultationId"],
        include: { author: { select: { displayName: true } }, consultation: { select: { residentId: true, status: true } } },
      });
      const items = newestFirst(rows.map((r) => ({ at: r.signedAt, resource: opinionToCarePlan(r) })));
      return { total: items.length, items: take === undefined ? items : items.slice(0, take) };
    }
    case "Communication": {
      const where = { residentId, consultation: { status: { not: "DRAFT" as const } }, ...(when ? { publishedAt: when } : {}) };
      const [total, rows] = await Promise.all([
        db.followUpAdvice.count({ where }),
        db.followUpAdvice.findMany({ where, orderBy: [{ publishedAt: "desc" }, { id: "asc" }], take, include: { author: { select: { displayName: true } } } }),
      ]);
      return { total, items: rows.map((r) => ({ at: r.publishedAt, resource: adviceToCommunication(r) })) };
    }
  }
}

function newestFirst(items: Dated[]): Dated[] {
  return items.sort((a, b) => (b.at?.getTime() ?? -Infinity) - (a.at?.getTime() ?? -Infinity));
}

async function patientResource(db: Db, actor: Actor, residentId: string, keys: HealthCardKeys): Promise<FhirResource> {
  const row = await db.resident.findUnique({
    where: { id: residentId },
    select: {
      id: true,
      name: true,
      sex: true,
      birthDate: true,
      docType: true,
      docNumberEnc: true,
      docKeyVersion: true,
      mergedIntoId: true,
      updatedAt: true,
      card: { select: { cardId: true, status: true } },
      identifiers: { select: { kind: true, issuer: true, value: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw notFound();
  const issuers = [...new Set(row.identifiers.map((i) => i.issuer))];
  const [institutions, own] = await Promise.all([
    issuers.length ? db.institution.findMany({ where: { code: { in: issuers } }, select: { code: true, name: true } }) : [],
    actor.institutionId ? db.institution.findUnique({ where: { id: actor.institutionId }, select: { code: true } }) : null,
  ]);
  return patientToFhir(row, keys, actor, new Map(institutions.map((i) => [i.code, i.name])), own?.code ?? null);
}

/** Which resident a resource of this type and id belongs to, with the category it is in; null when there is none. */
async function ownerOf(db: Db, type: Exclude<ReadableType, "Patient">, id: string): Promise<{ residentId: string; category: RecordCategory; load: () => Promise<FhirResource> } | null> {
  if (isEntryType(type)) {
    const row = await db.recordEntry.findFirst({ where: { id, resourceType: type }, select: { ...ENTRY_SELECT, residentId: true, category: true } });
    if (row) return { residentId: row.residentId, category: row.category, load: async () => (await entriesToFhir(db, [row]))[0] as FhirResource };
    if (type !== "Observation") return null;
    const vital = await db.vitalReading.findUnique({ where: { id }, select: VITAL_SELECT });
    return vital ? { residentId: vital.residentId, category: "VITAL", load: async () => vitalToObservation(vital) } : null;
  }
  if (type === "Binary") {
    const file = await db.recordFile.findUnique({ where: { id }, select: { id: true, residentId: true, contentType: true, content: true, entry: { select: { id: true, category: true } } } });
    if (!file) return null;
    return {
      residentId: file.residentId,
      category: file.entry.category,
      load: async () => ({ resourceType: "Binary", id: file.id, contentType: file.contentType, securityContext: { reference: `DocumentReference/${file.entry.id}` }, data: Buffer.from(file.content).toString("base64") }),
    };
  }
  const submitted = { status: { not: "DRAFT" as const } };
  switch (type) {
    case "ServiceRequest": {
      const row = await db.consultation.findFirst({ where: { id, ...submitted }, include: { requester: { select: { displayName: true } }, expert: { select: { displayName: true } }, requestingInstitution: { select: { name: true } } } });
      return row ? { residentId: row.residentId, category: "CONSULTATION", load: async () => consultationToServiceRequest(row) } : null;
    }
    case "Appointment": {
      const row = await db.appointment.findFirst({ where: { id, consultation: submitted }, include: { consultation: { select: { residentId: true, status: true, expert: { select: { displayName: true } } } } } });
      return row ? { residentId: row.consultation.residentId, category: "CONSULTATION", load: async () => appointmentToFhir(row) } : null;
    }
    case "CarePlan": {
      const row = await db.consultationOpinion.findFirst({ where: { id, consultation: submitted }, include: { author: { select: { displayName: true } }, consultation: { select: { residentId: true, status: true } } } });
      return row ? { residentId: row.consultation.residentId, category: "CONSULTATION", load: async () => opinionToCarePlan(row) } : null;
    }
    case "Communication": {
      const row = await db.followUpAdvice.findFirst({ where: { id, consultation: submitted }, include: { author: { select: { displayName: true } } } });
      return row ? { residentId: row.residentId, category: "CONSULTATION", load: async () => adviceToCommunication(row) } : null;
    }
  }
}

/** GET [type]/[id]. */
export async function readResource(db: Db, actor: Actor, type: ReadableType, id: string, context: FhirReadContext): Promise<FhirResource> {
  if (!isUuid(id)) throw notFound();
  if (type === "Patient") {
    const grant = await grantFor(db, actor, id);
    const patient = await patientResource(db, actor, id, context.keys);
    await auditRecordAccess(db, actor, grant, "record.fhir.read", { interaction: "read", resourceType: type, resourceId: id, count: 1 }, context);
    return patient;
  }
  const owner = await ownerOf(db, type, id);
  if (!owner) throw notFound();
  const grant = await grantFor(db, actor, owner.residentId);
  if (!grantCovers(grant, owner.category)) throw notFound();
  const resource = await owner.load();
  await auditRecordAccess(db, actor, grant, "record.fhir.read", { interaction: "read", resourceType: type, resourceId: id, count: 1 }, context);
  return resource;
}

export interface SearchsetBundle {
  resourceType: "Bundle";
  id: string;
  meta: { lastUpdated: string };
  type: "searchset";
  total: number;
  link: { relation: string; url: string }[];
  entry: { fullUrl: string; resource: FhirResource; search: { mode: "match" | "include" } }[];
}

function searchset(context: FhirReadContext, total: number, resources: { resource: FhirResource; mode: "match" | "include" }[], links: { relation: string; url: string }[]): SearchsetBundle {
  return {
    resourceType: "Bundle",
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: "searchset",
    total,
    link: links,
    entry: resources.map(({ resource, mode }) => ({ fullUrl: `${context.baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode } })),
  };
}

function pageUrl(url: URL, offset: number): string {
  const next = new URL(url);
  next.searchParams.set("_offset", String(offset));
  return next.toString();
}

/** GET [type]?patient=…&date=…: one resident's resources of the type, newest first, a page at a time. */
export async function searchResources(db: Db, actor: Actor, type: ReadableType, params: URLSearchParams, context: FhirReadContext): Promise<SearchsetBundle> {
  if (type === "Binary") throw new FhirError(400, "record.fhir.badSearch", [{ severity: "error", code: "not-supported", expression: "Binary", diagnostics: "Binary is read by id only" }], { problem: "Binary" });
  const query = parseSearch(params);
  if (!isUuid(query.patientId)) throw notFound();
  const grant = await grantFor(db, actor, query.patientId);
  let total: number;
  let page: FhirResource[];
  if (type === "Patient") {
    const patient = await patientResource(db, actor, query.patientId, context.keys);
    total = 1;
    page = query.offset === 0 ? [patient] : [];
  } else {
    const found = await resourcesOf(db, grant, type, query.dates, { offset: query.offset, count: query.count });
    total = found.total;
    page = found.items.slice(query.offset, query.offset + query.count).map((i) => i.resource);
  }
  const links = [{ relation: "self", url: context.url.toString() }];
  if (query.offset + query.count < total) links.push({ relation: "next", url: pageUrl(context.url, query.offset + query.count) });
  await auditRecordAccess(db, actor, grant, "record.fhir.read", { interaction: "search", resourceType: type, count: page.length, offset: query.offset }, context);
  return searchset(context, total, page.map((resource) => ({ resource, mode: "match" })), links);
}

/** GET Patient/[id]/$everything: the Patient and every resource of their record the actor may see. */
export async function patientEverything(db: Db, actor: Actor, patientId: string, params: URLSearchParams, context: FhirReadContext): Promise<SearchsetBundle> {
  for (const [name, value] of params) {
    if (name !== "_format" || !/json/i.test(value)) throw new FhirError(400, "record.fhir.badSearch", [{ severity: "error", code: "invalid", expression: name, diagnostics: `${name}: $everything takes no parameters here` }], { problem: name });
  }
  if (!isUuid(patientId)) throw notFound();
  const grant = await grantFor(db, actor, patientId);
  const patient = await patientResource(db, actor, patientId, context.keys);
  const parts = await Promise.all([...ENTRY_TYPES, ...CONSULTATION_TYPES].map((type) => resourcesOf(db, grant, type, {}, null)));
  const total = 1 + parts.reduce((sum, p) => sum + p.total, 0);
  if (total > EVERYTHING_MAX) {
    throw new FhirError(422, "record.fhir.badSearch", [{ severity: "error", code: "too-costly", expression: "Patient/$everything", diagnostics: `the record has ${total} resources: read it by search with _count and _offset` }], { problem: "$everything" });
  }
  const resources = [{ resource: patient, mode: "match" as const }, ...parts.flatMap((p) => p.items.map((i) => ({ resource: i.resource, mode: "include" as const })))];
  await auditRecordAccess(db, actor, grant, "record.fhir.read", { interaction: "everything", resourceType: "Patient", count: resources.length }, context);
  return searchset(context, resources.length, resources, [{ relation: "self", url: context.url.toString() }]);
}
