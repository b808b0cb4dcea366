/**
 * Search parameters of the FHIR API: `patient` (required: every search is within one resident's
 * record; `subject=Patient/<id>` is the same), `date` with the prefixes eq, ge, le, gt, lt (repeat
 * it for a range), `_count` (page size, default 100, at most 1,000) and `_offset`. Anything else is
 * refused with 400 rather than silently ignored, so a client never takes an unfiltered answer for a
 * filtered one. A date without a time is a day in China Standard Time (UTC+8), the platform's
 * clinical time zone; with a time it must carry its offset.
 */
import { FhirError } from "./outcome";
import type { FhirIssue } from "./validator";

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1_000;
export const MAX_OFFSET = 100_000;

export interface DateRange {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  before?: Date;
}

export interface SearchQuery {
  patientId: string;
  dates: DateRange;
  count: number;
  offset: number;
}

const badSearch = (name: string, problem: string): FhirError => {
  const issue: FhirIssue = { severity: "error", code: "invalid", expression: name, diagnostics: `${name}: ${problem}` };
  return new FhirError(400, "record.fhir.badSearch", [issue], { problem: `${name}: ${problem}` });
};

const DATE = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const CHINA_OFFSET = "+08:00";

/** The moment a date parameter's value starts and the moment after its precision ends. */
export function dateBounds(value: string): { prefix: string; start: Date; end: Date } | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [, prefix = "eq", year, month, day, hour, minute, second, fraction, zone] = m;
  const y = Number(year);
  const mo = month ? Number(month) : undefined;
  const d = day ? Number(day) : undefined;
  if (mo !== undefined && (mo < 1 || mo > 12)) return null;
  if (d !== undefined && (d < 1 || d > 31)) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  let start: Date;
  let end: Date;
  if (hour !== undefined) {
    const text = `${year}-${month}-${day}T${hour}:${minute}:${second ?? "00"}${fraction ?? ""}${zone}`;
    start = new Date(text);
    const step = second === undefined ? 60_000 : fraction === undefined ? 1_000 : 1;
    end = new Date(start.getTime() + step);
  } else if (d !== undefined) {
    start = new Date(`${year}-${pad(mo as number)}-${pad(d)}T00:00:00${CHINA_OFFSET}`);
    end = new Date(start.getTime() + 86_400_000);
  } else if (mo !== undefined) {
    start = new Date(`${year}-${pad(mo)}-01T00:00:00${CHINA_OFFSET}`);
    end = new Date(`${mo === 12 ? y + 1 : y}-${pad(mo === 12 ? 1 : mo + 1)}-01T00:00:00${CHINA_OFFSET}`);
  } else {
    start = new Date(`${year}-01-01T00:00:00${CHINA_OFFSET}`);
    end = new Date(`${y + 1}-01-01T00:00:00${CHINA_OFFSET}`);
  }
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  return { prefix, start, end };
}

function narrow(range: DateRange, from?: Date, before?: Date): DateRange {
  return {
    from: from && (!range.from || from > range.from) ? from : range.from,
    before: before && (!range.before || before < range.before) ? before : range.before,
  };
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d{1,7}$/.test(value)) throw badSearch(name, `must be a whole number from ${min} to ${max}`);
  const n = Number(value);
  if (n < min || n > max) throw badSearch(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

/** The patient's id in `Patient/<id>`, `<id>` or a full URL ending so. */
function patientIdOf(value: string): string {
  const m = /(?:^|\/)(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(value.trim());
  return m ? (m[1] as string) : value;
}

const ALLOWED = new Set(["patient", "subject", "date", "_count", "_offset", "_format"]);

/** The query of a search, or 400 naming the parameter that is wrong or unknown. */
export function parseSearch(params: URLSearchParams): SearchQuery {
  let patientId: string | undefined;
  let dates: DateRange = {};
  let count = DEFAULT_PAGE;
  let offset = 0;
  for (const [name, value] of params) {
    if (!ALLOWED.has(name)) throw badSearch(name, "is not a supported search parameter (patient, date, _count, _offset)");
    if (name === "patient" || name === "subject") {
      if (name === "subject" && !/^(?:.*\/)?Patient\//.test(value)) throw badSearch(name, "must reference a Patient");
      if (patientId !== undefined) throw badSearch(name, "name the patient once");
      patientId = patientIdOf(value);
    } else if (name === "date") {
      const bounds = dateBounds(value);
      if (!bounds) throw badSearch(name, "must be a FHIR date or dateTime with an optional prefix eq, ge, le, gt, lt");
      const { prefix, start, end } = bounds;
      if (prefix === "eq") dates = narrow(dates, start, end);
      else if (prefix === "ge") dates = narrow(dates, start);
      else if (prefix === "gt") dates = narrow(dates, end);
      else if (prefix === "le") dates = narrow(dates, undefined, end);
      else if (prefix === "lt") dates = narrow(dates, undefined, start);
      else throw badSearch(name, `the prefix ${prefix} is not supported (eq, ge, le, gt, lt)`);
    } else if (name === "_count") count = integer(name, value, 1, MAX_PAGE);
    else if (name === "_offset") offset = integer(name, value, 0, MAX_OFFSET);
    else if (name === "_format" && !/json/i.test(value)) throw badSearch(name, "only JSON is served");
  }
  if (patientId === undefined) throw badSearch("patient", "is required: every search is within one resident's record");
  return { patientId, dates, count, offset };
}

/** The Prisma filter of a date column for the range, or undefined when the range is open. */
export function dateFilter(range: DateRange): { gte?: Date; lt?: Date } | undefined {
  if (!range.from && !range.before) return undefined;
  return { ...(range.from ? { gte: range.from } : {}), ...(range.before ? { lt: range.before } : {}) };
}
