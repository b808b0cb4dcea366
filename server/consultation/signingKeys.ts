/**
 * One SM2 key pair per expert. The private key is stored SM4-CBC encrypted under
 * SIGNING_KEY_ENCRYPTION_KEY (or a key derived from AUTH_SECRET), never in clear, never logged.
 */
import { randomBytes } from "node:crypto";
import { sm3, sm4CbcDecrypt, sm4CbcEncrypt, keyFromHex } from "@/server/crypto/sm";
import { generateSm2KeyPair } from "@/server/crypto/sm2";
import { getPlatform } from "@/server/platform";
import type { Tx } from "./tx";

function protectionKey(): Buffer {
  const platform = getPlatform();
  const configured = platform.config.SIGNING_KEY_ENCRYPTION_KEY;
  if (configured) return keyFromHex(configured, 16, "SIGNING_KEY_ENCRYPTION_KEY");
  return sm3(`rmp-signing-key-protection:${platform.authSecret}`).subarray(0, 16);
}

export async function getOrCreateSigningKey(tx: Tx, userId: string): Promise<{ publicKey: string; privateKey: string }> {
  const existing = await tx.expertSigningKey.findUnique({ where: { userId } });
  if (existing) {
    const privateKey = sm4CbcDecrypt(protectionKey(), Buffer.from(existing.iv, "hex"), Buffer.from(existing.encryptedPrivateKey, "hex")).toString("utf8");
    return { publicKey: existing.publicKey, privateKey };
  }
  const pair = generateSm2KeyPair();
  const iv = randomBytes(16);
  await tx.expertSigningKey.create({
    data: { userId, publicKey: pair.publicKey, iv: iv.toString("hex"), encryptedPrivateKey: sm4CbcEncrypt(protectionKey(), iv, Buffer.from(pair.privateKey, "utf8")).toString("hex") },
  });
  return pair;
}
