import { createCipheriv, createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacSm3 } from "@/server/crypto/sm";
import { computeCardId, generateMasterIndexId, maskCardId } from "./cardId";
import { createKeyring, generateHealthCardKeySetConfig, healthCardKeySetFromConfig } from "./keys";
import {
  QrCodeError,
  createDynamicQrCode,
  createStaticQrCode,
  formatShanghaiTimestamp,
  parseQrCode,
  parseShanghaiTimestamp,
  verifyQrCode,
} from "./qr";

const ours = healthCardKeySetFromConfig(generateHealthCardKeySetConfig(1));
const keyring = createKeyring([ours], 1);
const otherPlatform = createKeyring([healthCardKeySetFromConfig(generateHealthCardKeySetConfig(1))], 1);
const cardId = computeCardId({ rootKey: ours.rootKey, masterIndexId: generateMasterIndexId(), docType: "01", docNumber: "11010519491231002X" });
const NOW = new Date("2025-06-01T04:00:00.400Z"); // 12:00:00 in Shanghai

async function qrErrorOf(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(QrCodeError);
    const { code, status } = error as QrCodeError;
    return { code, status };
  }
  throw new Error("expected a QR error");
}

describe("Shanghai timestamps", () => {
  it("formats and parses in UTC+8", () => {
    expect(formatShanghaiTimestamp(new Date("2025-12-31T16:00:05Z"))).toBe("20260101000005");
    expect(parseShanghaiTimestamp("20260101000005")?.toISOString()).toBe("2025-12-31T16:00:05.000Z");
    expect(parseShanghaiTimestamp("20250230120000")).toBeNull();
    expect(parseShanghaiTimestamp("20250101246000")).toBeNull();
  });
});

