/**
 * Issuing cards: at a hospital window (staff, for the person in front of them: verified) and
 * online (a patient for themselves: verified only after staff check the document or the demo
 * verification step). One document, one resident, one card: registering again answers with the
 * existing card and `existing: true`, never a second card (a unique blind index enforces it).
 */
import { NotFoundError, ValidationError } from "@/lib/errors";
import { audit, auditRow } from "@/server/audit";
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { HealthCardChannel } from "@/server/db/generated/enums";
import { computeCardId, generateMasterIndexId, maskCardId } from "./cardId";
import { HealthCardError } from "./errors";
import { assertResidentAccess } from "./residentAccess";
import { linkIdentifierTx, type IdentifierInput } from "./identifiers";
import type { HealthCardKeys } from "./keyStore";
import { decryptPii } from "./pii";
import { preparePerson, type PersonInput, type PreparedPerson } from "./person";
import { MISSING } from "@/server/notFound";


/** An issued card as the pages see it: the card ID masked (cardId.ts maskCardId). */
export type IssuedCardView = Omit<IssuedCard, "cardId"> & { cardIdMasked: string };

export function issuedCardView({ cardId, ...rest }: IssuedCard): IssuedCardView {
  return { ...rest, cardIdMasked: maskCardId(cardId) };
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type DbOrTx = Db | Tx;

export interface IssuedCard {
  residentId: string;
  masterIndexId: string;
  cardId: string;
  cardStatus: string;
  verified: boolean;
  /** true when the document already had a card: nothing new was created. */
  existing: boolean;
}

export interface IssueOptions {
  channel: HealthCardChannel;
  institutionId: string | null;
  actorId: string | null;
  verified: boolean;
  userId?: string | null;
  importJobId?: string | null;
}

const cardView = (resident: { id: string; masterIndexId: string; verified: boolean }, card: { cardId: string; status: string }, existing: boolean): IssuedCard => ({
  residentId: resident.id,
  masterIndexId: resident.masterIndexId,
  cardId: card.cardId,
  cardStatus: card.status,
  verified: resident.verified,
  existing,
});

/** The survivor of a merge chain (merged records point at the record that absorbed them). */
export async function resolveSurvivorId(db: DbOrTx, residentId: string): Promise<string> {
  let id = residentId;
  for (let hops = 0; hops < 10; hops++) {
    const row = await db.resident.findUnique({ where: { id }, select: { mergedIntoId: true } });
    if (!row?.mergedIntoId) return id;
    id = row.mergedIntoId;
  }
  return id;
}

async function existingByDocument(db: DbOrTx, docIndex: string) {
  const found = await db.resident.findUnique({ where: { docIndex }, select: { id: true } });
  if (!found) return null;
  const survivorId = await resolveSurvivorId(db, found.id);
  return db.resident.findUnique({ where: { id: survivorId }, include: { card: true } });
}

/**
 * Creates resident + card in the given transaction, or returns the existing card of the same
 * document. Callers handle the unique-violation race (two windows at once) by retrying once.
 */
export async function createOrFindTx(tx: Tx, keys: HealthCardKeys, person: PreparedPerson, options: IssueOptions) {
  const existing = await existingByDocument(tx, person.docIndex);
  if (existing?.card) return { resident: existing, card: existing.card, existing: true };
  const masterIndexId = generateMasterIndexId();
  const keySet = keys.cards.current;
  const cardId = computeCardId({ rootKey: keySet.rootKey, masterIndexId, docType: person.doc.docType, docNumber: person.doc.docNumber });
  const resident = await tx.resident.create({
    data: {
      masterIndexId,
      name: person.name,
      sex: person.sex,
      birthDate: person.birthDate,
      docType: person.doc.docType,
      docNumberEnc: person.docNumberEnc,
      docKeyVersion: person.docKeyVersion,
      docIndex: person.docIndex,
      phoneEnc: person.phoneEnc,
      phoneKeyVersion: person.phoneKeyVersion,
      phoneIndex: person.phoneIndex,
      verified: options.verified,
      verifiedById: options.verified ? options.actorId : null,
      verifiedAt: options.verified ? new Date() : null,
      userId: options.userId ?? null,
    },
  });
  const card = await tx.healthCard.create({
    data: {
      residentId: resident.id,
      cardId,
      keyVersion: keySet.version,
      channel: options.channel,
      issuingInstitutionId: options.institutionId,
      issuedById: options.actorId,
    },
  });
  return { resident, card, existing: false };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

async function withRetryOnRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return run();
  }
}

export interface WindowRegistration extends PersonInput {
  /** Patient portal account to link (optional). */
  portalUsername?: string | null;
  /** The institution's own visit-card number, linked at once (optional). */
  visitCardNumber?: string | null;
}

async function portalUserId(db: DbOrTx, username: string | null | undefined): Promise<string | null> {
  if (!username?.trim()) return null;
  const user = await db.user.findUnique({ where: { username: username.trim() }, select: { id: true, role: true, resident: { select: { id: true } } } });
  if (!user || user.role !== "PATIENT") throw new ValidationError("healthCard.window.noSuchPatientAccount", { field: "portalUsername" });
  return user.id;
}

