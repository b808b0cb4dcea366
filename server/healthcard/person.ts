/**
 * Turning what a person or a file says into a stored record: validated document, encrypted
 * document and phone numbers with their blind indexes, sex and birth date (from the resident
 * ID where it has them). Pure functions; the database comes in residents.ts.
 */
import { ValidationError } from "@/lib/errors";
import { validateDocument, type ValidDocument } from "./identity";
import type { HealthCardKeys } from "./keyStore";
import { blindIndex, encryptPii } from "./pii";

export type SexCode = "MALE" | "FEMALE" | "UNKNOWN";

export interface PersonInput {
  docType: string;
  docNumber: string;
  name: string;
  phone?: string | null;
  /** Only used when the document does not carry them (passports, permits). */
  sex?: "male" | "female" | null;
  birthDate?: string | null;
}

export interface PreparedPerson {
  doc: ValidDocument;
  name: string;
  sex: SexCode;
  birthDate: Date | null;
  docIndex: string;
  docNumberEnc: string;
  docKeyVersion: number;
  phoneEnc: string | null;
  phoneKeyVersion: number | null;
  phoneIndex: string | null;
}

const NAME_PATTERN = /^[\p{L}\p{M}·• .'-]{1,50}$/u;

export function normaliseName(input: string): string {
  const name = input.trim().replace(/\s+/g, " ");
  if (!name) throw new ValidationError("healthCard.person.nameRequired", { field: "name" });
  if (!NAME_PATTERN.test(name)) throw new ValidationError("healthCard.person.nameInvalid", { field: "name" });
  return name;
}

/** Mainland mobile (11 digits from 13-19) or a landline with area code; stored digits only. */
export function normalisePhone(input: string): string {
  const digits = input.trim().replace(/^\+?86/, "").replace(/[\s()-]/g, "");
  if (!/^(?:1[3-9]\d{9}|0\d{9,11})$/.test(digits)) throw new ValidationError("healthCard.person.phoneInvalid", { field: "phone" });
  return digits;
}

function parseBirthDate(input: string, now: Date): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== input.trim() || date.getUTCFullYear() < 1900 || date > now) {
    throw new ValidationError("healthCard.person.birthDateInvalid", { field: "birthDate" });
  }
  return date;
}

export function documentIndex(docType: string, docNumber: string, keys: HealthCardKeys): string {
  return blindIndex(`${docType}:${docNumber}`, keys.indexKey);
}

export function phoneIndex(phone: string, keys: HealthCardKeys): string {
  return blindIndex(`phone:${phone}`, keys.indexKey);
}

export function preparePerson(input: PersonInput, keys: HealthCardKeys, now: Date = new Date()): PreparedPerson {
  const doc = validateDocument(input.docType, input.docNumber, now);
  const name = normaliseName(input.name);
  const phone = input.phone && input.phone.trim() ? normalisePhone(input.phone) : null;
  const sex: SexCode = doc.sex ? (doc.sex === "male" ? "MALE" : "FEMALE") : input.sex ? (input.sex === "male" ? "MALE" : "FEMALE") : "UNKNOWN";
  const birthDate = doc.birthDate ? new Date(`${doc.birthDate}T00:00:00Z`) : input.birthDate ? parseBirthDate(input.birthDate, now) : null;
  const docEnc = encryptPii(doc.docNumber, keys.pii, "resident.docNumber");
  const phoneEnc = phone ? encryptPii(phone, keys.pii, "resident.phone") : null;
  return {
    doc,
    name,
    sex,
    birthDate,
    docIndex: documentIndex(doc.docType, doc.docNumber, keys),
    docNumberEnc: docEnc.ciphertext,
    docKeyVersion: docEnc.keyVersion,
    phoneEnc: phoneEnc?.ciphertext ?? null,
    phoneKeyVersion: phoneEnc?.keyVersion ?? null,
    phoneIndex: phone ? phoneIndex(phone, keys) : null,
  };
}
