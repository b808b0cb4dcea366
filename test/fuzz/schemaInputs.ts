/**
 * Inputs shaped like a zod schema: the schema as JSON Schema (z.toJSONSchema, input side), turned
 * into a fast-check arbitrary of values that mostly pass it, and mutations of those values where
 * one field, or a few, is replaced by a hostile value (values.ts). Driven by the schema alone, so
 * a new route or message is covered with no list to update.
 */
import fc from "fast-check";
import { z } from "zod";
import { nastyValue, prototypeObject } from "./values";

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any", cycles: "ref", reused: "inline" }) as JsonSchema;
}

const MAX_DEPTH = 6;

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  switch (s.format) {
    case "uuid":
      return fc.uuid();
    case "date-time":
      return fc.date({ min: new Date("2000-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc.date({ min: new Date("1900-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "email":
      return fc.emailAddress();
  }
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((text) => text.length <= (s.maxLength ?? Infinity) && text.length >= (s.minLength ?? 0));
    } catch {
      // A pattern fast-check cannot generate from: fall through to plain text.
    }
  }
  const minLength = s.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(s.maxLength ?? 40, 40)), unit: "grapheme" });
}

function numberArbitrary(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : undefined);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : undefined);
  if (integer) return fc.integer({ min: Math.max(min ?? -1_000_000, Number.MIN_SAFE_INTEGER), max: Math.min(max ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
  return fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema (mostly) accepts. */
export function arbitraryFor(s: JsonSchema, root: JsonSchema = s, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const next = (child: JsonSchema) => arbitraryFor(child, root, depth + 1);
  if (s.$ref) {
    const name = s.$ref.split("/").pop() ?? "";
    const target = s.$ref === "#" ? root : root.$defs?.[name];
    return target ? next(target) : fc.jsonValue({ maxDepth: 1 });
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map(next));
  if (s.allOf?.length) return next(s.allOf[0] as JsonSchema);
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => next({ ...s, type: t })));
  switch (type[0]) {
    case "string":
      return stringArbitrary(s);
    case "integer":
      return numberArbitrary(s, true);
    case "number":
      return numberArbitrary(s, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map(next));
      const minLength = s.minItems ?? 0;
      return fc.array(s.items ? next(s.items) : fc.jsonValue({ maxDepth: 1 }), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 4, 4)) });
    }
    case "object": {
      const properties = s.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, next(child)])),
        { requiredKeys: (s.required ?? []).filter((key) => key in properties) },
      );
      if (Object.keys(properties).length === 0 && typeof s.additionalProperties === "object") {
        return fc.dictionary(fc.string({ maxLength: 12 }), next(s.additionalProperties), { maxKeys: 4 });
      }
      return record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...path, index], out));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
  return out;
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  const copy = { ...(value as Record<string, unknown>) };
  Object.defineProperty(copy, head, { value: replaceAt(copy[head], rest, replacement), enumerable: true, writable: true, configurable: true });
  return copy;
}

function dropAt(value: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parent = path.slice(0, -1);
  const key = path[path.length - 1] as string | number;
  const container = parent.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
  if (container === null || typeof container !== "object") return value;
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(container) ? container.filter((_, i) => i !== key) : Object.fromEntries(Object.entries(container).filter(([k]) => k !== key));
  return replaceAt(value, parent, copy);
}

/** One change to a valid value: a field replaced, dropped, or a hostile key added. */
function mutation(value: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(value);
  const at = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(at, nastyValue).map(([path, replacement]) => replaceAt(value, path, replacement)) },
    { weight: 1, arbitrary: at.map((path) => dropAt(value, path)) },
    {
      weight: 1,
      arbitrary: fc.tuple(at, prototypeObject).map(([path, extra]) => {
        const target = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
        return target !== null && typeof target === "object" && !Array.isArray(target) ? replaceAt(value, path, { ...target, ...extra }) : replaceAt(value, path, extra);
      }),
    },
  );
}

/** Values shaped like the schema, unchanged or with one to three mutations. */
export function schemaInputs(schema: z.ZodType): fc.Arbitrary<unknown> {
  const valid = arbitraryFor(jsonSchemaOf(schema));
  const mutateTimes = (value: unknown, times: number): fc.Arbitrary<unknown> => (times === 0 ? fc.constant(value) : mutation(value).chain((changed) => mutateTimes(changed, times - 1)));
  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 4, arbitrary: fc.tuple(valid, fc.integer({ min: 1, max: 3 })).chain(([value, times]) => mutateTimes(value, times)) });
}
