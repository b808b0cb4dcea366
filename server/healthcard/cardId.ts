/**
 * Master index ID and card ID per the national e-health card scheme (see DOMAIN.md):
 *   F            = XOR of the master index ID's 8-byte groups
 *   residentKey  = SM4-ECB(rootKey, F ‖ ~F)
 *   cardId       = SM4-ECB(residentKey, docType ‖ docNumber as ASCII, zero-padded), upper-case hex
 *
 * Two readings of the specification had to be chosen:
 * - "8-byte groups of the master index ID": by default the 64 hex characters are decoded to
 *   32 bytes (four groups); `factorFrom: "ascii"` takes the 64 characters as 64 bytes (eight
 *   groups) instead, so operators can check which one the published example uses.
 * - Padding: the data is zero-padded to 32 bytes (for a resident ID, 2 + 18 = 20 bytes, that is
 *   the same as padding to a multiple of 16), so every card ID is 64 hex characters. Longer data
 *   is refused: document numbers are limited to 30 characters (identity.ts).
 */
import { randomBytes } from "node:crypto";
import { sm4EcbEncrypt } from "@/server/crypto/sm";
import type { DocumentTypeCode } from "./identity";

export const CARD_ID_DATA_BYTES = 32;
const MASTER_INDEX_PATTERN = /^[0-9A-Fa-f]{64}$/;
const CARD_ID_PATTERN = /^[0-9A-F]{64}$/;

export type FactorSource = "hex" | "ascii";

export function generateMasterIndexId(): string {
  return randomBytes(32).toString("hex").toUpperCase();
}

export function isMasterIndexId(value: string): boolean {
  return MASTER_INDEX_PATTERN.test(value);
}

export function isCardId(value: string): boolean {
  return CARD_ID_PATTERN.test(value);
}

/**
 * What pages and their APIs show of a card ID: the first 6 and last 4 characters, enough to tell
 * two cards apart on a screen, never enough to rebuild a code from a screenshot.
 */
export function maskCardId(cardId: string): string {
  return `${cardId.slice(0, 6)}****${cardId.slice(-4)}`;
}

/** F: the XOR of the master index ID's 8-byte groups. */
export function diversificationFactor(masterIndexId: string, factorFrom: FactorSource = "hex"): Buffer {
  if (!isMasterIndexId(masterIndexId)) throw new Error("master index ID must be 64 hex characters");
  const bytes =
    factorFrom === "hex" ? Buffer.from(masterIndexId, "hex") : Buffer.from(masterIndexId.toUpperCase(), "ascii");
  const factor = Buffer.alloc(8);
  for (let i = 0; i < bytes.length; i++) factor[i % 8] = (factor[i % 8] as number) ^ (bytes[i] as number);
  return factor;
}

export function deriveResidentKey(rootKey: Uint8Array, masterIndexId: string, factorFrom: FactorSource = "hex"): Buffer {
  const factor = diversificationFactor(masterIndexId, factorFrom);
  const complement = Buffer.from(factor.map((b) => ~b & 0xff));
  return sm4EcbEncrypt(rootKey, Buffer.concat([factor, complement]));
}

/** docType ‖ docNumber as ASCII, zero-padded to 32 bytes. */
export function cardIdPlaintext(docType: DocumentTypeCode, docNumber: string): Buffer {
  if (!/^[\x21-\x7e]+$/.test(docNumber)) throw new Error("document number must be printable ASCII");
  const data = Buffer.from(docType + docNumber, "ascii");
  if (data.length > CARD_ID_DATA_BYTES) throw new Error(`document type and number exceed ${CARD_ID_DATA_BYTES} bytes`);
  return Buffer.concat([data, Buffer.alloc(CARD_ID_DATA_BYTES - data.length)]);
}

export interface CardIdInput {
  rootKey: Uint8Array;
  masterIndexId: string;
  docType: DocumentTypeCode;
  /** Already validated and normalised (identity.validateDocument). */
  docNumber: string;
  factorFrom?: FactorSource;
}

export function computeCardId(input: CardIdInput): string {
  const residentKey = deriveResidentKey(input.rootKey, input.masterIndexId, input.factorFrom);
  return sm4EcbEncrypt(residentKey, cardIdPlaintext(input.docType, input.docNumber)).toString("hex").toUpperCase();
}
