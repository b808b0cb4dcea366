/** A fixed in-memory key set for tests and benchmarks (never used by the running platform). */
import { randomBytes } from "node:crypto";
import { sm4CbcEncrypt } from "@/server/crypto/sm";
import { createKeyring, healthCardKeySetFromConfig, piiKeyFromConfig, type PiiKey } from "./keys";
import type { EncryptedPii } from "./pii";
import type { HealthCardKeys } from "./keyStore";

export function randomTestKeys(): HealthCardKeys {
  return {
    cards: createKeyring([healthCardKeySetFromConfig({ version: 1, rootKey: randomBytes(16).toString("hex"), protectionKey: randomBytes(16).toString("hex") })], 1),
    pii: createKeyring([piiKeyFromConfig({ version: 1, key: randomBytes(16).toString("hex") })], 1),
    indexKey: randomBytes(32),
    qrValiditySeconds: 60,
  };
}

/** A value as the platform stored it before authenticated encryption (IV ‖ SM4-CBC, base64), for upgrade tests. */
export function encryptPiiLegacyFormat(plain: string, piiKey: PiiKey): EncryptedPii {
  const iv = randomBytes(16);
  return { ciphertext: Buffer.concat([iv, sm4CbcEncrypt(piiKey.key, iv, Buffer.from(plain, "utf8"))]).toString("base64"), keyVersion: piiKey.version };
}

/** A valid GB 11643 number for a region and birth date, with a sequence derived from n. */
export function makeResidentId(n: number, region = "441424", birth = "19800101"): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = region + birth + String((n % 999) + 1).padStart(3, "0");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] as number);
  return first17 + "10X98765432"[sum % 11];
}
