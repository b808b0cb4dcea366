import { describe, expect, it } from "vitest";
import { authorOf, categoryOf, effectiveOf, fhirDate, referencesIn, statusOf, titleOf, type FhirResource } from "./inbound";
import { vitalKindOf, vitalOfObservation, vitalToObservation } from "./vitalObservation";
import { validateFhirResource } from "./validator";

const r = (resource: Record<string, unknown>) => resource as FhirResource;

describe("an institution's resource in the record", () => {
  it("falls in the category a consent can scope", () => {
    expect(categoryOf(r({ resourceType: "Condition" }))).toBe("SUMMARY");
    expect(categoryOf(r({ resourceType: "AllergyIntolerance" }))).toBe("SUMMARY");
    expect(categoryOf(r({ resourceType: "MedicationStatement" }))).toBe("SUMMARY");
    expect(categoryOf(r({ resourceType: "Encounter" }))).toBe("ENCOUNTER");
    expect(categoryOf(r({ resourceType: "DiagnosticReport" }))).toBe("REPORT");
    expect(categoryOf(r({ resourceType: "Observation" }))).toBe("REPORT");
    const doc = (...types: string[]) => r({ resourceType: "DocumentReference", content: types.map((contentType) => ({ attachment: { contentType } })) });
    expect(categoryOf(doc("application/pdf"))).toBe("DOCUMENT");
    expect(categoryOf(doc("image/jpeg", "application/dicom"))).toBe("IMAGE");
    expect(categoryOf(doc("image/png", "application/pdf"))).toBe("DOCUMENT");
    expect(categoryOf(doc())).toBe("DOCUMENT");
  });

  it("takes its list columns from the resource", () => {
    expect(titleOf(r({ resourceType: "Condition", code: { coding: [{ code: "E11", display: "2型糖尿病" }] } }))).toBe("2型糖尿病");
    expect(titleOf(r({ resourceType: "MedicationStatement", medicationCodeableConcept: { text: "二甲双胍" } }))).toBe("二甲双胍");
    expect(titleOf(r({ resourceType: "Encounter", class: { code: "IMP" } }))).toBe("IMP");
    expect(titleOf(r({ resourceType: "DocumentReference", content: [{ attachment: { title: "小结.pdf" } }] }))).toBe("小结.pdf");
    expect(titleOf(r({ resourceType: "Observation" }))).toBe("Observation");
    expect(titleOf(r({ resourceType: "Condition", code: { text: "x".repeat(900) } }))).toHaveLength(500);
    expect(statusOf(r({ resourceType: "Condition", clinicalStatus: { coding: [{ code: "resolved" }] } }))).toBe("resolved");
    expect(statusOf(r({ resourceType: "Observation", status: "final" }))).toBe("final");
    expect(authorOf(r({ resourceType: "Observation", performer: [{ reference: "Practitioner/1" }, { display: "检验科" }] }))).toBe("检验科");
    expect(authorOf(r({ resourceType: "Encounter", participant: [{ individual: { display: "张医生" } }] }))).toBe("张医生");
  });

  it("dates it by its clinical time", () => {
    expect(fhirDate("2026")).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(fhirDate("2026-03")).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(fhirDate("2026-03-05T08:00:00+08:00")).toEqual(new Date("2026-03-05T00:00:00Z"));
    expect(fhirDate("soon")).toBeNull();
    expect(effectiveOf(r({ resourceType: "Observation", effectivePeriod: { start: "2026-01-02" } }))).toEqual(new Date("2026-01-02T00:00:00Z"));
    expect(effectiveOf(r({ resourceType: "Condition", recordedDate: "2025-05-05" }))).toEqual(new Date("2025-05-05T00:00:00Z"));
    expect(effectiveOf(r({ resourceType: "Encounter" }))).toBeNull();
  });

  it("finds every reference, not those of contained resources", () => {
    const refs = referencesIn({ subject: { reference: "Patient/1" }, result: [{ reference: "Observation/2" }, { display: "x" }], contained: [{ subject: { reference: "Patient/3" } }] });
    expect(refs.map((ref) => ref.reference).sort()).toEqual(["Observation/2", "Patient/1"]);
  });
});

