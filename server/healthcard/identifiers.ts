/**
 * Association registration (关联注册): an institution's local identifier (patient number, visit
 * card, maternal-and-child card, immunisation card, social security card) linked to a resident.
 * (kind, issuer, value) is unique: one local identifier can never point at two people.
 */
import { NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { IdentifierKind } from "@/server/db/generated/enums";
import { assertResidentAccess, issuersOf } from "./residentAccess";
import { HealthCardError } from "./errors";
import { MISSING } from "@/server/notFound";

export const IDENTIFIER_KINDS = ["HOSPITAL_PATIENT_NO", "VISIT_CARD", "MATERNAL_CHILD_CARD", "IMMUNISATION_CARD", "SOCIAL_SECURITY_CARD"] as const satisfies readonly IdentifierKind[];

export interface IdentifierInput {
  kind: IdentifierKind;
  /** Institution code (patient numbers, visit cards) or scheme/region code; defaults to the actor's institution. */
  issuer: string;
  value: string;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function normaliseIdentifierValue(value: string): string {
  const normalised = value.trim().toUpperCase().replace(/\s+/g, "");
  if (!/^[A-Z0-9-]{1,64}$/.test(normalised)) throw new ValidationError("healthCard.identifier.valueInvalid", { field: "value" });
  return normalised;
}

export function normaliseIssuer(issuer: string): string {
  const normalised = issuer.trim().toUpperCase();
  if (!/^[A-Z0-9_-]{1,32}$/.test(normalised)) throw new ValidationError("healthCard.identifier.issuerInvalid", { field: "issuer" });
  return normalised;
}

/** Links, or does nothing if this exact link exists; refuses a value already linked to someone else. */
export async function linkIdentifierTx(tx: Tx, residentId: string, input: IdentifierInput, actorId: string | null, importJobId?: string): Promise<"linked" | "unchanged"> {
  const kind = input.kind;
  const issuer = normaliseIssuer(input.issuer);
  const value = normaliseIdentifierValue(input.value);
  const existing = await tx.residentIdentifier.findUnique({ where: { kind_issuer_value: { kind, issuer, value } }, select: { residentId: true } });
  if (existing) {
    if (existing.residentId === residentId) return "unchanged";
    throw new HealthCardError("IDENTIFIER_TAKEN", "healthCard.identifier.taken");
  }
  await tx.residentIdentifier.create({ data: { residentId, kind, issuer, value, createdById: actorId, importJobId: importJobId ?? null } });
  return "linked";
}

export async function linkIdentifier(db: Db, actor: SessionUser, residentId: string, input: { kind: IdentifierKind; issuer?: string | null; value: string }): Promise<"linked" | "unchanged"> {
  assertRole(actor, "resident.update");
  // The issuer is the actor's institution (or one it administers), never what the request says.
  const allowedIssuers = await issuersOf(db, actor);
  const issuer = input.issuer?.trim() ? normaliseIssuer(input.issuer) : allowedIssuers[0];
  if (!issuer) throw new ValidationError("healthCard.identifier.issuerRequired", { field: "issuer" });
  if (!allowedIssuers.includes(issuer)) throw new ValidationError("healthCard.identifier.issuerNotYours", { field: "issuer" }, { issuer });
  await assertResidentAccess(db, actor, residentId, "resident.update");
  const resident = await db.resident.findUnique({ where: { id: residentId }, select: { id: true, mergedIntoId: true } });
  if (!resident) throw new NotFoundError(MISSING.resident);
  if (resident.mergedIntoId) throw new HealthCardError("MERGE_INVALID", "healthCard.merge.alreadyMerged");
  return db.$transaction(async (tx) => {
    const outcome = await linkIdentifierTx(tx, residentId, { kind: input.kind, issuer: issuer, value: input.value }, actor.id);
    if (outcome === "linked") {
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "ehc.identifier.linked", targetType: "resident", targetId: residentId, details: { kind: input.kind, issuer } });
    }
    return outcome;
  });
}