describe("QR codes", () => {
  it("builds the static code and parses it back", async () => {
    const code = createStaticQrCode(cardId);
    expect(code).toBe(`${cardId}:1`);
    await expect(verifyQrCode(code, keyring)).resolves.toEqual({ kind: "static", cardId });
  });

  it("encrypts the expiry where the scheme puts it, and fills the padding with a nonce and a tag over the card ID", () => {
    const nonce = Buffer.from("a1b2c3", "hex");
    const { code, expiresAt, validity } = createDynamicQrCode(cardId, ours, { now: NOW, validitySeconds: 60, nonce });
    expect(expiresAt.toISOString()).toBe("2025-06-01T04:01:00.000Z");
    const [id, kind, text] = code.split(":");
    expect([id, kind, text]).toEqual([cardId, "0", validity]);
    const decipher = createDecipheriv("sm4-ecb", ours.protectionKey, null).setAutoPadding(false);
    const block = Buffer.concat([decipher.update(Buffer.from(validity, "hex")), decipher.final()]);
    const head = Buffer.from("20250601120100" + "a1b2c3", "hex");
    const tag = hmacSm3(hmacSm3(ours.protectionKey, "ehc-qr-card-binding-v1"), Buffer.concat([Buffer.from(cardId, "ascii"), head])).subarray(0, 6);
    expect(block.toString("hex")).toBe(head.toString("hex") + tag.toString("hex"));
    // Random nonces: two codes of one card in one second differ.
    expect(createDynamicQrCode(cardId, ours, { now: NOW }).validity).not.toBe(createDynamicQrCode(cardId, ours, { now: NOW }).validity);
  });

  it("round-trips a dynamic code within its validity", async () => {
    const { code, expiresAt } = createDynamicQrCode(cardId, ours, { now: NOW });
    const at = new Date(NOW.getTime() + 59_000);
    await expect(verifyQrCode(code, keyring, { now: at })).resolves.toEqual({ kind: "dynamic", cardId, validity: code.slice(67), expiresAt, keyVersion: 1 });
    // Scanners may add whitespace or lower-case the text.
    await expect(verifyQrCode(` ${code.toLowerCase()}\n`, keyring, { now: at })).resolves.toMatchObject({ cardId });
  });

  it("refuses an expired code with 422 QR_EXPIRED", async () => {
    const { code } = createDynamicQrCode(cardId, ours, { now: NOW, validitySeconds: 60 });
    const after = new Date(NOW.getTime() + 61_000);
    expect(await qrErrorOf(verifyQrCode(code, keyring, { now: after }))).toEqual({ code: "QR_EXPIRED", status: 422 });
  });

  it("refuses a tampered validity with QR_INVALID, and a genuine block on another card ID with QR_SPLICED", async () => {
    const { code, validity } = createDynamicQrCode(cardId, ours, { now: NOW });
    const last = code.at(-1) === "0" ? "1" : "0";
    expect(await qrErrorOf(verifyQrCode(code.slice(0, -1) + last, keyring, { now: NOW }))).toEqual({ code: "QR_INVALID", status: 422 });
    const otherCard = computeCardId({ rootKey: ours.rootKey, masterIndexId: generateMasterIndexId(), docType: "01", docNumber: "110105194912310021" });
    expect(await qrErrorOf(verifyQrCode(`${otherCard}:0:${validity}`, keyring, { now: NOW }))).toEqual({ code: "QR_SPLICED", status: 422 });
    const oneCharacterOff = (cardId[0] === "A" ? "B" : "A") + code.slice(1);
    expect(await qrErrorOf(verifyQrCode(oneCharacterOff, keyring, { now: NOW }))).toEqual({ code: "QR_SPLICED", status: 422 });
  });

  it("refuses a code from another platform's protection key with QR_INVALID", async () => {
    const { code } = createDynamicQrCode(cardId, ours, { now: NOW });
    expect(await qrErrorOf(verifyQrCode(code, otherPlatform, { now: NOW }))).toEqual({ code: "QR_INVALID", status: 422 });
  });

  it("refuses a validity that decrypts but is not a real time, or lies too far ahead", async () => {
    const encrypt = (hex: string) => {
      const cipher = createCipheriv("sm4-ecb", ours.protectionKey, null).setAutoPadding(false);
      return Buffer.concat([cipher.update(Buffer.from(hex.padEnd(32, "0"), "hex")), cipher.final()]).toString("hex").toUpperCase();
    };
    // The scheme's own block (expiry, then zeros) is bound to no card: not one of ours.
    for (const plain of ["20250231120000", "2025060112000A", "20250601120100"]) {
      expect(await qrErrorOf(verifyQrCode(`${cardId}:0:${encrypt(plain)}`, keyring, { now: NOW }))).toMatchObject({ code: "QR_INVALID" });
    }
    // A real time with a tag made for no such card.
    expect(await qrErrorOf(verifyQrCode(`${cardId}:0:${encrypt("20250601120100" + "01")}`, keyring, { now: NOW }))).toMatchObject({ code: "QR_SPLICED" });
    const nextYear = createDynamicQrCode(cardId, ours, { now: new Date("2026-06-01T00:00:00Z") }).code;
    expect(await qrErrorOf(verifyQrCode(nextYear, keyring, { now: NOW }))).toMatchObject({ code: "QR_INVALID" });
  });

  it("accepts codes made with an older protection key during rotation", async () => {
    const next = healthCardKeySetFromConfig(generateHealthCardKeySetConfig(2));
    const rotated = createKeyring([ours, next], 2);
    const { code } = createDynamicQrCode(cardId, ours, { now: NOW });
    await expect(verifyQrCode(code, rotated, { now: NOW })).resolves.toMatchObject({ keyVersion: 1 });
    const fresh = createDynamicQrCode(cardId, rotated.current, { now: NOW }).code;
    await expect(verifyQrCode(fresh, rotated, { now: NOW })).resolves.toMatchObject({ keyVersion: 2 });
  });

  it.each(["", "hello", `${"A".repeat(64)}:2`, `${"A".repeat(63)}:1`, `${"G".repeat(64)}:1`, `${"A".repeat(64)}:0:${"B".repeat(31)}`, `${"A".repeat(64)}:0`])(
    "refuses malformed text %j with 400 QR_MALFORMED",
    async (text) => {
      expect(() => parseQrCode(text)).toThrow(QrCodeError);
      expect(await qrErrorOf(verifyQrCode(text, keyring))).toEqual({ code: "QR_MALFORMED", status: 400 });
    },
  );
});

describe("masked card IDs", () => {
  it("show the first 6 and last 4 characters only", () => {
    expect(maskCardId(cardId)).toBe(`${cardId.slice(0, 6)}****${cardId.slice(-4)}`);
    expect(maskCardId(cardId)).not.toContain(cardId.slice(6, 60));
  });
});
