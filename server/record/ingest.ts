/**
 * An institution's system pushes a FHIR R4 transaction Bundle into the shared record
 * (POST /fhir/R4, policy action record.ingest). All or nothing: every entry is checked first (the
 * R4 schema, our rules, the resident it is about, its attachments), and one invalid entry refuses
 * the whole Bundle with an OperationOutcome naming the element. Then one transaction stores it:
 *
 *  - Condition, AllergyIntolerance, MedicationStatement, Encounter, DiagnosticReport, non-vital
 *    Observations and DocumentReferences become `record_entry` rows, keyed by the institution and
 *    the resource's own id: the same id again with other content updates the entry, the same
 *    content changes nothing. References to resources of the same Bundle (or stored earlier by the
 *    institution) become ours; the subject becomes our Patient.
 *  - Vital-sign Observations become `vital_reading` rows (source INSTITUTION, sourceKey
 *    `institution:<id>:<Observation id>`), checked and flagged by server/record/vitals.ts.
 *  - DocumentReference attachments sent inline (base64) become `record_file` rows, their type
 *    decided by their content (server/files); the stored resource points at `Binary/<file id>`.
 *  - Patient entries only say who the resident is (health card ID, or a local identifier the
 *    master index links to this institution): nothing is written for them.
 *
 * The same Bundle sent twice (SM3 of the body) is stored once and answered with the same
 * transaction-response, kept in `fhir_bundle_receipt`. Each resident touched gets one audit entry
 * `record.ingested`.
 */
import { randomUUID } from "node:crypto";
import { unsafeInputError } from "@/lib/validation";
import { cleanFileName } from "@/lib/validation";
import { auditRecordAccess, type RecordAccessContext } from "@/server/record/access";
import { sm3Hex } from "@/server/crypto/sm";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { RecordCategory, VitalFlag, VitalKind } from "@/server/db/generated/enums";
import { checkFileContent, FileTypeError } from "@/server/files/fileType";
import { isUniqueViolation } from "@/server/healthcard/residents";
import { ATTACHMENT_KINDS } from "@/server/consultation/attachments";
import { attachmentsOf, authorOf, categoryOf, effectiveOf, isIngestedType, referencesIn, statusOf, subjectElement, titleOf, type FhirResource, type IngestedType } from "./fhir/inbound";
import { FhirError } from "./fhir/outcome";
import { residentResolver, type IdentifierRef } from "./fhir/residents";
import { sourceReferenceSystem } from "./fhir/systems";
import { validateFhirResource, type FhirIssue } from "./fhir/validator";
import { isWithdrawn, vitalKindOf, vitalOfObservation, type VitalFromObservation } from "./fhir/vitalObservation";
import type { StoredAlert } from "./devicesStore";
import type { IntegrationActor } from "./integration";

export const MAX_BUNDLE_ENTRIES = 5_000;
/** One inline attachment, decoded (the Bundle's body limit, BODY_LIMITS.fhir, bounds them together). */
export const MAX_FHIR_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface TransactionResponse {
  resourceType: "Bundle";
  id: string;
  type: "transaction-response";
  timestamp: string;
  entry: { response: { status: string; location?: string; lastModified?: string } }[];
}

export interface IngestResult {
  response: TransactionResponse;
  /** The same Bundle was stored before: this is the answer it had. */
  replayed: boolean;
  /** Alerts raised by flagged vital readings of this Bundle, by resident: the care team is told (VitalAlertNotifier). */
  alerts: ReadonlyMap<string, StoredAlert[]>;
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined);

const issue = (code: FhirIssue["code"], expression: string, diagnostics: string): FhirIssue => ({ severity: "error", code, expression, diagnostics: `${expression}: ${diagnostics}` });

/** lib/validation's path ("entry.2.resource.note.0.text") as FHIRPath ("Bundle.entry[2].resource.note[0].text"). */
function fhirPathOf(path: string): string {
  return "Bundle" + path.split(".").map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join("").replace(/\.…$/, "…");
}

