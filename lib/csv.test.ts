import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvForSpreadsheet } from "./csv";

describe("csvForSpreadsheet", () => {
  it("writes a BOM, CRLF rows, numbers as they are and plain cells unquoted", () => {
    expect(csvForSpreadsheet([["行号", "字段", "原因"], [3, "documentNumber", "证件号码格式不正确"]])).toBe(
      "\uFEFF行号,字段,原因\r\n3,documentNumber,证件号码格式不正确\r\n",
    );
  });

  it("quotes a cell with a comma, a quote or a line break, doubling the quote", () => {
    const row = ["1", 'a,b', 'say "hi"', "two\nlines", "cr\rlf", 'all, "three"\r\nat once'];
    const csv = csvForSpreadsheet([row]);
    expect(csv).toBe('\uFEFF1,"a,b","say ""hi""","two\nlines","cr\rlf","all, ""three""\r\nat once"\r\n');
    expect(parse(csv, { bom: true })).toEqual([row]);
  });

  it("writes only the BOM for no rows", () => {
    expect(csvForSpreadsheet([])).toBe("\uFEFF");
  });
});
