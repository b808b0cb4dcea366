/**
 * Reading a resident's shared record (共享健康档案): the entries every institution sent (health
 * summary, encounters, documents, reports, images and files), the latest vital signs, and the
 * platform's own consultation opinions and follow-up advice. Everything goes through
 * `authorizeRecord` (record.read) and only the categories the grant covers are read at all: the
 * rest is never queried, and the answer names the categories withheld. Each read (one page view,
 * one request) writes one audit entry with the categories it returned.
 */
import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/server/access/policy";
import type { Db } from "@/server/db/client";
import type { RecordCategory, VitalKind } from "@/server/db/generated/enums";
import { MISSING } from "@/server/notFound";
import { auditRecordAccess, authorizeRecord, grantCovers, RECORD_CATEGORIES, type RecordAccessContext, type RecordGrant } from "./access";

/** The categories of entries (record_entry); VITAL and CONSULTATION come from their own tables. */
export const ENTRY_CATEGORIES = ["SUMMARY", "ENCOUNTER", "DOCUMENT", "REPORT", "IMAGE"] as const satisfies readonly RecordCategory[];

/** At most this many entries per read, newest first; `more` says when there are others (narrow by category or institution). */
export const RECORD_PAGE_LIMIT = 200;

export const recordQuerySchema = z.object({
  category: z.enum(RECORD_CATEGORIES as [RecordCategory, ...RecordCategory[]]).optional(),
  institution: z.uuid().optional(),
});
export type RecordQuery = z.infer<typeof recordQuerySchema>;

export interface InstitutionName {
  id: string;
  name: string;
  nameEn: string | null;
}

export interface RecordEntryView {
  id: string;
  category: RecordCategory;
  resourceType: string;
  title: string;
  status: string | null;
  effectiveAt: Date | null;
  author: string | null;
  institution: InstitutionName;
  files: { id: string; fileName: string; contentType: string; sizeBytes: number }[];
}

export interface VitalView {
  kind: VitalKind;
  value: number;
  value2: number | null;
  unit: string;
  measuredAt: Date;
  flag: string | null;
  source: "DEVICE" | "INSTITUTION";
  institution: InstitutionName | null;
}

export interface ConsultationRecordView {
  id: string;
  number: string;
  specialty: string;
  status: string;
  requestingInstitution: InstitutionName;
  opinion: {
    version: number;
    findings: string;
    impression: string;
    recommendations: string;
    referralDecision: string;
    signedAt: Date;
    author: string;
    authorTitle: string | null;
    institution: InstitutionName | null;
  } | null;
  advice: { id: string; body: string; publishedAt: Date; author: string }[];
}

export interface SharedRecord {
  resident: { id: string; name: string; sex: "MALE" | "FEMALE" | "UNKNOWN"; birthDate: string | null };
  ground: RecordGrant["ground"];
  /** What the grant covers. */
  categories: readonly RecordCategory[];
  /** What it does not: never read, so never sent. */
  withheld: RecordCategory[];
  query: RecordQuery;
  entries: RecordEntryView[];
  /** True when more entries match than RECORD_PAGE_LIMIT. */
  more: boolean;
  /** The latest reading of each kind (VITAL), newest first. */
  vitals: VitalView[];
  consultations: ConsultationRecordView[];
  /** The institutions that sent entries in the covered categories, for the filter. */
  institutions: InstitutionName[];
}

const INSTITUTION = { select: { id: true, name: true, nameEn: true } } as const;

