/** Mapping a visit-card export's header (Chinese or English names) to the fields we need. */
import { ValidationError } from "@/lib/errors";

export type ImportField = "visitCard" | "name" | "docType" | "docNumber" | "phone";

const ALIASES: Record<ImportField, string[]> = {
  visitCard: ["就诊卡号", "就诊卡", "卡号", "visitcard", "visitcardnumber", "visit_card", "cardno"],
  name: ["姓名", "name", "患者姓名"],
  docType: ["证件类型", "doctype", "doc_type", "documenttype"],
  docNumber: ["证件号码", "证件号", "身份证号", "身份证号码", "docnumber", "doc_number", "idnumber", "documentnumber"],
  phone: ["手机号码", "手机号", "联系电话", "电话", "phone", "mobile"],
};

const normalise = (text: string) => text.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/[\s_-]+/g, "");

export type ColumnMap = Partial<Record<ImportField, number>>;

export function mapColumns(header: string[]): ColumnMap {
  const map: ColumnMap = {};
  header.forEach((cell, index) => {
    const name = normalise(cell);
    for (const [field, aliases] of Object.entries(ALIASES) as [ImportField, string[]][]) {
      if (map[field] === undefined && aliases.some((alias) => normalise(alias) === name)) map[field] = index;
    }
  });
  const missing = (["visitCard", "name", "docNumber"] as const).filter((field) => map[field] === undefined);
  if (missing.length) throw new ValidationError("healthCard.import.missingColumns", undefined, { columns: missing.map((f) => ALIASES[f][0]).join("、") });
  return map;
}

const DOC_TYPE_NAMES: Record<string, string> = {
  居民身份证: "01",
  身份证: "01",
  户口簿: "02",
  居民户口簿: "02",
  护照: "03",
  军官证: "04",
  驾驶证: "05",
  港澳通行证: "06",
  港澳居民来往内地通行证: "06",
  台胞证: "07",
  台湾居民来往大陆通行证: "07",
  其他: "99",
};

/** "01", "1", "居民身份证" → "01"; empty → "01" (what legacy exports hold almost always). */
export function docTypeCode(value: string | undefined): string {
  const text = (value ?? "").trim();
  if (!text) return "01";
  if (/^\d{1,2}$/.test(text)) return text.padStart(2, "0");
  return DOC_TYPE_NAMES[text] ?? text;
}
