/**
 * Fuzz suite, health card (no database): the QR parser and verifier (qr.ts) and the document
 * validator (identity.ts, GB 11643 resident ID numbers with their check character). Arbitrary
 * text may only be refused with the domain's own errors; and two properties: a generated valid
 * code verifies as the card and expiry it was made for, and a resident ID number is accepted
 * exactly when its check character is right (computed here by a second, independent formula).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { FuzzTally, report, runs, withinTimeLimit } from "@/test/fuzz/tally";
import { nastyText } from "@/test/fuzz/values";
import { validateDocument, parseResidentId, DOCUMENT_TYPES } from "./identity";
import { createDynamicQrCode, createStaticQrCode, parseQrCode, QrCodeError, verifyQrCode } from "./qr";
import { randomTestKeys } from "./testKeys";

const tally = new FuzzTally("healthcard");
const keys = randomTestKeys();
const otherKeys = randomTestKeys();
const NOW = new Date("2026-12-03T08:00:00Z");

afterAll(() => {
  report(`fuzz health card: ${JSON.stringify(tally.save())}`);
});

const hex = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789ABCDEF"), minLength: length, maxLength: length });
const cardIdArb = hex(64);

/** Text a scanner might produce: real codes bent out of shape, and noise. */
const scannedText = fc.oneof(
  nastyText,
  fc.tuple(cardIdArb, fc.constantFrom(":1", ":0:", ":2", "::1", ":1:", ":0:" + "0".repeat(32)), hex(32)).map(([card, middle, tail]) => card + middle + (middle === ":0:" ? tail : "")),
  fc.tuple(cardIdArb, hex(32), fc.nat(96), nastyText).map(([card, validity, at, inserted]) => {
    const code = `${card}:0:${validity}`;
    return code.slice(0, at) + inserted + code.slice(at);
  }),
  fc.tuple(hex(63), hex(33)).map(([card, validity]) => `${card}:0:${validity}`),
  fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:xX \t\n"), maxLength: 110 }),
);

describe("fuzz: the health-card QR parser", () => {
  it("arbitrary scanned text is refused only with QrCodeError (QR_MALFORMED / QR_INVALID / QR_EXPIRED), never thrown otherwise", async () => {
    const target = "QR parser";
    await fc.assert(
      fc.asyncProperty(scannedText, async (text) => {
        tally.input(target);
        try {
          const parsed = parseQrCode(text);
          const verified = await withinTimeLimit(verifyQrCode(text, keys.cards, { now: NOW }));
          expect(verified.cardId).toBe(parsed.cardId);
        } catch (error) {
          if (!(error instanceof QrCodeError)) tally.finding(target, "crashes", `${JSON.stringify(text)} → ${String(error)}`);
        }
      }),
      { numRuns: runs(20_000) },
    );
    expect(tally.findings).toEqual([]);
  }, 600_000);

  it("property: a generated dynamic code verifies as its card and expiry, within its validity, and only with its own keys", async () => {
    const target = "QR parser";
    await fc.assert(
      fc.asyncProperty(cardIdArb, fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 0, max: 3599 }), fc.constantFrom("", " ", "\n"), fc.boolean(), async (cardId, validitySeconds, elapsed, padding, lower) => {
        tally.input(target);
        const { code, expiresAt } = createDynamicQrCode(cardId, keys.cards.current, { now: NOW, validitySeconds });
        const scanned = padding + (lower ? code.toLowerCase() : code) + padding;
        const at = new Date(NOW.getTime() + elapsed * 1000);
        if (elapsed <= validitySeconds) {
          const verified = await verifyQrCode(scanned, keys.cards, { now: at });
          expect(verified).toMatchObject({ kind: "dynamic", cardId, keyVersion: 1 });
          expect((verified as { expiresAt: Date }).expiresAt.getTime()).toBe(expiresAt.getTime());
        } else {
          await expect(verifyQrCode(scanned, keys.cards, { now: at })).rejects.toMatchObject({ qrCode: "QR_EXPIRED" });
        }
        await expect(verifyQrCode(scanned, otherKeys.cards, { now: NOW })).rejects.toMatchObject({ qrCode: "QR_INVALID" });
        expect(parseQrCode(createStaticQrCode(cardId))).toEqual({ kind: "static", cardId });
      }),
      { numRuns: runs(3_000) },
    );
  }, 600_000);
});

/** ISO 7064 MOD 11-2 written the textbook way (weights 2^(17-i) mod 11), apart from identity.ts's table. */
function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? "X" : String(value);
}

const REGIONS = ["110101", "310115", "440106", "441424", "510107", "650102", "820000"];
const birthDate = fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2026-12-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replace(/-/g, ""));
const sequence = fc.integer({ min: 1, max: 999 }).map((n) => String(n).padStart(3, "0"));
const validFirst17 = fc.tuple(fc.constantFrom(...REGIONS), birthDate, sequence).map(([region, birth, seq]) => region + birth + seq);

describe("fuzz: the resident ID validator (GB 11643)", () => {
  it("property: a well-formed number is accepted exactly when its check character is right", () => {
    const target = "ID validator";
    fc.assert(
      fc.property(validFirst17, fc.constantFrom(..."0123456789Xx"), fc.constantFrom("", " "), (first17, last, padding) => {
        tally.input(target);
        const number = padding + first17 + last + padding;
        const right = checkCharacter(first17) === last.toUpperCase();
        let accepted = false;
        try {
          const info = parseResidentId(number, NOW);
          accepted = true;
          expect(info.number).toBe((first17 + last).toUpperCase());
          expect(info.birthDate.replace(/-/g, "")).toBe(first17.slice(6, 14));
          expect(info.sex).toBe(Number(first17[16]) % 2 === 1 ? "male" : "female");
        } catch (error) {
          if (!isAppError(error)) tally.finding(target, "crashes", `${number} → ${String(error)}`);
          else expect(error.messageKey).toBe("healthCard.residentId.badCheckCharacter");
        }
        expect(accepted).toBe(right);
      }),
      { numRuns: runs(20_000) },
    );
    expect(tally.findings).toEqual([]);
  }, 600_000);

  it("arbitrary documents of every type are refused only with a ValidationError", () => {
    const target = "ID validator";
    const digitsLike = fc.string({ unit: fc.constantFrom(..."0123456789Xx -０１"), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...Object.values(DOCUMENT_TYPES)), nastyText), fc.oneof(nastyText, digitsLike, validFirst17.map((f) => f + "0")), (docType, docNumber) => {
        tally.input(target);
        try {
          validateDocument(docType, docNumber, NOW);
        } catch (error) {
          if (!isAppError(error) || error.status !== 400) tally.finding(target, "crashes", `${JSON.stringify([docType, docNumber])} → ${String(error)}`);
        }
      }),
      { numRuns: runs(15_000) },
    );
    expect(tally.findings).toEqual([]);
  }, 600_000);
});
