/**
 * Identity documents accepted for a health card (WS 364 CV02.01.101) and their format checks.
 * The resident ID check follows GB 11643-1999. Every failure carries its own message key so the
 * person at the window learns what to correct. Document numbers are never put in error details.
 */
import type { MessageKey } from "@/lib/i18n";
import { ValidationError } from "@/lib/errors";

export const DOCUMENT_TYPES = {
  residentId: "01",
  householdRegister: "02",
  passport: "03",
  militaryOfficer: "04",
  drivingLicence: "05",
  hkMacauPermit: "06",
  taiwanPermit: "07",
  other: "99",
} as const;

export type DocumentTypeCode = (typeof DOCUMENT_TYPES)[keyof typeof DOCUMENT_TYPES];
export type Sex = "male" | "female";

export interface ResidentIdInfo {
  number: string;
  regionCode: string;
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
}

export interface ValidDocument {
  docType: DocumentTypeCode;
  docNumber: string;
  birthDate?: string;
  sex?: Sex;
}

/** Longest document number: docType (2) + number must fit the 32-byte card-ID block (cardId.ts). */
export const MAX_DOC_NUMBER_LENGTH = 30;

const CODES = new Set<string>(Object.values(DOCUMENT_TYPES));

export function isDocumentTypeCode(value: string): value is DocumentTypeCode {
  return CODES.has(value);
}

// First two digits of GB/T 2260 codes in use, plus 81-83 for HK, Macau and Taiwan residence permits.
const PROVINCES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
]);

/**
 * A 6-digit administrative division code (GB/T 2260, as in the first six digits of a resident ID
 * number): all digits, and the first two name a province-level division.
 */
export function isRegionCode(value: string): boolean {
  return /^\d{6}$/.test(value) && PROVINCES.has(value.slice(0, 2));
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = "10X98765432";

/** ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving) as YYYY-MM-DD. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last part of a resident-ID problem's key (`healthCard.residentId.<problem>`). */
type ResidentIdProblem = MessageKey extends infer Key ? (Key extends `healthCard.residentId.${infer Problem}` ? Problem : never) : never;

function fail(key: ResidentIdProblem, params?: Record<string, string | number>): never {
  throw new ValidationError(`healthCard.residentId.${key}`, undefined, params);
}

/**
 * Validates a GB 11643 citizen identity number. Lower-case x is accepted and stored upper-case;
 * surrounding spaces are dropped. Returns the normalised number, sex and birth date.
 */
export function parseResidentId(input: string, now: Date = new Date()): ResidentIdInfo {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) fail("wrongLength", { length: value.length });
  if (!/^\d{17}[\dX]$/.test(value)) fail("illegalCharacters");
  if (!PROVINCES.has(value.slice(0, 2))) fail("badRegion");

  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    fail("impossibleDate");
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (year < 1900) fail("tooEarly");
  if (birthDate > shanghaiDate(now)) fail("futureDate");
  if (value.slice(14, 17) === "000") fail("badSequence");
  if (residentIdCheckCharacter(value) !== value[17]) fail("badCheckCharacter");

  return {
    number: value,
    regionCode: value.slice(0, 6),
    birthDate,
    sex: Number(value[16]) % 2 === 1 ? "male" : "female",
  };
}

// Formats of the other documents. Chinese passports are E/G + 8 characters, foreign ones vary,
// so 5-17 letters or digits; HK/Macau: H/M + 8 (+2 legacy) digits for the home-return permit,
// C + 8 for the mainland exit permit; Taiwan: 8 digits (since 2015) or 10 legacy digits.
// Military officer card numbers are printed with Chinese prefixes (e.g. 南字第…号); we store the
// ASCII serial only, because the card-ID scheme encrypts ASCII.
const FORMATS: Record<Exclude<DocumentTypeCode, "01" | "02" | "05">, RegExp> = {
  "03": /^[A-Z0-9]{5,17}$/,
  "04": /^[A-Z0-9]{6,12}$/,
  "06": /^(?:[HM]\d{8}(?:\d{2})?|C[A-Z0-9]\d{7})$/,
  "07": /^\d{8}(?:\d{2})?$/,
  "99": new RegExp(`^[A-Z0-9-]{1,${MAX_DOC_NUMBER_LENGTH}}$`),
};

/**
 * Validates a document of any accepted type and returns its normalised form. The household
 * register (02) and the driving licence (05) carry the holder's citizen identity number, so
 * they get the full GB 11643 check and yield sex and birth date too.
 */
export function validateDocument(docType: string, docNumber: string, now: Date = new Date()): ValidDocument {
  if (!isDocumentTypeCode(docType)) {
    throw new ValidationError("healthCard.document.unknownType", { field: "docType" });
  }
  if (docType === "01" || docType === "02" || docType === "05") {
    const { number, sex, birthDate } = parseResidentId(docNumber, now);
    return { docType, docNumber: number, sex, birthDate };
  }
  const normalised = docNumber.trim().toUpperCase().replace(/\s+/g, "");
  if (!FORMATS[docType].test(normalised)) {
    throw new ValidationError("healthCard.document.badFormat", { field: "docNumber", docType }, { docType });
  }
  return { docType, docNumber: normalised };
}
