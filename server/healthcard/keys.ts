/**
 * Versioned key sets. Keys come from configuration (hex strings), are checked here once and
 * then travel as Buffers; nothing in this module logs or echoes a key. The version is stored
 * beside whatever a key produced (card, encrypted field) so keys can be rotated.
 */
import { randomBytes } from "node:crypto";
import { SM4_KEY_BYTES, keyFromHex } from "@/server/crypto/sm";

/** The card-management keys: root (security) key for card IDs, protection key for QR validity. */
export interface HealthCardKeySet {
  version: number;
  rootKey: Buffer;
  protectionKey: Buffer;
}

/** SM4 key for personal data at rest. */
export interface PiiKey {
  version: number;
  key: Buffer;
}

export interface Keyring<T extends { version: number }> {
  /** Used for everything new. */
  current: T;
  /** Every known version, current included, for reading what older keys produced. */
  all: readonly T[];
  byVersion(version: number): T | undefined;
}

export function createKeyring<T extends { version: number }>(sets: readonly T[], currentVersion: number): Keyring<T> {
  const byVersion = new Map<number, T>();
  for (const set of sets) {
    if (!Number.isInteger(set.version) || set.version < 1) throw new Error("key version must be a positive integer");
    if (byVersion.has(set.version)) throw new Error(`key version ${set.version} is listed twice`);
    byVersion.set(set.version, set);
  }
  const current = byVersion.get(currentVersion);
  if (!current) throw new Error(`current key version ${currentVersion} is not configured`);
  // Newest first, so lookups that must try each key try the likeliest one first.
  const all = [current, ...[...byVersion.values()].filter((s) => s !== current).sort((a, b) => b.version - a.version)];
  return { current, all, byVersion: (version) => byVersion.get(version) };
}

export interface HealthCardKeySetConfig {
  version: number;
  rootKey: string;
  protectionKey: string;
}

export function healthCardKeySetFromConfig(config: HealthCardKeySetConfig): HealthCardKeySet {
  return {
    version: config.version,
    rootKey: keyFromHex(config.rootKey, SM4_KEY_BYTES, `healthCard key v${config.version} rootKey`),
    protectionKey: keyFromHex(config.protectionKey, SM4_KEY_BYTES, `healthCard key v${config.version} protectionKey`),
  };
}

export function piiKeyFromConfig(config: { version: number; key: string }): PiiKey {
  return { version: config.version, key: keyFromHex(config.key, SM4_KEY_BYTES, `PII key v${config.version}`) };
}

/** Fresh random keys for a demo or test configuration. */
export function generateHealthCardKeySetConfig(version: number): HealthCardKeySetConfig {
  return { version, rootKey: randomBytes(16).toString("hex"), protectionKey: randomBytes(16).toString("hex") };
}
