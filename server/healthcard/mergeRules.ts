/**
 * The rules a merge and an unmerge share: which identity fields must agree before two records
 * may become one, and the reasons people give. Pure functions, tested in mergeRules.test.ts.
 */
import { ValidationError } from "@/lib/errors";
import type { MessageKey } from "@/lib/i18n";

/** Identity fields that, when they differ, mean the two records may be two people. In this order. */
export const IDENTITY_FIELDS = ["docNumber", "sex", "birthDate"] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export interface IdentityFacts {
  /** WS 364 document type; null for a record created without a document. */
  docType: string | null;
  /** The blind index of "docType:docNumber" (unique per document). */
  docIndex: string | null;
  sex: "MALE" | "FEMALE" | "UNKNOWN";
  /** YYYY-MM-DD, or null when unknown. */
  birthDate: string | null;
}

/**
 * The identity fields on which two records disagree. A field unknown on either side never
 * conflicts. Two documents of the same type with different numbers conflict (one person holds
 * one resident ID); a passport on one record and a resident ID on the other do not.
 */
export function identityConflicts(a: IdentityFacts, b: IdentityFacts): IdentityField[] {
  const found: IdentityField[] = [];
  if (a.docType && a.docType === b.docType && a.docIndex && b.docIndex && a.docIndex !== b.docIndex) found.push("docNumber");
  if (a.sex !== "UNKNOWN" && b.sex !== "UNKNOWN" && a.sex !== b.sex) found.push("sex");
  if (a.birthDate && b.birthDate && a.birthDate !== b.birthDate) found.push("birthDate");
  return found;
}

/** The message naming exactly these fields (healthCard.merge.conflict.<fields joined by ".">). */
export function conflictMessageKey(fields: readonly IdentityField[]): MessageKey {
  return `healthCard.merge.conflict.${IDENTITY_FIELDS.filter((f) => fields.includes(f)).join(".")}` as MessageKey;
}

export const REASON_MIN = 4;
export const REASON_MAX = 500;

/** A stated reason: trimmed, 4 to 500 characters, else 400 with the field's own message. */
export function statedReason(value: string | null | undefined, field: string, messageKey: MessageKey): string {
  const reason = (value ?? "").trim();
  if (Array.from(reason).length < REASON_MIN || Array.from(reason).length > REASON_MAX) throw new ValidationError(messageKey, { field });
  return reason;
}

/** Dates as the merge compares them. */
export function isoDay(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}
