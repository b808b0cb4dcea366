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
import { Prisma, type Db } from "@/server/db/client";
import type { RecordCategory, VitalFlag, VitalKind, VitalSource } from "@/server/db/generated/enums";
import type { HealthCardKeys } from "@/server/healthcard/keyStore";
import { MISSING } from "@/server/notFound";
import { auditRecordAccess, authorizeRecord, grantCovers, type RecordAccessContext, type RecordGrant } from "@/server/record/access";
import type { FhirResource } from "./inbound";
import { FhirError, FhirJson } from "./outcome";
import { adviceToCommunication, appointmentToFhir, consultationToServiceRequest, entryFhirJson, entryToFhir, opinionToCarePlan, patientToFhir, requestedAt } from "./resources";
import { dateFilter, parseSearch, type DateRange } from "./search";
import { vitalObservationJson, vitalToObservation, type VitalReadingRow } from "./vitalObservation";

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

async function institutionsById(db: Db, ids: Iterable<string | null>): Promise<Map<string, { code: string; name: string }>> {
  const unique = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db.institution.findMany({ where: { id: { in: unique } }, select: { id: true, code: true, name: true } });
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

/** A resource of the answer: its JSON text, with what the Bundle entry and the ordering need. */
interface Item {
  at: Date | null;
  type: string;
  id: string;
  json: string;
}

const itemOf = (at: Date | null, resource: FhirResource): Item => ({ at, type: resource.resourceType, id: resource.id as string, json: JSON.stringify(resource) });

interface Found {
  total: number;
  items: Item[];
}

/** Record entries of the resident in the grant's categories, newest first (their stored text, not parsed). */
async function entryItems(db: Db, grant: RecordGrant, types: readonly EntryType[] | null, dates: DateRange, take: number | undefined): Promise<Found> {
  const categories = grant.categories.filter((c) => c !== "VITAL" && c !== "CONSULTATION");
  if (categories.length === 0) return { total: 0, items: [] };
  const when = dateFilter(dates);
  const where = { residentId: grant.residentId, category: { in: categories as RecordCategory[] }, ...(types ? { resourceType: { in: [...types] } } : {}), ...(when ? { effectiveAt: when } : {}) };
  const conditions = [
    Prisma.sql`resident_id = ${grant.residentId}::uuid`,
    Prisma.sql`category::text IN (${Prisma.join(categories)})`,
    ...(types ? [Prisma.sql`resource_type IN (${Prisma.join([...types])})`] : []),
    ...(when?.gte ? [Prisma.sql`effective_at >= ${when.gte}`] : []),
    ...(when?.lt ? [Prisma.sql`effective_at < ${when.lt}`] : []),
  ];
  const [total, rows] = await Promise.all([
    db.recordEntry.count({ where }),
    db.$queryRaw<{ id: string; resource_type: string; rest: string; updated_at: Date; source_institution_id: string; effective_at: Date | null }[]>`
      SELECT id::text AS id, resource_type, (resource - 'resourceType' - 'id' - 'meta')::text AS rest, updated_at, source_institution_id::text AS source_institution_id, effective_at
      FROM record_entry WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY effective_at DESC NULLS LAST, id ASC ${take === undefined ? Prisma.empty : Prisma.sql`LIMIT ${take}`}`,
  ]);
  const institutions = await institutionsById(db, rows.map((r) => r.source_institution_id));
  return {
    total,
    items: rows.map((r) => ({
      at: r.effective_at,
      type: r.resource_type,
      id: r.id,
      json: entryFhirJson({ id: r.id, resourceType: r.resource_type, rest: r.rest, updatedAt: r.updated_at, institutionCode: institutions.get(r.source_institution_id)?.code ?? "unknown" }),
    })),
  };
}

const VITAL_SELECT = { id: true, residentId: true, kind: true, value: true, value2: true, measuredAt: true, receivedAt: true, source: true, flag: true, deviceId: true, sourceInstitutionId: true } as const;
type VitalSelected = { id: string; residentId: string; kind: VitalKind; value: number; value2: number | null; measuredAt: Date; receivedAt: Date; source: VitalSource; flag: VitalFlag | null; deviceId: string | null; sourceInstitutionId: string | null };

/** Readings with their device's label and institution's name, looked up once for all of them. */
async function vitalRows(db: Db, rows: VitalSelected[]): Promise<VitalReadingRow[]> {
  const deviceIds = [...new Set(rows.map((r) => r.deviceId).filter((id): id is string => id !== null))];
  const [devices, institutions] = await Promise.all([
    deviceIds.length ? db.homeDevice.findMany({ where: { id: { in: deviceIds } }, select: { id: true, label: true } }) : [],
    institutionsById(db, rows.map((r) => r.sourceInstitutionId)),
  ]);
  const labels = new Map(devices.map((d) => [d.id, d.label]));
  return rows.map((r) => ({
    ...r,
    device: r.deviceId ? { label: labels.get(r.deviceId) ?? "" } : null,
    sourceInstitution: r.sourceInstitutionId ? (institutions.get(r.sourceInstitutionId) ?? null) : null,
  }));
}

async function vitalItems(db: Db, grant: RecordGrant, dates: DateRange, take: number | undefined): Promise<Found> {
  if (!grantCovers(grant, "VITAL")) return { total: 0, items: [] };
  const when = dateFilter(dates);
  const where = { residentId: grant.residentId, ...(when ? { measuredAt: when } : {}) };
  const conditions = [
    Prisma.sql`resident_id = ${grant.residentId}::uuid`,
    ...(when?.gte ? [Prisma.sql`measured_at >= ${when.gte}`] : []),
    ...(when?.lt ? [Prisma.sql`measured_at < ${when.lt}`] : []),
  ];
  // Raw rather than findMany: ten thousand rows map at a third of the cost.
  const [total, rows] = await Promise.all([
    db.vitalReading.count({ where }),
    db.$queryRaw<VitalSelected[]>`
      SELECT id::text AS "id", resident_id::text AS "residentId", kind::text AS "kind", value, value2, measured_at AS "measuredAt", received_at AS "receivedAt",
        source::text AS "source", flag::text AS "flag", device_id::text AS "deviceId", source_institution_id::text AS "sourceInstitutionId"
      FROM vital_reading WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY measured_at DESC, id ASC ${take === undefined ? Prisma.empty : Prisma.sql`LIMIT ${take}`}`,
  ]);
  return { total, items: (await vitalRows(db, rows)).map((v) => ({ at: v.measuredAt, type: "Observation", id: v.id, json: vitalObservationJson(v) })) };
}

/** The platform's consultation data of the resident (category CONSULTATION), newest first; drafts are not requests yet. */
async function consultationItems(db: Db, grant: RecordGrant, type: ConsultationType, dates: DateRange, take: number | undefined): Promise<Found> {
  if (!grantCovers(grant, "CONSULTATION")) return { total: 0, items: [] };
  const residentId = grant.residentId;
  const when = dateFilter(dates);
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
      return { total, items: rows.map((r) => itemOf(requestedAt(r), consultationToServiceRequest(r))) };
    }
    case "Appointment": {
      const where = { consultation: submitted, ...(when ? { startsAt: when } : {}) };
      const [total, rows] = await Promise.all([
        db.appointment.count({ where }),
        db.appointment.findMany({ where, orderBy: [{ startsAt: "desc" }, { id: "asc" }], take, include: { consultation: { select: { residentId: true, status: true, expert: { select: { displayName: true } } } } } }),
      ]);
      return { total, items: rows.map((r) => itemOf(r.startsAt, appointmentToFhir(r))) };
    }
    case "CarePlan": {
      // The latest signed version of each consultation's opinion.
      const rows = await db.consultationOpinion.findMany({
        where: { consultation: submitted, ...(when ? { signedAt: when } : {}) },
        orderBy: [{ consultationId: "asc" }, { version: "desc" }],
        distinct: ["consultationId"],
        include: { author: { select: { displayName: true } }, consultation: { select: { residentId: true, status: true } } },
      });
      const items = newestFirst(rows.map((r) => itemOf(r.signedAt, opinionToCarePlan(r))));
      return { total: items.length, items: take === undefined ? items : items.slice(0, take) };
    }
    case "Communication": {
      const where = { residentId, consultation: { status: { not: "DRAFT" as const } }, ...(when ? { publishedAt: when } : {}) };
      const [total, rows] = await Promise.all([
        db.followUpAdvice.count({ where }),
        db.followUpAdvice.findMany({ where, orderBy: [{ publishedAt: "desc" }, { id: "asc" }], take, include: { author: { select: { displayName: true } } } }),
      ]);
      return { total, items: rows.map((r) => itemOf(r.publishedAt, adviceToCommunication(r))) };
    }
  }
}