function parseBundle(rawBody: string): Obj {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new FhirError(400, "record.ingest.badJson", [issue("structure", "Bundle", "the body is not JSON")]);
  }
  const unsafe = unsafeInputError(body);
  if (unsafe) {
    const path = ((unsafe.details as { path: string }[])[0]?.path ?? "") as string;
    const where = path === "(value)" ? "Bundle" : fhirPathOf(path);
    throw new FhirError(400, "record.ingest.invalid", [issue("invalid", where, unsafe.code === "NUL_BYTE" ? "contains a NUL character" : "is nested too deeply")], { count: 1 });
  }
  const issues = validateFhirResource(body, "Bundle");
  if (issues.length > 0) throw new FhirError(400, "record.ingest.invalid", issues, { count: issues.length });
  const bundle = body as Obj;
  if (bundle.resourceType !== "Bundle") throw new FhirError(400, "record.ingest.invalid", [issue("structure", "Bundle.resourceType", "must be Bundle")], { count: 1 });
  if (bundle.type !== "transaction") throw new FhirError(422, "record.ingest.refused", [issue("not-supported", "Bundle.type", "only transaction Bundles are accepted")], { count: 1 });
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (entries.length > MAX_BUNDLE_ENTRIES) throw new FhirError(413, "record.ingest.tooMany", [issue("too-costly", "Bundle.entry", `at most ${MAX_BUNDLE_ENTRIES} entries per Bundle`)], { max: MAX_BUNDLE_ENTRIES });
  return bundle;
}

