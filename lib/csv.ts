/** CSV files for people to open in Excel, written by csv-stringify. */
import { stringify } from "csv-stringify/sync";

/**
 * Rows as CSV the way Excel opens it correctly: UTF-8 with a byte-order mark, CRLF line ends,
 * and a cell quoted only when it holds a comma, a quote or a line break.
 */
export function csvForSpreadsheet(rows: readonly (readonly (string | number)[])[]): string {
  // csv-stringify quotes a cell holding the whole record delimiter; a lone CR or LF must be quoted too.
  return stringify(rows as (string | number)[][], { bom: true, record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

/** A cell a spreadsheet would run as a formula (=, +, -, @ first) is kept as text. */
export function spreadsheetText(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
