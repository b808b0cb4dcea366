/** Row-by-row validation of an import file: every problem becomes a row error with a message key. */
import { isAppError } from "@/lib/errors";
import { normaliseIdentifierValue } from "../identifiers";
import type { HealthCardKeys } from "../keyStore";
import { preparePerson, type PreparedPerson } from "../person";
import { docTypeCode, type ColumnMap } from "./columns";

export interface PreparedRow {
  rowNumber: number;
  visitCard: string;
  person: PreparedPerson;
}

export interface RowError {
  rowNumber: number;
  field: string | null;
  reasonKey: string;
  params: Record<string, string | number>;
}

export type RowOutcome = { ok: true; row: PreparedRow } | { ok: false; error: RowError };

export function prepareRow(cells: string[], rowNumber: number, columns: ColumnMap, keys: HealthCardKeys, seen: Map<string, { rowNumber: number; docIndex: string }>, now: Date): RowOutcome | null {
  const cell = (index: number | undefined) => (index === undefined ? "" : (cells[index] ?? "").trim());
  if (cells.every((c) => !c.trim())) return null;
  const fail = (reasonKey: string, field: string | null, params: Record<string, string | number> = {}): RowOutcome => ({ ok: false, error: { rowNumber, field, reasonKey, params } });
  const rawVisitCard = cell(columns.visitCard);
  if (!rawVisitCard) return fail("healthCard.import.row.visitCardMissing", "visitCard");
  let visitCard: string;
  let person: PreparedPerson;
  try {
    visitCard = normaliseIdentifierValue(rawVisitCard);
  } catch (error) {
    if (isAppError(error)) return fail(error.messageKey, "visitCard", error.params);
    throw error;
  }
  try {
    person = preparePerson({ docType: docTypeCode(cell(columns.docType)), docNumber: cell(columns.docNumber), name: cell(columns.name), phone: cell(columns.phone) || null }, keys, now);
  } catch (error) {
    if (isAppError(error)) {
      const field = (error.details as { field?: string } | undefined)?.field ?? "docNumber";
      return fail(error.messageKey, field, error.params);
    }
    throw error;
  }
  const earlier = seen.get(visitCard);
  if (earlier && earlier.docIndex !== person.docIndex) return fail("healthCard.import.row.duplicateInFile", "visitCard", { row: earlier.rowNumber });
  if (!earlier) seen.set(visitCard, { rowNumber, docIndex: person.docIndex });
  return { ok: true, row: { rowNumber, visitCard, person } };
}
