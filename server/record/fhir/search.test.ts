import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { dateBounds, parseSearch } from "./search";

const id = "4b1a1c52-4a0c-4a51-9d61-5d7e0b8f8a11";
const q = (text: string) => parseSearch(new URLSearchParams(text));

function refusal(text: string) {
  try {
    q(text);
  } catch (error) {
    if (isAppError(error)) return { status: error.status, expression: (error.details as { expression?: string }[])[0]?.expression };
  }
  return null;
}

describe("FHIR search parameters", () => {
  it("reads the patient as an id or a reference", () => {
    expect(q(`patient=${id}`).patientId).toBe(id);
    expect(q(`patient=Patient/${id}`).patientId).toBe(id);
    expect(q(`subject=Patient/${id}`).patientId).toBe(id);
    expect(q(`patient=${id}`)).toMatchObject({ count: 100, offset: 0, dates: {} });
  });

  it("turns date prefixes into a half-open range (days in UTC+8)", () => {
    expect(dateBounds("2026-03-05")).toEqual({ prefix: "eq", start: new Date("2026-03-04T16:00:00Z"), end: new Date("2026-03-05T16:00:00Z") });
    expect(dateBounds("ge2026")?.start).toEqual(new Date("2025-12-31T16:00:00Z"));
    expect(dateBounds("lt2026-12")?.end).toEqual(new Date("2026-12-31T16:00:00Z"));
    expect(dateBounds("gt2026-03-05T10:00:00Z")).toMatchObject({ prefix: "gt", start: new Date("2026-03-05T10:00:00Z"), end: new Date("2026-03-05T10:00:01Z") });
    expect(q(`patient=${id}&date=ge2026-01-01&date=lt2026-02-01`).dates).toEqual({ from: new Date("2025-12-31T16:00:00Z"), before: new Date("2026-01-31T16:00:00Z") });
    expect(q(`patient=${id}&date=gt2026-01-01`).dates).toEqual({ from: new Date("2026-01-01T16:00:00Z") });
    expect(q(`patient=${id}&date=le2026-01-01`).dates).toEqual({ before: new Date("2026-01-01T16:00:00Z") });
    expect(q(`patient=${id}&date=2026-01-01`).dates).toEqual({ from: new Date("2025-12-31T16:00:00Z"), before: new Date("2026-01-01T16:00:00Z") });
  });

  it("refuses with 400 naming the parameter", () => {
    expect(refusal("date=2026")).toEqual({ status: 400, expression: "patient" });
    expect(refusal(`patient=${id}&colour=red`)).toEqual({ status: 400, expression: "colour" });
    expect(refusal(`patient=${id}&date=yesterday`)).toEqual({ status: 400, expression: "date" });
    expect(refusal(`patient=${id}&date=ap2026`)).toEqual({ status: 400, expression: "date" });
    expect(refusal(`patient=${id}&date=2026-13-01`)).toEqual({ status: 400, expression: "date" });
    expect(refusal(`patient=${id}&_count=0`)).toEqual({ status: 400, expression: "_count" });
    expect(refusal(`patient=${id}&_count=5000`)).toEqual({ status: 400, expression: "_count" });
    expect(refusal(`patient=${id}&_offset=-1`)).toEqual({ status: 400, expression: "_offset" });
    expect(refusal(`patient=${id}&patient=${id}`)).toEqual({ status: 400, expression: "patient" });
    expect(refusal(`subject=Practitioner/${id}`)).toEqual({ status: 400, expression: "subject" });
    expect(refusal(`patient=${id}&_format=xml`)).toEqual({ status: 400, expression: "_format" });
  });
});
