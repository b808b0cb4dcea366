import { createCipheriv, createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeCardId, generateMasterIndexId } from "./cardId";
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

function memoryReplayGuard() {
  const seen = new Set<string>();
  return async (code: string) => {
    if (seen.has(code)) return false;
    seen.add(code);
    return true;
  };
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

  it("encrypts the expiry exactly as the scheme says", () => {
    const { code, expiresAt } = createDynamicQrCode(cardId, ours, { now: NOW, validitySeconds: 60 });
    expect(expiresAt.toISOString()).toBe("2025-06-01T04:01:00.000Z");
    const [id, kind, validity] = code.split(":");
    expect([id, kind]).toEqual([cardId, "0"]);
    const decipher = createDecipheriv("sm4-ecb", ours.protectionKey, null).setAutoPadding(false);
    const block = Buffer.concat([decipher.update(Buffer.from(validity as string, "hex")), decipher.final()]);
    expect(block.toString("hex")).toBe("20250601120100" + "00".repeat(9));
  });

  it("round-trips a dynamic code within its validity", async () => {
    const { code, expiresAt } = createDynamicQrCode(cardId, ours, { now: NOW });
    const at = new Date(NOW.getTime() + 59_000);
    await expect(verifyQrCode(code, keyring, { now: at })).resolves.toEqual({ kind: "dynamic", cardId, expiresAt, keyVersion: 1 });
    // Scanners may add whitespace or lower-case the text.
    await expect(verifyQrCode(` ${code.toLowerCase()}\n`, keyring, { now: at })).resolves.toMatchObject({ cardId });
  });

  it("refuses an expired code with 422 QR_EXPIRED", async () => {
    const { code } = createDynamicQrCode(cardId, ours, { now: NOW, validitySeconds: 60 });
    const after = new Date(NOW.getTime() + 61_000);
    expect(await qrErrorOf(verifyQrCode(code, keyring, { now: after }))).toEqual({ code: "QR_EXPIRED", status: 422 });
  });

  it("refuses a tampered validity with QR_INVALID, and reports a tampered card ID as a different card", async () => {
    const { code } = createDynamicQrCode(cardId, ours, { now: NOW });
    const last = code.at(-1) === "0" ? "1" : "0";
    expect(await qrErrorOf(verifyQrCode(code.slice(0, -1) + last, keyring, { now: NOW }))).toEqual({ code: "QR_INVALID", status: 422 });
    // The validity does not cover the card ID (scheme limitation): the caller's card lookup refuses it.
    const swapped = (cardId[0] === "A" ? "B" : "A") + code.slice(1);
    const verified = await verifyQrCode(swapped, keyring, { now: NOW });
    expect(verified.cardId).not.toBe(cardId);
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
    for (const plain of ["20250231120000", "2025060112000A", "20250601120100" + "01"]) {
      expect(await qrErrorOf(verifyQrCode(`${cardId}:0:${encrypt(plain)}`, keyring, { now: NOW }))).toMatchObject({ code: "QR_INVALID" });
    }
    const nextYear = createDynamicQrCode(cardId, ours, { now: new Date("2026-06-01T00:00:00Z") }).code;
    expect(await qrErrorOf(verifyQrCode(nextYear, keyring, { now: NOW }))).toMatchObject({ code: "QR_INVALID" });
  });

  it("refuses a second use of a dynamic code with QR_REPLAYED", async () => {
    const isFirstUse = memoryReplayGuard();
    const { code } = createDynamicQrCode(cardId, ours, { now: NOW });
    await expect(verifyQrCode(code, keyring, { now: NOW, isFirstUse })).resolves.toMatchObject({ cardId });
    expect(await qrErrorOf(verifyQrCode(code.toLowerCase(), keyring, { now: NOW, isFirstUse }))).toEqual({ code: "QR_REPLAYED", status: 422 });
    const fresh = createDynamicQrCode(cardId, ours, { now: new Date(NOW.getTime() + 1000) }).code;
    await expect(verifyQrCode(fresh, keyring, { now: NOW, isFirstUse })).resolves.toMatchObject({ cardId });
  });

  it("does not consult the replay guard for codes that fail the cryptographic checks", async () => {
    const calls: string[] = [];
    const isFirstUse = async (code: string) => (calls.push(code), true);
    const { code } = createDynamicQrCode(cardId, ours, { now: NOW });
    await qrErrorOf(verifyQrCode(code, otherPlatform, { now: NOW, isFirstUse }));
    await qrErrorOf(verifyQrCode(code, keyring, { now: new Date(NOW.getTime() + 3_600_000), isFirstUse }));
    expect(calls).toEqual([]);
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
