/**
 * Finding residents: by any linked identifier, card QR text, card ID, master index ID, document
 * number (through the blind index), phone or name. Other domains call `findResidents` and
 * `getResidentSummary`; the signatures are stable. Document and phone numbers come back masked;
 * merged records resolve to the record that absorbed them. Every search and view is audited.
 */
import { NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import { assertAllowed, assertRole, type Relations } from "@/server/access/policy";
import { residentBrowseScope, residentRelations } from "@/server/access/relations";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { isCardId, isMasterIndexId, maskCardId } from "./cardId";
import { DOCUMENT_TYPES, validateDocument } from "./identity";
import { getHealthCardKeys, type HealthCardKeys } from "./keyStore";
import { decryptPii, maskDocumentNumber, maskPhone, type PiiField } from "./pii";
import { documentIndex, normalisePhone, phoneIndex } from "./person";
import { verifyQrCode } from "./qr";
import { MISSING } from "@/server/notFound";
import { isoDay, type IdentityFacts } from "./mergeRules";

export interface ResidentQuery {
  /** What staff typed or scanned: QR text, card ID, master index ID, document, identifier, phone or name. */
  text: string;
  /** At most 50; default 20. */
  limit?: number;
}

export type MatchedBy = "qr" | "cardId" | "masterIndexId" | "document" | "identifier" | "phone" | "name";

export interface ResidentSummary {
  id: string;
  masterIndexId: string;
  name: string;
  sex: "MALE" | "FEMALE" | "UNKNOWN";
  /** YYYY-MM-DD */
  birthDate: string | null;
  docType: string | null;
  /** e.g. 4414**********0012 */
  docNumberMasked: string | null;
  phoneMasked: string | null;
  /** e.g. 3F2A9C****81D0: the full card ID never leaves for a page (cardId.ts maskCardId). */
  cardIdMasked: string | null;
  cardStatus: "ACTIVE" | "SUSPENDED" | "REVOKED" | null;
  /** The institution that issued the card, when known. */
  cardInstitution: { name: string; nameEn: string | null } | null;
  verified: boolean;
  hasPortalAccount: boolean;
  matchedBy?: MatchedBy;
  /** Found by an exact identifier outside the actor's scope: the minimum identity only (birth year, no numbers). */
  limited?: true;
}

const SUMMARY_SELECT = {
  id: true,
  masterIndexId: true,
  name: true,
  sex: true,
  birthDate: true,
  docType: true,
  docNumberEnc: true,
  docKeyVersion: true,
  phoneEnc: true,
  phoneKeyVersion: true,
  verified: true,
  userId: true,
  mergedIntoId: true,
  card: { select: { cardId: true, status: true, issuingInstitution: { select: { name: true, nameEn: true } } } },
} as const;

type SummaryRow = {
  id: string;
  masterIndexId: string;
  name: string;
  sex: "MALE" | "FEMALE" | "UNKNOWN";
  birthDate: Date | null;
  docType: string | null;
  docNumberEnc: string | null;
  docKeyVersion: number | null;
  phoneEnc: string | null;
  phoneKeyVersion: number | null;
  verified: boolean;
  userId: string | null;
  mergedIntoId: string | null;
  card: { cardId: string; status: "ACTIVE" | "SUSPENDED" | "REVOKED"; issuingInstitution: { name: string; nameEn: string | null } | null } | null;
};

/** An encrypted field, decrypted and masked for display; "****" when it cannot be read. */
export function readMasked(enc: string | null, version: number | null, field: PiiField, keys: HealthCardKeys, mask: (v: string) => string): string | null {
  if (!enc || version === null) return null;
  try {
    return mask(decryptPii({ ciphertext: enc, keyVersion: version }, keys.pii, field));
  } catch {
    return "****";
  }
}

export function toSummary(row: SummaryRow, keys: HealthCardKeys, matchedBy?: MatchedBy): ResidentSummary {
  return {
    id: row.id,
    masterIndexId: row.masterIndexId,
    name: row.name,
    sex: row.sex,
    birthDate: row.birthDate ? row.birthDate.toISOString().slice(0, 10) : null,
    docType: row.docType,
    docNumberMasked: readMasked(row.docNumberEnc, row.docKeyVersion, "resident.docNumber", keys, maskDocumentNumber),
    phoneMasked: readMasked(row.phoneEnc, row.phoneKeyVersion, "resident.phone", keys, maskPhone),
    cardIdMasked: row.card ? maskCardId(row.card.cardId) : null,
    cardStatus: row.card?.status ?? null,
    cardInstitution: row.card?.issuingInstitution ?? null,
    verified: row.verified,
    hasPortalAccount: row.userId !== null,
    ...(matchedBy ? { matchedBy } : {}),
  };
}

/** Candidate blind indexes of a document number typed without its type. */
function documentIndexes(text: string, keys: HealthCardKeys): string[] {
  const indexes: string[] = [];
  for (const docType of Object.values(DOCUMENT_TYPES)) {
    try {
      const doc = validateDocument(docType, text);
      indexes.push(documentIndex(doc.docType, doc.docNumber, keys));
    } catch {
      // not this document type
    }
  }
  return indexes;
}

/** Exact identifiers find a resident wherever they are registered; the rest search only the actor's scope. */
const EXACT_MATCHES: ReadonlySet<MatchedBy> = new Set(["qr", "cardId", "masterIndexId", "document"]);

async function findRows(db: Db, text: string, keys: HealthCardKeys, limit: number, scope: Prisma.ResidentWhereInput): Promise<{ rows: SummaryRow[]; matchedBy: MatchedBy | null }> {
  if (text.includes(":")) {
    const verified = await verifyQrCode(text, keys.cards);
    return { rows: await db.resident.findMany({ where: { card: { cardId: verified.cardId } }, select: SUMMARY_SELECT }), matchedBy: "qr" };
  }
  const upper = text.toUpperCase();
  if (isCardId(upper)) {
    const rows = await db.resident.findMany({ where: { card: { cardId: upper } }, select: SUMMARY_SELECT });
    if (rows.length) return { rows, matchedBy: "cardId" };
  }
  if (isMasterIndexId(upper)) {
    const rows = await db.resident.findMany({ where: { masterIndexId: upper }, select: SUMMARY_SELECT });
    if (rows.length) return { rows, matchedBy: "masterIndexId" };
  }
  const docIndexes = documentIndexes(text, keys);
  if (docIndexes.length) {
    const rows = await db.resident.findMany({ where: { docIndex: { in: docIndexes } }, select: SUMMARY_SELECT, take: limit });
    if (rows.length) return { rows, matchedBy: "document" };
  }
  if (/^[A-Za-z0-9-]{1,64}$/.test(text)) {
    const rows = await db.resident.findMany({ where: { AND: [scope, { identifiers: { some: { value: upper } } }] }, select: SUMMARY_SELECT, take: limit });
    if (rows.length) return { rows, matchedBy: "identifier" };
  }
  let phone: string | null = null;
  try {
    phone = normalisePhone(text);
  } catch {
    phone = null;
  }
  if (phone) {
    const rows = await db.resident.findMany({ where: { AND: [scope, { phoneIndex: phoneIndex(phone, keys) }] }, select: SUMMARY_SELECT, take: limit });
    if (rows.length) return { rows, matchedBy: "phone" };
  }
  if (/^[\p{L}·• .'-]{2,50}$/u.test(text)) {
    const rows = await db.resident.findMany({ where: { AND: [scope, { name: { startsWith: text }, mergedIntoId: null }] }, select: SUMMARY_SELECT, take: limit, orderBy: { name: "asc" } });
    if (rows.length) return { rows, matchedBy: "name" };
  }
  return { rows: [], matchedBy: null };
}

/** Replaces merged records by their survivors, without duplicates. */
async function survivors(db: Db, rows: SummaryRow[]): Promise<SummaryRow[]> {
  const out = new Map<string, SummaryRow>();
  for (const row of rows) {
    let current = row;
    for (let hops = 0; current.mergedIntoId && hops < 10; hops++) {
      const next = await db.resident.findUnique({ where: { id: current.mergedIntoId }, select: SUMMARY_SELECT });
      if (!next) break;
      current = next;
    }
    out.set(current.id, current);
  }
  return [...out.values()];
}

/**
 * Staff search over the master patient index (resident.browse / resident.lookup). A name, phone or
 * local number searches the residents of the actor's institution and those in their care. An
 * exact identifier (document number, card ID, master index ID, QR code) also finds a resident
 * registered elsewhere, to avoid a second card or to request a consultation, but answers only the
 * minimum identity for them (`limited: true`). Every search is audited with what it matched.
 */
export async function findResidents(db: Db, actor: SessionUser, query: ResidentQuery): Promise<ResidentSummary[]> {
  assertRole(actor, "resident.browse");
  const text = query.text.trim();
  if (text.length < 2 || text.length > 200) throw new ValidationError("healthCard.lookup.queryLength", { field: "text" });
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 50);
  const keys = getHealthCardKeys();
  const scope = await residentBrowseScope(db, actor);
  const { rows, matchedBy } = await findRows(db, text, keys, limit, scope);
  const resolved = (await survivors(db, rows)).slice(0, limit);
  const inScope = new Set(resolved.length ? (await db.resident.findMany({ where: { AND: [scope, { id: { in: resolved.map((r) => r.id) } }] }, select: { id: true } })).map((r) => r.id) : []);
  const visible = matchedBy && EXACT_MATCHES.has(matchedBy) ? resolved : resolved.filter((row) => inScope.has(row.id));
  const limited = visible.filter((row) => !inScope.has(row.id)).length;
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.resident.search", details: { matchedBy, results: visible.length, outsideScope: limited } });
  return visible.map((row) => (inScope.has(row.id) ? toSummary(row, keys, matchedBy ?? undefined) : minimumIdentity(row, matchedBy ?? undefined)));
}

/** What an exact lookup shows of a resident outside the actor's scope: enough to recognise them, nothing more. */
function minimumIdentity(row: SummaryRow, matchedBy?: MatchedBy): ResidentSummary {
  return {
    id: row.id,
    masterIndexId: row.masterIndexId,
    name: row.name,
    sex: row.sex,
    birthDate: row.birthDate ? row.birthDate.toISOString().slice(0, 4) : null,
    docType: row.docType,
    docNumberMasked: null,
    phoneMasked: null,
    cardIdMasked: null,
    cardStatus: row.card?.status ?? null,
    cardInstitution: row.card?.issuingInstitution ?? null,
    verified: row.verified,
    hasPortalAccount: false,
    limited: true,
    ...(matchedBy ? { matchedBy } : {}),
  };
}

/**
 * One resident by id (a merged id answers with the survivor), for whoever resident.read admits:
 * staff of an institution the resident is registered at or was seen by, their care team, or the
 * resident themselves. Anyone else hears "not found".
 */
export async function getResidentSummary(db: Db, actor: SessionUser, residentId: string): Promise<ResidentSummary> {
  return (await readResident(db, actor, residentId)).summary;
}

/** getResidentSummary with the relations the check used, for callers that decide more from them. */
export async function readResident(db: Db, actor: SessionUser, residentId: string): Promise<{ summary: ResidentSummary; relations: Relations }> {
  assertRole(actor, "resident.read");
  const row = await db.resident.findUnique({ where: { id: residentId }, select: SUMMARY_SELECT });
  if (!row) throw new NotFoundError(MISSING.resident);
  const [survivor] = await survivors(db, [row]);
  if (!survivor) throw new NotFoundError(MISSING.resident);
  const relations = (await residentRelations(db, survivor.id)) ?? {};
  assertAllowed(actor, "resident.read", relations, MISSING.resident);
  return { summary: toSummary(survivor, getHealthCardKeys()), relations };
}

/**
 * Residents exactly as stored, merged ones included and not replaced by their survivors: for
 * callers that must tell a merged record apart (the merge preview). The caller audits.
 */
export async function readStoredResidents(db: Db, ids: string[]): Promise<{ summary: ResidentSummary; mergedIntoId: string | null; identity: IdentityFacts }[]> {
  const rows = await db.resident.findMany({ where: { id: { in: ids } }, select: { ...SUMMARY_SELECT, docIndex: true } });
  const keys = getHealthCardKeys();
  return rows.map((row) => ({
    summary: toSummary(row, keys),
    mergedIntoId: row.mergedIntoId,
    identity: { docType: row.docType, docIndex: row.docIndex, sex: row.sex, birthDate: isoDay(row.birthDate) },
  }));
}

/**
 * The patient of a consultation the caller has already opened (getConsultation checked
 * consultation.read): what its printed opinion names, masked as on every page. Not a lookup:
 * callers pass the consultation's own resident id.
 */
export async function consultationResidentSummary(db: Db, residentId: string): Promise<ResidentSummary> {
  const row = await db.resident.findUnique({ where: { id: residentId }, select: SUMMARY_SELECT });
  if (!row) throw new NotFoundError(MISSING.resident);
  return toSummary(row, getHealthCardKeys());
}