/** The shared record as the actor may see it; 404 RESIDENT_NOT_FOUND when the actor may not read it at all. */
export async function readSharedRecord(db: Db, actor: Actor, residentId: string, query: RecordQuery = {}, context: RecordAccessContext = {}): Promise<SharedRecord> {
  const grant = await authorizeRecord(db, actor, residentId, "record.read");
  const resident = await db.resident.findUnique({ where: { id: residentId }, select: { id: true, name: true, sex: true, birthDate: true } });
  if (!resident) throw new NotFoundError(MISSING.resident);
  const wanted = (category: RecordCategory) => grantCovers(grant, category) && (!query.category || query.category === category);
  const entryCategories = ENTRY_CATEGORIES.filter(wanted);
  const coveredEntryCategories = ENTRY_CATEGORIES.filter((c) => grantCovers(grant, c));
  const [rows, vitals, consultations, institutions] = await Promise.all([
    entryCategories.length === 0
      ? []
      : db.recordEntry.findMany({
          where: { residentId, category: { in: entryCategories }, ...(query.institution ? { sourceInstitutionId: query.institution } : {}) },
          orderBy: [{ effectiveAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
          take: RECORD_PAGE_LIMIT + 1,
          select: {
            id: true,
            category: true,
            resourceType: true,
            title: true,
            status: true,
            effectiveAt: true,
            author: true,
            sourceInstitution: INSTITUTION,
            files: { select: { id: true, fileName: true, contentType: true, sizeBytes: true }, orderBy: { createdAt: "asc" } },
          },
        }),
    wanted("VITAL") ? latestVitals(db, residentId, query.institution) : [],
    wanted("CONSULTATION") ? consultationRecords(db, residentId, query.institution) : [],
    coveredEntryCategories.length === 0
      ? []
      : db.institution.findMany({
          where: { recordEntries: { some: { residentId, category: { in: coveredEntryCategories } } } },
          select: INSTITUTION.select,
          orderBy: { name: "asc" },
        }),
  ]);
  const entries = rows.slice(0, RECORD_PAGE_LIMIT).map(({ sourceInstitution, ...row }) => ({ ...row, institution: sourceInstitution }));
  const returned = RECORD_CATEGORIES.filter(wanted);
  await auditRecordAccess(db, actor, grant, "record.read", { categories: returned, ...(query.category ? { category: query.category } : {}), ...(query.institution ? { institution: query.institution } : {}), entries: entries.length }, context);
  return {
    resident: { id: resident.id, name: resident.name, sex: resident.sex, birthDate: resident.birthDate ? resident.birthDate.toISOString().slice(0, 10) : null },
    ground: grant.ground,
    categories: grant.categories,
    withheld: RECORD_CATEGORIES.filter((c) => !grantCovers(grant, c)),
    query,
    entries,
    more: rows.length > RECORD_PAGE_LIMIT,
    vitals,
    consultations,
    institutions,
  };
}

/** The newest reading of each kind: one small query per kind on the (resident, kind, measured_at) index. */
async function latestVitals(db: Db, residentId: string, institution?: string): Promise<VitalView[]> {
  const kinds: VitalKind[] = ["BLOOD_PRESSURE", "HEART_RATE", "GLUCOSE", "SPO2", "BODY_TEMPERATURE", "BODY_WEIGHT"];
  const found = await Promise.all(
    kinds.map((kind) =>
      db.vitalReading.findFirst({
        where: { residentId, kind, ...(institution ? { sourceInstitutionId: institution } : {}) },
        orderBy: { measuredAt: "desc" },
        select: { kind: true, value: true, value2: true, unit: true, measuredAt: true, flag: true, source: true, sourceInstitution: INSTITUTION },
      }),
    ),
  );
  return found
    .filter((row) => row !== null)
    .map(({ sourceInstitution, ...row }) => ({ ...row, institution: sourceInstitution }))
    .sort((a, b) => b.measuredAt.getTime() - a.measuredAt.getTime());
}

/** The platform's own consultations with a signed opinion: the latest version, and the advice to the patient. */
async function consultationRecords(db: Db, residentId: string, institution?: string): Promise<ConsultationRecordView[]> {
  const rows = await db.consultation.findMany({
    where: { residentId, opinions: { some: {} }, ...(institution ? { OR: [{ requestingInstitutionId: institution }, { expert: { institutionId: institution } }] } : {}) },
    orderBy: { updatedAt: "desc" },
    take: 50,
    select: {
      id: true,
      number: true,
      specialty: true,
      status: true,
      requestingInstitution: INSTITUTION,
      opinions: {
        orderBy: { version: "desc" },
        take: 1,
        select: {
          version: true,
          findings: true,
          impression: true,
          recommendations: true,
          referralDecision: true,
          signedAt: true,
          author: { select: { displayName: true, title: true, institution: INSTITUTION } },
        },
      },
      advice: { orderBy: { publishedAt: "desc" }, select: { id: true, body: true, publishedAt: true, author: { select: { displayName: true } } } },
    },
  });
  return rows.map((row) => {
    const opinion = row.opinions[0];
    return {
      id: row.id,
      number: row.number,
      specialty: row.specialty,
      status: row.status,
      requestingInstitution: row.requestingInstitution,
      opinion: opinion
        ? {
            version: opinion.version,
            findings: opinion.findings,
            impression: opinion.impression,
            recommendations: opinion.recommendations,
            referralDecision: opinion.referralDecision,
            signedAt: opinion.signedAt,
            author: opinion.author.displayName,
            authorTitle: opinion.author.title,
            institution: opinion.author.institution,
          }
        : null,
      advice: row.advice.map((a) => ({ id: a.id, body: a.body, publishedAt: a.publishedAt, author: a.author.displayName })),
    };
  });
}

/**
 * One file of an entry, for download: the same check as the record (a file of a category the
 * grant does not cover, or of a resident the actor may not read, is "not found"), audited.
 */
export async function readRecordFile(db: Db, actor: Actor, fileId: string, context: RecordAccessContext = {}) {
  const file = await db.recordFile.findUnique({ where: { id: fileId }, select: { id: true, residentId: true, fileName: true, contentType: true, sizeBytes: true, content: true, entry: { select: { id: true, category: true } } } });
  if (!file) throw new NotFoundError(MISSING.recordFile);
  let grant: RecordGrant;
  try {
    grant = await authorizeRecord(db, actor, file.residentId, "record.read");
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(MISSING.recordFile);
    throw error;
  }
  if (!grantCovers(grant, file.entry.category)) throw new NotFoundError(MISSING.recordFile);
  await auditRecordAccess(db, actor, grant, "record.file.read", { fileId: file.id, entryId: file.entry.id, category: file.entry.category }, context);
  return { fileName: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes, content: file.content };
}