interface PlannedFile {
  id: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

interface ClinicalEntry {
  index: number;
  at: string;
  type: IngestedType;
  sourceId: string;
  fullUrl?: string;
  resource: FhirResource;
  residentId: string;
  contentHash: string;
  category: RecordCategory;
  vital?: VitalFromObservation;
  withdrawnVital?: boolean;
  files: PlannedFile[];
}

interface PatientEntry {
  index: number;
  residentId: string;
  /** How the Bundle's resources may reference it: its fullUrl, Patient/<its id>. */
  references: string[];
}

/** The subject's identifier, or the Patient entry of the Bundle it points at. */
function subjectTarget(resource: FhirResource, type: IngestedType): { reference?: string; identifier?: IdentifierRef } | null {
  const subject = obj(resource[subjectElement(type)]);
  if (!subject) return null;
  const identifier = obj(subject.identifier);
  return {
    reference: typeof subject.reference === "string" ? subject.reference : undefined,
    identifier: identifier && typeof identifier.system === "string" && typeof identifier.value === "string" ? { system: identifier.system, value: identifier.value } : undefined,
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

async function plannedFiles(resource: FhirResource, at: string, issues: FhirIssue[]): Promise<PlannedFile[]> {
  const files: PlannedFile[] = [];
  const attachments = attachmentsOf(resource);
  for (const [i, attachment] of attachments.entries()) {
    const where = `${at}.content[${i}].attachment`;
    if (typeof attachment.data !== "string") {
      if (typeof attachment.url === "string" && !/^https?:\/\//i.test(attachment.url)) issues.push(issue("value", `${where}.url`, "only http(s) URLs are kept; send the document inline as data"));
      continue;
    }
    const text = attachment.data.replace(/\s+/g, "");
    if (!BASE64.test(text) || text.length % 4 !== 0) {
      issues.push(issue("value", `${where}.data`, "is not base64"));
      continue;
    }
    const bytes = new Uint8Array(Buffer.from(text, "base64"));
    if (bytes.length === 0) {
      issues.push(issue("value", `${where}.data`, "is empty"));
      continue;
    }
    if (bytes.length > MAX_FHIR_ATTACHMENT_BYTES) {
      issues.push(issue("too-costly", `${where}.data`, `is larger than ${MAX_FHIR_ATTACHMENT_BYTES / 1024 / 1024} MB`));
      continue;
    }
    const fileName = cleanFileName(typeof attachment.title === "string" ? attachment.title : "", "attachment");
    try {
      const { mime } = await checkFileContent({ name: fileName, bytes }, ATTACHMENT_KINDS);
      const declared = typeof attachment.contentType === "string" ? attachment.contentType.split(";")[0]?.trim().toLowerCase() : undefined;
      if (declared && declared !== mime) {
        issues.push(issue("value", `${where}.contentType`, `says ${declared} but the data is ${mime}`));
        continue;
      }
      files.push({ id: randomUUID(), fileName, contentType: mime, bytes });
    } catch (error) {
      if (!(error instanceof FileTypeError)) throw error;
      issues.push(issue("value", `${where}.data`, `is not an accepted file (PDF, JPEG, PNG, DICOM): ${error.code}`));
    }
  }
  return files;
}

/** Checks every entry and resolves its resident; throws the refusal with every issue found. */
async function planEntries(db: Db, actor: IntegrationActor, institutionCode: string, bundle: Obj): Promise<{ clinical: ClinicalEntry[]; patients: PatientEntry[]; count: number }> {
  const entries = (Array.isArray(bundle.entry) ? bundle.entry : []) as Obj[];
  const issues: FhirIssue[] = [];
  const seen = new Set<string>();
  const patientRefs = new Map<string, { index: number; identifiers: IdentifierRef[] }>();
  const pending: { index: number; at: string; resource: FhirResource; type: IngestedType; fullUrl?: string }[] = [];
  const patientEntries: { index: number; at: string; identifiers: IdentifierRef[]; references: string[] }[] = [];
  entries.forEach((entry, index) => {
    const at = `Bundle.entry[${index}]`;
    const resource = obj(entry.resource) as FhirResource | undefined;
    if (!resource) return issues.push(issue("required", `${at}.resource`, "every entry carries a resource"));
    const method = obj(entry.request)?.method;
    if (method !== "POST" && method !== "PUT") issues.push(issue("not-supported", `${at}.request.method`, "must be POST or PUT"));
    const type = resource.resourceType;
    const fullUrl = typeof entry.fullUrl === "string" ? entry.fullUrl : undefined;
    if (typeof resource.id !== "string") return issues.push(issue("required", `${at}.resource.id`, "the institution's own id of the resource is required (a resend updates it)"));
    const key = `${type}/${resource.id}`;
    if (seen.has(key)) return issues.push(issue("business-rule", `${at}.resource.id`, `${key} appears twice in the Bundle`));
    seen.add(key);
    if (type === "Patient") {
      const identifiers = (Array.isArray(resource.identifier) ? resource.identifier : [])
        .map(obj)
        .filter((i): i is Obj => typeof i?.system === "string" && typeof i.value === "string")
        .map((i) => ({ system: i.system as string, value: i.value as string }));
      patientEntries.push({ index, at, identifiers, references: [key, ...(fullUrl ? [fullUrl] : [])] });
      const target = { index, identifiers };
      patientRefs.set(key, target);
      if (fullUrl) patientRefs.set(fullUrl, target);
      return;
    }
    if (!isIngestedType(type)) return issues.push(issue("not-supported", `${at}.resource.resourceType`, `${type} is not accepted into the shared record`));
    pending.push({ index, at, resource, type, fullUrl });
  });

  const resolver = residentResolver(db, institutionCode);
  for (const p of patientEntries) resolver.want(p.identifiers);
  const subjects = pending.map((p) => subjectTarget(p.resource, p.type));
  for (const s of subjects) if (s?.identifier) resolver.want([s.identifier]);
  await resolver.load();

  const patients: PatientEntry[] = [];
  const patientResident = new Map<number, string>();
  for (const p of patientEntries) {
    const found = resolver.resolve(p.identifiers);
    if (found.kind === "one") {
      patients.push({ index: p.index, residentId: found.residentId, references: p.references });
      patientResident.set(p.index, found.residentId);
    } else if (found.kind === "conflict") {
      issues.push(issue("business-rule", `${p.at}.resource.identifier`, "the identifiers name different residents"));
    } else {
      issues.push(issue("not-found", `${p.at}.resource.identifier`, "no resident of the master index has this health card ID, or this institution's local identifier"));
    }
  }

  const clinical: ClinicalEntry[] = [];
  for (const [i, p] of pending.entries()) {
    const element = subjectElement(p.type);
    const target = subjects[i];
    let residentId: string | undefined;
    if (target?.reference !== undefined) {
      const patient = patientRefs.get(target.reference);
      if (!patient) issues.push(issue("not-found", `${p.at}.resource.${element}`, `${target.reference} is not a Patient entry of this Bundle`));
      else residentId = patientResident.get(patient.index);
      // An unresolved Patient entry has its own issue.
    } else if (target?.identifier) {
      const found = resolver.resolve([target.identifier]);
      if (found.kind === "one") residentId = found.residentId;
      else issues.push(issue("not-found", `${p.at}.resource.${element}.identifier`, "no resident of the master index has this health card ID, or this institution's local identifier"));
    } else {
      issues.push(issue("required", `${p.at}.resource.${element}`, "must reference a Patient entry of the Bundle, or carry the resident's health card ID or local identifier"));
    }
    const kind = vitalKindOf(p.resource);
    let vital: VitalFromObservation | undefined;
    const withdrawnVital = kind !== null && isWithdrawn(p.resource);
    if (kind && !withdrawnVital) {
      const reading = vitalOfObservation(p.resource, kind, `${p.at}.resource`);
      if (Array.isArray(reading)) issues.push(...reading);
      else vital = reading;
    }
    const files = p.type === "DocumentReference" ? await plannedFiles(p.resource, `${p.at}.resource`, issues) : [];
    if (!residentId) continue;
    clinical.push({
      index: p.index,
      at: p.at,
      type: p.type,
      sourceId: p.resource.id as string,
      fullUrl: p.fullUrl,
      resource: p.resource,
      residentId,
      contentHash: sm3Hex(JSON.stringify(p.resource)),
      category: categoryOf(p.resource),
      vital,
      withdrawnVital,
      files,
    });
  }
  if (issues.length > 0) throw new FhirError(422, "record.ingest.refused", issues.slice(0, 50), { count: issues.length });
  return { clinical, patients, count: entries.length };
}

const vitalKey = (institutionId: string, sourceId: string) => `institution:${institutionId}:${sourceId}`;

/** The resource as stored: our id, our Patient, our references, files as Binary references, no meta. */
function storedResource(entry: ClinicalEntry, ourId: string, referenceMap: Map<string, string>, institutionCode: string): FhirResource {
  const resource = structuredClone(entry.resource);
  resource.id = ourId;
  delete resource.meta;
  for (const ref of referencesIn(resource)) {
    const original = ref.reference as string;
    if (original.startsWith("#")) continue;
    const ours = referenceMap.get(original);
    if (ours) {
      ref.reference = ours;
      continue;
    }
    // Something we do not hold (a Practitioner, an Organization): kept as a logical reference.
    delete ref.reference;
    if (!ref.identifier) ref.identifier = { system: sourceReferenceSystem(institutionCode), value: original };
  }
  resource[subjectElement(entry.type)] = { reference: `Patient/${entry.residentId}` };
  if (entry.type === "DocumentReference") {
    let next = 0;
    for (const attachment of attachmentsOf(resource)) {
      if (typeof attachment.data !== "string") continue;
      const file = entry.files[next++] as PlannedFile;
      delete attachment.data;
      delete attachment.hash;
      attachment.contentType = file.contentType;
      attachment.size = file.bytes.length;
      attachment.url = `Binary/${file.id}`;
    }
  }
  return resource;
}

const sameVital = (a: { kind: string; value: number; value2: number | null; measuredAt: Date; residentId: string }, b: VitalFromObservation, residentId: string) =>
  a.kind === b.kind && a.value === b.value && a.value2 === b.value2 && a.measuredAt.getTime() === b.measuredAt.getTime() && a.residentId === residentId;

/**
 * An institution's resource id names one resource of one resident. The same id sent for another
 * resident is a filing error at the source (or a reused id), never a reason to move a record
 * between people: the whole Bundle is refused, naming each entry.
 */
function refuseMovedResources(
  clinical: readonly ClinicalEntry[],
  entryBy: ReadonlyMap<string, { residentId: string }>,
  vitalBy: ReadonlyMap<string, { residentId: string }>,
  institutionId: string,
): void {
  const issues: FhirIssue[] = [];
  for (const c of clinical) {
    const stored = entryBy.get(`${c.type}/${c.sourceId}`) ?? (c.type === "Observation" ? vitalBy.get(vitalKey(institutionId, c.sourceId)) : undefined);
    if (stored && stored.residentId !== c.residentId) {
      issues.push(issue("conflict", `${c.at}.resource.id`, `${c.type}/${c.sourceId} was sent before for another resident; a resource id cannot move to another resident: send it under a new id`));
    }
  }
  if (issues.length > 0) throw new FhirError(409, "record.ingest.movedResource", issues, { count: issues.length });
}

/** Stores a checked Bundle in one transaction; the answer to send. */
async function storeBundle(db: Db, actor: IntegrationActor, institutionCode: string, bundleHash: string, planned: Awaited<ReturnType<typeof planEntries>>, context: RecordAccessContext, now: Date): Promise<Omit<IngestResult, "replayed">> {
  const { clinical, patients, count } = planned;
  const institutionId = actor.institutionId;
  return db.$transaction(
    async (tx) => {
      const entryRows = clinical.filter((c) => !c.vital && !c.withdrawnVital);
      const vitalRows = clinical.filter((c) => c.vital || c.withdrawnVital);
      const sourceIds = [...new Set(clinical.map((c) => c.sourceId))];
      const [existingEntries, existingVitals] = await Promise.all([
        sourceIds.length ? tx.recordEntry.findMany({ where: { sourceInstitutionId: institutionId, sourceId: { in: sourceIds } }, select: { id: true, resourceType: true, sourceId: true, contentHash: true, residentId: true } }) : [],
        vitalRows.length ? tx.vitalReading.findMany({ where: { sourceKey: { in: vitalRows.map((v) => vitalKey(institutionId, v.sourceId)) } }, select: { id: true, sourceKey: true, kind: true, value: true, value2: true, measuredAt: true, residentId: true } }) : [],
      ]);
      const entryBy = new Map(existingEntries.map((e) => [`${e.resourceType}/${e.sourceId}`, e]));
      const vitalBy = new Map(existingVitals.map((v) => [v.sourceKey, v]));
      refuseMovedResources(clinical, entryBy, vitalBy, institutionId);

      // Our id of every resource of the Bundle, then the references to them.
      const ourId = new Map<number, string>();
      for (const c of entryRows) ourId.set(c.index, entryBy.get(`${c.type}/${c.sourceId}`)?.id ?? randomUUID());
      for (const c of vitalRows) ourId.set(c.index, vitalBy.get(vitalKey(institutionId, c.sourceId))?.id ?? randomUUID());
      const referenceMap = new Map<string, string>();
      for (const c of clinical) {
        const target = `${c.type}/${ourId.get(c.index)}`;
        referenceMap.set(`${c.type}/${c.sourceId}`, target);
        if (c.fullUrl) referenceMap.set(c.fullUrl, target);
      }
      for (const p of patients) for (const reference of p.references) referenceMap.set(reference, `Patient/${p.residentId}`);
      // References to resources this institution stored before.
      const earlier = new Set<string>();
      for (const c of entryRows) for (const ref of referencesIn(c.resource)) if (typeof ref.reference === "string" && !referenceMap.has(ref.reference)) earlier.add(ref.reference);
      const earlierIds = [...earlier].map((r) => /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(r)).filter((m): m is RegExpExecArray => m !== null && isIngestedType(m[1] as string));
      if (earlierIds.length > 0) {
        const [rows, vitals] = await Promise.all([
          tx.recordEntry.findMany({ where: { sourceInstitutionId: institutionId, sourceId: { in: earlierIds.map((m) => m[2] as string) } }, select: { id: true, resourceType: true, sourceId: true } }),
          tx.vitalReading.findMany({ where: { sourceKey: { in: earlierIds.filter((m) => m[1] === "Observation").map((m) => vitalKey(institutionId, m[2] as string)) } }, select: { id: true, sourceKey: true } }),
        ]);
        for (const row of rows) referenceMap.set(`${row.resourceType}/${row.sourceId}`, `${row.resourceType}/${row.id}`);
        for (const v of vitals) referenceMap.set(`Observation/${v.sourceKey.split(":").pop()}`, `Observation/${v.id}`);
      }

      const receiptId = randomUUID();
      const responses = new Map<number, TransactionResponse["entry"][number]>();
      const lastModified = now.toISOString();
      for (const p of patients) responses.set(p.index, { response: { status: "200 OK", location: `Patient/${p.residentId}` } });

      const creates: Prisma.RecordEntryCreateManyInput[] = [];
      const updates: { id: string; data: Prisma.RecordEntryUncheckedUpdateInput }[] = [];
      const files: Prisma.RecordFileCreateManyInput[] = [];
      const replacedFilesOf: string[] = [];
      const stats = new Map<string, { created: number; updated: number; unchanged: number }>();
      const count1 = (residentId: string, what: "created" | "updated" | "unchanged") => {
        const s = stats.get(residentId) ?? { created: 0, updated: 0, unchanged: 0 };
        s[what]++;
        stats.set(residentId, s);
      };
      for (const c of entryRows) {
        const id = ourId.get(c.index) as string;
        const existing = entryBy.get(`${c.type}/${c.sourceId}`);
        const location = `${c.type}/${id}`;
        if (existing && existing.contentHash === c.contentHash) {
          responses.set(c.index, { response: { status: "200 OK", location } });
          count1(c.residentId, "unchanged");
          continue;
        }
        const data = {
          residentId: c.residentId,
          category: c.category,
          resourceType: c.type,
          title: titleOf(c.resource),
          status: statusOf(c.resource),
          effectiveAt: effectiveOf(c.resource),
          author: authorOf(c.resource),
          resource: storedResource(c, id, referenceMap, institutionCode) as Prisma.InputJsonValue,
          contentHash: c.contentHash,
          receiptId,
        };
        for (const f of c.files) files.push({ id: f.id, entryId: id, residentId: c.residentId, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.bytes.length, sm3: sm3Hex(f.bytes), content: f.bytes });
        if (existing) {
          replacedFilesOf.push(id);
          responses.set(c.index, { response: { status: "200 OK", location, lastModified } });
          count1(c.residentId, "updated");
          updates.push({ id, data });
        } else {
          responses.set(c.index, { response: { status: "201 Created", location, lastModified } });
          count1(c.residentId, "created");
          creates.push({ id, sourceInstitutionId: institutionId, sourceId: c.sourceId, ...data });
        }
      }

      const vitalCreates: Prisma.VitalReadingCreateManyInput[] = [];
      const vitalUpdates: { id: string; residentId: string; kind: VitalKind; flag: VitalFlag | null; data: Prisma.VitalReadingUpdateInput }[] = [];
      const vitalDeletes: string[] = [];
      const entryDeletes: { resourceType: string; sourceId: string }[] = [];
      for (const c of vitalRows) {
        const key = vitalKey(institutionId, c.sourceId);
        const existing = vitalBy.get(key);
        const id = ourId.get(c.index) as string;
        // An Observation that was not a vital sign before: its old entry goes.
        if (entryBy.has(`Observation/${c.sourceId}`)) entryDeletes.push({ resourceType: "Observation", sourceId: c.sourceId });
        if (c.withdrawnVital) {
          if (existing) vitalDeletes.push(existing.id);
          responses.set(c.index, { response: { status: "200 OK" } });
          count1(c.residentId, existing ? "updated" : "unchanged");
          continue;
        }
        const v = c.vital as VitalFromObservation;
        const location = `Observation/${id}`;
        if (existing && sameVital(existing, v, c.residentId)) {
          responses.set(c.index, { response: { status: "200 OK", location } });
          count1(c.residentId, "unchanged");
        } else if (existing) {
          vitalUpdates.push({ id, residentId: c.residentId, kind: v.kind, flag: v.flag, data: { kind: v.kind, value: v.value, value2: v.value2, unit: v.unit, measuredAt: v.measuredAt, flag: v.flag, receivedAt: now } });
          responses.set(c.index, { response: { status: "200 OK", location, lastModified } });
          count1(c.residentId, "updated");
        } else {
          vitalCreates.push({ id, residentId: c.residentId, kind: v.kind, value: v.value, value2: v.value2, unit: v.unit, measuredAt: v.measuredAt, source: "INSTITUTION", sourceInstitutionId: institutionId, sourceKey: key, flag: v.flag, receivedAt: now });
          responses.set(c.index, { response: { status: "201 Created", location, lastModified } });
          count1(c.residentId, "created");
        }
      }
      // Observations that are no longer vital signs: their old reading goes.
      const noLongerVital = entryRows.filter((c) => c.type === "Observation").map((c) => vitalKey(institutionId, c.sourceId));

      const response: TransactionResponse = {
        resourceType: "Bundle",
        id: receiptId,
        type: "transaction-response",
        timestamp: now.toISOString(),
        entry: Array.from({ length: count }, (_, i) => responses.get(i) ?? { response: { status: "200 OK" } }),
      };
      await tx.fhirBundleReceipt.create({ data: { id: receiptId, institutionId, credentialId: actor.id, bundleHash, resourceCount: count, response: response as unknown as Prisma.InputJsonValue, receivedAt: now } });

      if (creates.length) await tx.recordEntry.createMany({ data: creates });
      for (const u of updates) await tx.recordEntry.update({ where: { id: u.id }, data: u.data });
      if (replacedFilesOf.length) await tx.recordFile.deleteMany({ where: { entryId: { in: replacedFilesOf } } });
      if (files.length) await tx.recordFile.createMany({ data: files });
      if (entryDeletes.length) await tx.recordEntry.deleteMany({ where: { sourceInstitutionId: institutionId, resourceType: "Observation", sourceId: { in: entryDeletes.map((d) => d.sourceId) } } });
      if (noLongerVital.length) await tx.vitalReading.deleteMany({ where: { sourceKey: { in: noLongerVital } } });
      if (vitalDeletes.length) await tx.vitalReading.deleteMany({ where: { id: { in: vitalDeletes } } });
      if (vitalCreates.length) await tx.vitalReading.createMany({ data: vitalCreates });
      for (const u of vitalUpdates) await tx.vitalReading.update({ where: { id: u.id }, data: u.data });
      // A flagged reading is on the care team's worklist, as a device's is; a reading flagged before keeps its alert.
      const flagged = [...vitalCreates.map((v) => ({ id: v.id as string, residentId: v.residentId, kind: v.kind, flag: v.flag })), ...vitalUpdates.map((u) => ({ id: u.id, residentId: u.residentId, kind: u.kind, flag: u.flag }))].filter(
        (v): v is { id: string; residentId: string; kind: VitalKind; flag: VitalFlag } => v.flag !== null && v.flag !== undefined,
      );
      const raised = flagged.length ? await tx.vitalAlert.createManyAndReturn({ data: flagged.map((v) => ({ readingId: v.id, residentId: v.residentId, createdAt: now })), skipDuplicates: true, select: { id: true, readingId: true, residentId: true } }) : [];
      const alerts = new Map<string, StoredAlert[]>();
      const readingOf = new Map(flagged.map((v) => [v.id, v]));
      for (const alert of raised) {
        const reading = readingOf.get(alert.readingId) as (typeof flagged)[number];
        alerts.set(alert.residentId, [...(alerts.get(alert.residentId) ?? []), { alertId: alert.id, readingId: alert.readingId, kind: reading.kind, flag: reading.flag }]);
      }

      for (const [residentId, s] of stats) {
        await auditRecordAccess(tx, actor, { residentId, ground: "signedIn" }, "record.ingested", { receiptId, bundleHash, ...s }, context);
      }
      return { response, alerts };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Checks and stores one Bundle as sent (`rawBody`), or answers a resend with the first answer.
 * Throws FhirError (400 invalid, 413 too many entries, 422 refused) naming the elements.
 */
export async function ingestBundle(db: Db, actor: IntegrationActor, rawBody: string, context: RecordAccessContext = {}, now: Date = new Date()): Promise<IngestResult> {
  const bundleHash = sm3Hex(rawBody);
  const earlier = () => db.fhirBundleReceipt.findUnique({ where: { institutionId_bundleHash: { institutionId: actor.institutionId, bundleHash } }, select: { response: true } });
  const before = await earlier();
  if (before) return { response: before.response as unknown as TransactionResponse, replayed: true, alerts: new Map() };
  const bundle = parseBundle(rawBody);
  const institution = await db.institution.findUniqueOrThrow({ where: { id: actor.institutionId }, select: { code: true } });
  const planned = await planEntries(db, actor, institution.code, bundle);
  try {
    return { ...(await storeBundle(db, actor, institution.code, bundleHash, planned, context, now)), replayed: false };
  } catch (error) {
    // The same Bundle stored by a concurrent request a moment ago: its answer is ours.
    if (isUniqueViolation(error)) {
      const raced = await earlier();
      if (raced) return { response: raced.response as unknown as TransactionResponse, replayed: true, alerts: new Map() };
    }
    throw error;
  }
}
