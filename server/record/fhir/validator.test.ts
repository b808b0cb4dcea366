import { describe, expect, it } from "vitest";
import { validateFhirResource } from "./validator";

const observation = {
  resourceType: "Observation",
  id: "obs-1",
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: "8867-4" }] },
  subject: { reference: "urn:uuid:0b6f6c9e-3c44-4b5e-9f3e-4a6a1f8f5d11" },
  effectiveDateTime: "2026-11-30T08:00:00+08:00",
  valueQuantity: { value: 72, unit: "/min", system: "http://unitsofmeasure.org", code: "/min" },
};

describe("validateFhirResource (the official R4 JSON schema)", () => {
  it("accepts a valid resource", () => {
    expect(validateFhirResource(observation)).toEqual([]);
  });

  it("names each wrong element as a FHIRPath expression", () => {
    const issues = validateFhirResource({ ...observation, status: "done", effectiveDateTime: "yesterday", colour: "red" });
    expect(issues.map((i) => i.expression).sort()).toEqual(["Observation.colour", "Observation.effectiveDateTime", "Observation.status"]);
    expect(issues.find((i) => i.expression === "Observation.status")).toMatchObject({ severity: "error", code: "value" });
    expect(issues.find((i) => i.expression === "Observation.colour")).toMatchObject({ code: "structure" });
  });

  it("reports a missing required element under its name", () => {
    const { code: _code, ...withoutCode } = observation;
    expect(validateFhirResource(withoutCode)).toEqual([expect.objectContaining({ code: "required", expression: "Observation.code" })]);
  });

  it("validates the resources inside a Bundle each against its own type, with the entry's path", () => {
    const bundle = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [
        { fullUrl: "urn:uuid:1", resource: observation, request: { method: "PUT", url: "Observation/obs-1" } },
        { resource: { resourceType: "Condition", id: "c1", subject: { reference: "Patient/1" }, clinicalStatus: "active" }, request: { method: "POST", url: "Condition" } },
        { resource: { ...observation, id: "obs-2", status: "nonsense" }, request: { method: "POST", url: "Observation" } },
      ],
    };
    const issues = validateFhirResource(bundle);
    expect(issues.map((i) => i.expression)).toEqual(["Bundle.entry[1].resource.clinicalStatus", "Bundle.entry[2].resource.status"]);
  });

  it("refuses an unknown resource type and what is not an object", () => {
    expect(validateFhirResource({ resourceType: "Spaceship" })).toEqual([expect.objectContaining({ expression: "(resource).resourceType" })]);
    expect(validateFhirResource({ resourceType: "Bundle", type: "collection", entry: [{ resource: { resourceType: "Nope" } }] })[0]?.expression).toBe("Bundle.entry[0].resource.resourceType");
    expect(validateFhirResource([])[0]).toMatchObject({ code: "structure" });
  });

  it("checks contained resources too", () => {
    const issues = validateFhirResource({ ...observation, contained: [{ resourceType: "Patient", id: "p", gender: "robot" }] });
    expect(issues.map((i) => i.expression)).toEqual(["Observation.contained[0].gender"]);
  });

  it("stops at 50 issues", () => {
    const entry = Array.from({ length: 80 }, (_, i) => ({ resource: { ...observation, id: `o${i}`, status: "x" } }));
    expect(validateFhirResource({ resourceType: "Bundle", type: "batch", entry })).toHaveLength(50);
  });
});

describe("the schema's corrections", () => {
  it("knows R4's technical correction 4.0.1 as a FHIR version", () => {
    const capability = { resourceType: "CapabilityStatement", status: "active", date: "2026-12-03", kind: "instance", fhirVersion: "4.0.1", format: ["json"] };
    expect(validateFhirResource(capability)).toEqual([]);
    expect(validateFhirResource({ ...capability, fhirVersion: "9.9.9" })[0]?.expression).toBe("CapabilityStatement.fhirVersion");
  });
});

describe("patterns read as FHIR means them (XML Schema's \\s)", () => {
  it("accepts a no-break space in a string, refuses a control character", () => {
    const condition = (text: string) => ({ resourceType: "Condition", subject: { reference: "Patient/1" }, code: { text } });
    expect(validateFhirResource(condition("李\u00a0明 高血压"))).toEqual([]);
    expect(validateFhirResource(condition("a\u0001b"))[0]?.expression).toBe("Condition.code.text");
    expect(validateFhirResource(condition(""))[0]?.expression).toBe("Condition.code.text");
    expect(validateFhirResource({ ...condition("x"), language: "zh CN" })).toEqual([]);
    expect(validateFhirResource({ ...condition("x"), language: " zh" })[0]?.expression).toBe("Condition.language");
  });
});