/** One resident's resources of one type, newest first, with the total; `take` undefined means all. */
async function resourcesOf(db: Db, grant: RecordGrant, type: EntryType | ConsultationType, dates: DateRange, take: number | undefined): Promise<Found> {
  if (!isEntryType(type)) return consultationItems(db, grant, type, dates, take);
  if (type !== "Observation") return entryItems(db, grant, [type], dates, take);
  const [entries, vitals] = await Promise.all([entryItems(db, grant, [type], dates, take), vitalItems(db, grant, dates, take)]);
  return { total: entries.total + vitals.total, items: entries.items.length && vitals.items.length ? newestFirst([...entries.items, ...vitals.items]) : [...entries.items, ...vitals.items] };
}

function newestFirst(items: Item[]): Item[] {
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
    const row = await db.recordEntry.findFirst({ where: { id, resourceType: type }, select: { id: true, resource: true, updatedAt: true, residentId: true, category: true, sourceInstitution: { select: { code: true } } } });
    if (row) return { residentId: row.residentId, category: row.category, load: async () => entryToFhir(row) };
    if (type !== "Observation") return null;
    const vital = await db.vitalReading.findUnique({ where: { id }, select: VITAL_SELECT });
    return vital ? { residentId: vital.residentId, category: "VITAL", load: async () => vitalToObservation((await vitalRows(db, [vital]))[0] as VitalReadingRow) } : null;
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

/** A searchset Bundle as JSON text, its entries' resources spliced in as they are. */
function searchset(context: FhirReadContext, total: number, groups: { mode: "match" | "include"; items: readonly Item[] }[], links: { relation: string; url: string }[]): FhirJson {
  const head = JSON.stringify({ resourceType: "Bundle", id: randomUUID(), meta: { lastUpdated: new Date().toISOString() }, type: "searchset", total, link: links });
  const base = JSON.stringify(`${context.baseUrl}/`).slice(0, -1);
  const entries: string[] = [];
  for (const { mode, items } of groups) {
    const tail = `,"search":{"mode":"${mode}"}}`;
    // Types and ids are ours (resource type names, UUIDs): nothing in them needs escaping.
    for (const item of items) entries.push(`{"fullUrl":${base}${item.type}/${item.id}","resource":${item.json}${tail}`);
  }
  if (entries.length === 0) return new FhirJson(head);
  return new FhirJson(`${head.slice(0, -1)},"entry":[${entries.join(",")}]}`);
}

function pageUrl(url: URL, offset: number): string {
  const next = new URL(url);
  next.searchParams.set("_offset", String(offset));
  return next.toString();
}

/** GET [type]?patient=…&date=…: one resident's resources of the type, newest first, a page at a time. */
export async function searchResources(db: Db, actor: Actor, type: ReadableType, params: URLSearchParams, context: FhirReadContext): Promise<FhirJson> {
  if (type === "Binary") throw new FhirError(400, "record.fhir.badSearch", [{ severity: "error", code: "not-supported", expression: "Binary", diagnostics: "Binary is read by id only" }], { problem: "Binary" });
  const query = parseSearch(params);
  if (!isUuid(query.patientId)) throw notFound();
  const grant = await grantFor(db, actor, query.patientId);
  let found: Found;
  if (type === "Patient") {
    const patient = await patientResource(db, actor, query.patientId, context.keys);
    found = { total: 1, items: [itemOf(null, patient)] };
  } else {
    found = await resourcesOf(db, grant, type, query.dates, query.offset + query.count);
  }
  const page = found.items.slice(query.offset, query.offset + query.count);
  const links = [{ relation: "self", url: context.url.toString() }];
  if (query.offset + query.count < found.total) links.push({ relation: "next", url: pageUrl(context.url, query.offset + query.count) });
  await auditRecordAccess(db, actor, grant, "record.fhir.read", { interaction: "search", resourceType: type, count: page.length, offset: query.offset }, context);
  return searchset(context, found.total, [{ mode: "match", items: page }], links);
}

/** GET Patient/[id]/$everything: the Patient and every resource of their record the actor may see. */
export async function patientEverything(db: Db, actor: Actor, patientId: string, params: URLSearchParams, context: FhirReadContext): Promise<FhirJson> {
  for (const [name, value] of params) {
    if (name !== "_format" || !/json/i.test(value)) throw new FhirError(400, "record.fhir.badSearch", [{ severity: "error", code: "invalid", expression: name, diagnostics: `${name}: $everything takes no parameters here` }], { problem: name });
  }
  if (!isUuid(patientId)) throw notFound();
  const grant = await grantFor(db, actor, patientId);
  // One more than the limit: a record past it is refused, not cut.
  const take = EVERYTHING_MAX + 1;
  const [patient, ...parts] = await Promise.all([
    patientResource(db, actor, patientId, context.keys),
    entryItems(db, grant, null, {}, take),
    vitalItems(db, grant, {}, take),
    ...CONSULTATION_TYPES.map((type) => consultationItems(db, grant, type, {}, take)),
  ]);
  const total = 1 + parts.reduce((sum, p) => sum + p.total, 0);
  if (total > EVERYTHING_MAX) {
    throw new FhirError(422, "record.fhir.badSearch", [{ severity: "error", code: "too-costly", expression: "Patient/$everything", diagnostics: `the record has ${total} resources: read it by search with _count and _offset` }], { problem: "$everything" });
  }
  await auditRecordAccess(db, actor, grant, "record.fhir.read", { interaction: "everything", resourceType: "Patient", count: total }, context);
  return searchset(context, total, [{ mode: "match", items: [itemOf(null, patient)] }, ...parts.map((p) => ({ mode: "include" as const, items: p.items }))], [{ relation: "self", url: context.url.toString() }]);
}