/** Staff issue (or find) the card of the person at the window, who showed the document. */
export async function registerAtWindow(db: Db, actor: SessionUser, keys: HealthCardKeys, input: WindowRegistration): Promise<IssuedCard> {
  assertRole(actor, "resident.register");
  const person = preparePerson(input, keys);
  const userId = await portalUserId(db, input.portalUsername);
  const institution = actor.institutionId ? await db.institution.findUnique({ where: { id: actor.institutionId }, select: { code: true } }) : null;
  const result = await withRetryOnRace(() =>
    db.$transaction(async (tx) => {
      const outcome = await createOrFindTx(tx, keys, person, { channel: "WINDOW", institutionId: actor.institutionId, actorId: actor.id, verified: true, userId });
      let resident = outcome.resident;
      // The person is here with the document: an online registration becomes verified.
      if (outcome.existing && !resident.verified) {
        resident = await tx.resident.update({ where: { id: resident.id }, data: { verified: true, verifiedById: actor.id, verifiedAt: new Date(), verificationNote: "window" } });
      }
      if (outcome.existing && userId && resident.userId !== userId) {
        if (resident.userId) throw new HealthCardError("ACCOUNT_TAKEN", "healthCard.window.accountLinkedElsewhere");
        resident = await tx.resident.update({ where: { id: resident.id }, data: { userId } });
      }
      if (input.visitCardNumber?.trim() && institution) {
        const identifier: IdentifierInput = { kind: "VISIT_CARD", issuer: institution.code, value: input.visitCardNumber };
        await linkIdentifierTx(tx, resident.id, identifier, actor.id);
      }
      await audit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: outcome.existing ? "ehc.window.existing" : "ehc.window.issued",
        targetType: "resident",
        targetId: resident.id,
        details: { channel: "WINDOW", linkedAccount: Boolean(userId) },
      });
      return cardView(resident, outcome.card, outcome.existing);
    }),
  ).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new HealthCardError("ACCOUNT_TAKEN", "healthCard.window.accountLinkedElsewhere");
    throw error;
  });
  return result;
}

/** A patient registers themselves online; the card works at once, "verified" comes later. */
export async function registerOnline(db: Db, actor: SessionUser, keys: HealthCardKeys, input: PersonInput): Promise<IssuedCard> {
  assertRole(actor, "card.own");
  const person = preparePerson(input, keys);
  const own = await db.resident.findUnique({ where: { userId: actor.id }, include: { card: true } });
  if (own?.card) {
    if (own.docIndex !== person.docIndex) throw new HealthCardError("ACCOUNT_TAKEN", "healthCard.online.accountHasOtherCard");
    return cardView(own, own.card, true);
  }
  return withRetryOnRace(() =>
    db.$transaction(async (tx) => {
      const existing = await existingByDocument(tx, person.docIndex);
      if (existing?.card) {
        if (existing.userId === actor.id) return cardView(existing, existing.card, true);
        // Someone else's document, or a card issued without an account: only staff can link it.
        throw new HealthCardError("DOCUMENT_TAKEN", "healthCard.online.documentHasCard");
      }
      const outcome = await createOrFindTx(tx, keys, person, { channel: "ONLINE", institutionId: null, actorId: actor.id, verified: false, userId: actor.id });
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "ehc.online.issued", targetType: "resident", targetId: outcome.resident.id });
      return cardView(outcome.resident, outcome.card, false);
    }),
  );
}

/** Staff confirm an online registration after seeing the document. */
export async function verifyResident(db: Db, actor: SessionUser, residentId: string): Promise<void> {
  assertRole(actor, "resident.verify");
  await assertResidentAccess(db, actor, residentId, "resident.verify");
  const resident = await db.resident.findUnique({ where: { id: residentId }, select: { id: true, verified: true } });
  if (!resident) throw new NotFoundError(MISSING.resident);
  if (resident.verified) return;
  await db.$transaction([
    db.resident.update({ where: { id: residentId }, data: { verified: true, verifiedById: actor.id, verifiedAt: new Date(), verificationNote: "staff" } }),
    db.auditLog.create({ data: auditRow({ actorId: actor.id, actorRole: actor.role, action: "ehc.resident.verified", targetType: "resident", targetId: residentId, details: { by: "staff" } }) }),
  ]);
}

/**
 * The demo's stand-in for the public-security real-name check: the patient types the name and
 * document number again and they must match the record. Refused outside demo mode.
 */
export async function demoVerify(db: Db, actor: SessionUser, keys: HealthCardKeys, input: { name: string; docNumber: string }, demoMode: boolean): Promise<void> {
  assertRole(actor, "card.own");
  if (!demoMode) throw new ValidationError("healthCard.online.demoVerifyDisabled");
  const resident = await db.resident.findUnique({ where: { userId: actor.id } });
  if (!resident?.docNumberEnc || resident.docKeyVersion === null) throw new NotFoundError(MISSING.healthCard);
  if (resident.verified) return;
  const docNumber = decryptPii({ ciphertext: resident.docNumberEnc, keyVersion: resident.docKeyVersion }, keys.pii, "resident.docNumber");
  if (docNumber !== input.docNumber.trim().toUpperCase() || resident.name !== input.name.trim()) {
    throw new ValidationError("healthCard.online.demoVerifyMismatch");
  }
  await db.resident.update({ where: { id: resident.id }, data: { verified: true, verifiedAt: new Date(), verificationNote: "demo" } });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.resident.verified", targetType: "resident", targetId: resident.id, details: { by: "demo" } });
}
