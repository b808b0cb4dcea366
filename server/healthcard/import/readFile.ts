/**
 * Reading an uploaded visit-card export into rows: XLSX (first worksheet) or CSV in UTF-8
 * (with or without BOM) or GBK/GB18030, which is what Excel writes on Chinese Windows. UTF-8 is
 * tried strictly first; bytes that are not valid UTF-8 are read as GB18030 (a superset of GBK).
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { ValidationError } from "@/lib/errors";

export type FileEncoding = "utf-8" | "gb18030" | "xlsx";

export interface ReadRows {
  encoding: FileEncoding;
  header: string[];
  /** Data rows; rows[i] is line i + 2 of the file (line 1 is the header). */
  rows: string[][];
}

export function decodeText(bytes: Buffer): { text: string; encoding: "utf-8" | "gb18030" } {
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(withoutBom), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(bytes, "gb18030"), encoding: "gb18030" };
  }
}

const isXlsx = (bytes: Buffer) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError("healthCard.import.badFile");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ValidationError("healthCard.import.empty");
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(String(row.getCell(c).text ?? "").trim());
    rows[rowNumber - 1] = values;
  });
  return Array.from(rows, (row) => row ?? []);
}

export async function readRows(bytes: Buffer): Promise<ReadRows> {
  let all: string[][];
  let encoding: FileEncoding;
  if (isXlsx(bytes)) {
    all = await readXlsx(bytes);
    encoding = "xlsx";
  } else {
    const decoded = decodeText(bytes);
    encoding = decoded.encoding;
    try {
      all = parse(decoded.text, { relax_column_count: true, skip_empty_lines: false, trim: true, bom: true }) as string[][];
    } catch {
      throw new ValidationError("healthCard.import.badFile");
    }
  }
  const [header, ...rows] = all;
  if (!header || rows.every((row) => row.every((cell) => !cell))) throw new ValidationError("healthCard.import.empty");
  return { encoding, header, rows };
}