describe("vital-sign Observations", () => {
  const hr = (valueQuantity: unknown, extra: Record<string, unknown> = {}) => r({ resourceType: "Observation", status: "final", code: { coding: [{ system: "http://loinc.org", code: "8867-4" }] }, effectiveDateTime: "2026-11-30T08:00:00+08:00", valueQuantity, ...extra });

  it("are recognised by their LOINC code", () => {
    expect(vitalKindOf(hr({ value: 70, unit: "/min" }))).toBe("HEART_RATE");
    expect(vitalKindOf(r({ resourceType: "Observation", code: { coding: [{ system: "http://loinc.org", code: "2339-0" }] } }))).toBe("GLUCOSE");
    expect(vitalKindOf(r({ resourceType: "Observation", code: { coding: [{ system: "http://snomed.info/sct", code: "8867-4" }] } }))).toBeNull();
    expect(vitalKindOf(r({ resourceType: "Observation", code: { coding: [{ system: "http://loinc.org", code: "4548-4" }] } }))).toBeNull();
  });

  it("become readings in the kind's own unit, flagged", () => {
    expect(vitalOfObservation(hr({ value: 120, system: "http://unitsofmeasure.org", code: "/min" }), "HEART_RATE", "Observation")).toEqual({ kind: "HEART_RATE", value: 120, value2: null, unit: "/min", measuredAt: new Date("2026-11-30T00:00:00Z"), flag: "HIGH" });
    const glucose = r({ resourceType: "Observation", code: { coding: [{ system: "http://loinc.org", code: "2339-0" }] }, effectiveDateTime: "2026-11-30", valueQuantity: { value: 180, unit: "mg/dL" } });
    expect(vitalOfObservation(glucose, "GLUCOSE", "Observation")).toMatchObject({ value: 10, unit: "mmol/L" });
  });

  it("are refused naming the element when they cannot be a reading", () => {
    const at = "Bundle.entry[1].resource";
    const issues = (o: FhirResource) => (vitalOfObservation(o, "HEART_RATE", at) as { expression: string }[]).map((i) => i.expression);
    expect(issues(hr({ value: 900, unit: "/min" }))).toEqual([`${at}.valueQuantity`]);
    expect(issues(hr({ value: 70, unit: "mmHg" }))).toEqual([`${at}.valueQuantity.unit`]);
    expect(issues(hr(undefined))).toEqual([`${at}.valueQuantity`]);
    expect(issues(hr({ value: 70, unit: "/min" }, { effectiveDateTime: undefined }))).toEqual([`${at}.effective[x]`]);
    const bp = r({ resourceType: "Observation", code: { coding: [{ system: "http://loinc.org", code: "85354-9" }] }, effectiveDateTime: "2026-11-30", component: [{ code: { coding: [{ system: "http://loinc.org", code: "8480-6" }] }, valueQuantity: { value: 120, unit: "mmHg" } }] });
    expect((vitalOfObservation(bp, "BLOOD_PRESSURE", at) as { expression: string }[]).map((i) => i.expression)).toEqual([`${at}.component`]);
  });

  it("are answered as valid R4 Observations", () => {
    const base = { id: "5b0f7f3e-9d8a-4b8e-8b5f-0a7c6d5e4f3a", residentId: "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", measuredAt: new Date("2026-11-30T00:00:00Z"), receivedAt: new Date("2026-11-30T00:01:00Z") };
    const bp = vitalToObservation({ ...base, kind: "BLOOD_PRESSURE", value: 182, value2: 112, source: "DEVICE", flag: "CRITICAL_HIGH", device: { label: "臂式血压计" } });
    expect(validateFhirResource(bp)).toEqual([]);
    expect(bp).toMatchObject({ code: { coding: [{ code: "85354-9" }] }, interpretation: [{ coding: [{ code: "HH" }] }], device: { display: "臂式血压计" } });
    const weight = vitalToObservation({ ...base, kind: "BODY_WEIGHT", value: 61.5, value2: null, source: "INSTITUTION", flag: null, sourceInstitution: { code: "H1", name: "县医院" } });
    expect(validateFhirResource(weight)).toEqual([]);
    expect(weight).toMatchObject({ valueQuantity: { value: 61.5, code: "kg" }, performer: [{ display: "县医院" }] });
  });
});
