/**
 * Fuzz suite, the visit-card import's reading (no database): readRows on arbitrary bytes, on
 * mutated valid CSV in UTF-8 (with and without BOM) and GBK, and on XLSX-like zips; then the
 * header mapping and the row preparation of what was read. Only the domain's ValidationError (or
 * a row error) may come out, within the per-input time limit. Property: generated rows written
 * as CSV in any of the encodings read back as the same cells; written as XLSX, too.
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { FuzzTally, HangError, report, runs, withinTimeLimit } from "@/test/fuzz/tally";
import { nastyText } from "@/test/fuzz/values";
import { makeResidentId, randomTestKeys } from "../testKeys";
import { mapColumns } from "./columns";
import { prepareRow } from "./prepare";
import { readRows } from "./readFile";

const TARGET = "CSV/XLSX import";
const tally = new FuzzTally("import");
const keys = randomTestKeys();
const NOW = new Date("2026-12-03T08:00:00Z");

afterAll(() => {
  report(`fuzz import: ${JSON.stringify(tally.save())}`);
});

/** Reads, maps and prepares every row as the import runner does; records anything but the domain's errors. */
async function importBytes(bytes: Buffer, what: () => string): Promise<void> {
  tally.input(TARGET);
  try {
    const { header, rows } = await withinTimeLimit(readRows(bytes));
    const columns = mapColumns(header);
    const seen = new Map<string, { rowNumber: number; docIndex: string }>();
    rows.forEach((cells, index) => prepareRow(cells, index + 2, columns, keys, seen, NOW));
  } catch (error) {
    if (isAppError(error) && error.status < 500) return;
    tally.finding(TARGET, error instanceof HangError ? "hangs" : "crashes", `${what()} → ${String(error)}`);
  }
}

const HEADERS = [["就诊卡号", "姓名", "证件类型", "证件号码", "手机号码"], ["visitcard", "name", "doctype", "docnumber", "phone"], ["卡号", "患者姓名", "身份证号"]];
/** Characters GBK can hold (ASCII and common CJK) so a GBK file can say the same thing. */
const gbkText = fc.string({ unit: fc.constantFrom(..."张王李赵刘陈杨黄吴周徐孙马朱胡郭何林罗高就诊卡号姓名证件类型居民身份证护照其他0123456789abcXYZ ,\"'\n-_"), maxLength: 12 });
const validRow = fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom("张三", "李四", "王小明", "Zhang San"), fc.constantFrom("", "01", "1", "居民身份证", "03", "99"), fc.nat(5000), fc.constantFrom("", "13800138000", "+86 139 0000 0000")).map(([card, name, docType, n, phone]) => [`V${card}`, name, docType, docType === "03" ? `E${String(n).padStart(8, "0")}` : makeResidentId(n), phone]);

type Encoding = "utf-8" | "utf-8 BOM" | "gbk";
const encode = (text: string, encoding: Encoding): Buffer => (encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.concat([encoding === "utf-8 BOM" ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, "utf8")]));

/** Bytes of a valid CSV, then bytes flipped, cut, inserted or lines doubled. */
const mutatedCsv = fc
  .tuple(fc.constantFrom(...HEADERS), fc.array(validRow, { minLength: 1, maxLength: 20 }), fc.constantFrom<Encoding>("utf-8", "utf-8 BOM", "gbk"), fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.constantFrom("flip", "cut", "insert", "quote")), { maxLength: 4 }))
  .map(([header, rows, encoding, mutations]) => {
    let bytes = encode(stringify([header, ...rows]), encoding);
    for (const [at, byte, kind] of mutations) {
      const i = bytes.length ? at % bytes.length : 0;
      if (kind === "flip") bytes[i] = byte;
      else if (kind === "cut") bytes = bytes.subarray(0, i);
      else if (kind === "insert") bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte, byte]), bytes.subarray(i)]);
      else bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from('"'), bytes.subarray(i)]);
    }
    return bytes;
  });

