/** GET /fhir/R4/metadata: what this FHIR server does, as a CapabilityStatement. */
import { CONSULTATION_TYPES, ENTRY_TYPES } from "./read";
import type { FhirResource } from "./inbound";
import { SYSTEM } from "./systems";

const SEARCH_PARAMS = [
  { name: "patient", type: "reference", documentation: "Required: every search is within one resident's record (Patient/<id> or <id>; subject=Patient/<id> is the same)." },
  { name: "date", type: "date", documentation: "The resource's clinical date (effective, onset, period start, authored, start, sent); prefixes eq, ge, le, gt, lt; repeat for a range. A date without time is a day in UTC+8." },
  { name: "_count", type: "number", documentation: "Page size, 1 to 1000 (default 100)." },
  { name: "_offset", type: "number", documentation: "Where the page starts (the next link carries it)." },
];

export function capabilityStatement(baseUrl: string): FhirResource {
  const read = [{ code: "read" }, { code: "search-type" }];
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-12-03",
    publisher: "Remote medicine platform",
    kind: "instance",
    software: { name: "Remote medicine platform shared health record" },
    implementation: { description: "Shared health record across institutions, linked by the e-health card", url: baseUrl },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [
      {
        mode: "server",
        documentation: `Residents are identified by health-card ID (${SYSTEM.healthCard}) or by the sending institution's local identifier (${SYSTEM.hospitalPatientNo}, ${SYSTEM.visitCard}). Errors are OperationOutcome.`,
        security: {
          description: "Institution systems: Authorization: Bearer <integration credential> (issued by the institution admin). Staff and residents: the platform's session cookie. Every read follows the shared record's access rules and is audited.",
        },
        resource: [
          { type: "Patient", interaction: read, searchParam: SEARCH_PARAMS.filter((p) => p.name !== "date"), operation: [{ name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything" }] },
          ...[...ENTRY_TYPES, ...CONSULTATION_TYPES].map((type) => ({ type, interaction: read, searchParam: SEARCH_PARAMS })),
          { type: "Binary", interaction: [{ code: "read" }] },
        ],
        interaction: [{ code: "transaction", documentation: "POST a transaction Bundle of Encounter, Condition, AllergyIntolerance, MedicationStatement, Observation, DiagnosticReport and DocumentReference (Patient entries only identify the resident). All or nothing; the same Bundle twice is stored once." }],
      },
    ],
  };
}
