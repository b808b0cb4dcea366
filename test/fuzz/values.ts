/**
 * Hostile values for the fuzz suite: what a careless client, a scanner or an attacker sends in a
 * field where something else was expected.
 */
import fc from "fast-check";

const CONTROL = ["\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u001f", "\u007f", "\u0085"];
const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
const ODD = ["\ud800", "\udfff", "a\ud83d", "\udc00b", "\ufeff", "\ufffe", "\uffff", "\u200b", "\u00a0", "\u3000", "𠀋", "👨‍⚕️", "Ａ１", "x\u0301\u0301\u0301"];
const NUMBER_LIKE = ["-1", "0", "-0", "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e21", "0x1F", "0b11", "1_000", " 1 ", "１２", "9007199254740993", "+1", ".5", "1.", "00", "٣"];
const SQL_AND_PATHS = ["'", "\"", "' OR '1'='1", "%", "_", "\\", "../../etc/passwd", "%00", "%ZZ", "<script>alert(1)</script>", "${7*7}", "{{7*7}}", "null", "undefined", "true", "[]", "{}"];

/** A short text with control, bidirectional and surrogate characters mixed into ordinary ones. */
export const nastyText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 6, unit: "grapheme" }) }, fc.constantFrom(...CONTROL, ...BIDI, ...ODD, ...NUMBER_LIKE, ...SQL_AND_PATHS)), { maxLength: 6 })
  .map((parts) => parts.join(""));

/** A string far over any field's limit (10 KB to 300 KB), sometimes of CJK characters. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom("a", "中", "\u0000", "\u202e", "𠀋", "<"))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 0.1 + 0.2, 5e-324, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Nested arrays or objects `depth` deep, as JSON text (JSON.stringify would recurse too). */
export function deeplyNestedJson(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

/** An object whose own keys are the prototype's names (JSON.parse makes `__proto__` an own key). */
export const prototypeObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.subarray(PROTOTYPE_KEYS, { minLength: 1 }), fc.jsonValue({ maxDepth: 2 }))
  .map(([keys, value]) => JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, key === "__proto__" ? { polluted: true, value } : value])))) as Record<string, unknown>);

/** A value of some type a field did not ask for, or a hostile one of the right type. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyText },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, "", [null], [[]], { "": "" }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: prototypeObject },
  { weight: 1, arbitrary: fc.array(nastyText, { maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((depth) => JSON.parse(deeplyNestedJson(depth, "array")) as unknown) },
  { weight: 1, arbitrary: hugeText },
);

/** A value from a small json-ish universe, not shaped like anything. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 4 }), prototypeObject, fc.dictionary(nastyText, nastyValue, { maxKeys: 6 }));

/** A path segment or query value that is not what the route asks for. */
export const garbageId: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.uuid().map((id) => ` ${id}`),
  fc.uuid().map((id) => `${id}\u0000`),
  fc.uuid().map((id) => id.slice(0, 35)),
  nastyText,
  fc.constantFrom("0", "-1", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "null", "undefined", "..", ".", "%2e%2e", "a".repeat(5_000), "1e309", "NaN"),
);