const csvOfNastyCells = fc.tuple(fc.constantFrom(...HEADERS), fc.array(fc.array(fc.oneof(nastyText, fc.constantFrom("=cmd|' /C calc'!A0", "+1", "@SUM(1)", "\r", "\"\"\"", "a".repeat(20_000))), { maxLength: 8 }), { maxLength: 10 })).map(([header, rows]) => Buffer.from(stringify([header, ...rows]), "utf8"));

/** Zip-like bytes: the local-file signature, then noise or a real workbook's bytes damaged. */
let workbookBytes: Buffer | undefined;
async function aWorkbook(): Promise<Buffer> {
  if (!workbookBytes) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("导出");
    for (const row of [HEADERS[0] as string[], ["V1", "张三", "01", makeResidentId(1), "13800138000"], ["V2", "李四", "", makeResidentId(2), ""]]) sheet.addRow(row);
    workbookBytes = Buffer.from(await workbook.xlsx.writeBuffer());
  }
  return workbookBytes;
}

describe("fuzz: reading an import file", () => {
  it("arbitrary bytes, mutated CSV (UTF-8, BOM, GBK) and hostile cells: only the domain's errors, no hang", async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
      mutatedCsv,
      csvOfNastyCells,
      fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(b)])),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (file) => importBytes(file, () => file.subarray(0, 200).toString("hex"))),
      { numRuns: runs(5_000) },
    );
    expect(tally.findings).toEqual([]);
  }, 600_000);

  it("XLSX-like zips: the signature with noise, and a real workbook with bytes damaged or cut", async () => {
    const workbook = await aWorkbook();
    const damaged = fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }).map((flips) => {
      const copy = Buffer.from(workbook);
      for (const [at, byte] of flips) copy[at % copy.length] = byte;
      return copy;
    });
    const zipish = fc.oneof(
      fc.uint8Array({ maxLength: 1_000 }).map((b) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(b)])),
      damaged,
      fc.nat().map((at) => workbook.subarray(0, 5 + (at % (workbook.length - 5)))),
    );
    await fc.assert(
      fc.asyncProperty(zipish, async (file) => importBytes(file, () => file.subarray(0, 64).toString("hex"))),
      { numRuns: runs(400) },
    );
    expect(tally.findings).toEqual([]);
  }, 600_000);

  it("property: rows written as CSV (UTF-8, UTF-8 with BOM, GBK) read back as the same cells", async () => {
    const cell = gbkText.map((text) => text.trim());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 15 }), fc.constantFrom<Encoding>("utf-8", "utf-8 BOM", "gbk"), async (rows, encoding) => {
        tally.input(TARGET);
        fc.pre(rows.some((row) => row.some((c) => c !== "")));
        const header = ["就诊卡号", "姓名", "证件号码"];
        const read = await readRows(encode(stringify([header, ...rows], { quoted_match: /^$/ }), encoding));
        expect(read.header).toEqual(header);
        expect(read.rows).toEqual(rows);
        // The Chinese header makes every GBK file invalid UTF-8, so it is always read as GB18030.
        expect(read.encoding).toBe(encoding === "gbk" ? "gb18030" : "utf-8");
      }),
      { numRuns: runs(1_500) },
    );
  }, 600_000);

  it("property: rows written as XLSX read back as the same cells", async () => {
    const cell = fc.string({ minLength: 1, maxLength: 10, unit: fc.constantFrom(..."张王李0123456789abcXYZ-") });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), async (rows) => {
        tally.input(TARGET);
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet("导出");
        for (const row of [["就诊卡号", "姓名", "证件号码"], ...rows]) sheet.addRow(row);
        const read = await readRows(Buffer.from(await workbook.xlsx.writeBuffer()));
        expect(read.encoding).toBe("xlsx");
        expect(read.rows).toEqual(rows);
      }),
      { numRuns: runs(60) },
    );
  }, 600_000);
});
