/**
 * The platform's keys, each for one purpose, none derived from another:
 *
 *   AUTH_SECRET                 session cookies
 *   JOIN_TOKEN_SECRET           video join tokens
 *   SIGNING_KEY_ENCRYPTION_KEY  experts' SM2 private keys at rest
 *   HEALTH_CARD_KEYS            card IDs and QR validity (server/healthcard/keyStore.ts)
 *   PII_KEYS, PII_INDEX_KEY     personal data at rest and its lookup index (keyStore.ts)
 *
 * Each comes from configuration, or, for a demo or development, from a file generated once into
 * the keys folder (server/keys/keyFiles.ts). In production generated keys are refused unless
 * ALLOW_GENERATED_KEYS says otherwise, and the refusal names every key that is missing.
 */
import { randomBytes } from "node:crypto";
import { ConfigError, type Config } from "@/server/config";
import { SM4_KEY_BYTES, keyFromHex, sm3 } from "@/server/crypto/sm";
import { readOrCreateKeyFile } from "./keyFiles";

export const KEY_SETTINGS = ["AUTH_SECRET", "JOIN_TOKEN_SECRET", "SIGNING_KEY_ENCRYPTION_KEY", "HEALTH_CARD_KEYS", "PII_KEYS", "PII_INDEX_KEY"] as const;
export type KeySetting = (typeof KEY_SETTINGS)[number];

type KeyConfig = Pick<Config, KeySetting | "NODE_ENV" | "ALLOW_GENERATED_KEYS">;

/** The key settings that are not configured, in the order of KEY_SETTINGS. */
export function missingKeySettings(config: KeyConfig): KeySetting[] {
  return KEY_SETTINGS.filter((setting) => !config[setting]);
}

/**
 * The production rule: every key configured, or generated keys explicitly allowed. Throws a
 * ConfigError naming each missing setting, so start-up ends with one line that says what to set.
 */
export function assertKeysConfigured(config: KeyConfig): void {
  if (config.NODE_ENV !== "production" || config.ALLOW_GENERATED_KEYS) return;
  const missing = missingKeySettings(config);
  if (missing.length === 0) return;
  throw new ConfigError(
    `In production every key must be configured; missing: ${missing.join(", ")}. ` +
      "Set them (README, Configuration), or set ALLOW_GENERATED_KEYS=true to run on demo keys generated into KEYS_DIR.",
  );
}

/** The key protecting experts' signing keys, and the ones earlier versions used, for reading old rows. */
export interface SigningKeyProtection {
  current: Buffer;
  /** Earlier versions derived the key from AUTH_SECRET when SIGNING_KEY_ENCRYPTION_KEY was unset. */
  legacy: readonly Buffer[];
}

export interface PlatformSecrets {
  /** Signs session cookies. */
  authSecret: string;
  /** Signs video join tokens. */
  joinTokenSecret: string;
  signingKeyProtection: SigningKeyProtection;
}

const AUTH_SECRET_FILE = "auth-secret";
const JOIN_TOKEN_SECRET_FILE = "join-token-secret";
const SIGNING_KEY_FILE = "signing-key-encryption-key";

const randomSecret = () => randomBytes(32).toString("base64url") + "\n";

/** What earlier versions used when SIGNING_KEY_ENCRYPTION_KEY was unset; only ever read with. */
export function legacySigningKeyProtection(authSecret: string): Buffer {
  return sm3(`rmp-signing-key-protection:${authSecret}`).subarray(0, SM4_KEY_BYTES);
}

/** The secrets of sessions, join tokens and signing-key protection: configured, or from the keys folder. */
export function loadPlatformSecrets(config: Config): PlatformSecrets {
  assertKeysConfigured(config);
  const fromFile = (file: string, setting: KeySetting, generate: () => string) => readOrCreateKeyFile(config, file, generate, setting).text.trim();
  const authSecret = config.AUTH_SECRET ?? fromFile(AUTH_SECRET_FILE, "AUTH_SECRET", randomSecret);
  const joinTokenSecret = config.JOIN_TOKEN_SECRET ?? fromFile(JOIN_TOKEN_SECRET_FILE, "JOIN_TOKEN_SECRET", randomSecret);
  const signingHex =
    config.SIGNING_KEY_ENCRYPTION_KEY ?? fromFile(SIGNING_KEY_FILE, "SIGNING_KEY_ENCRYPTION_KEY", () => randomBytes(SM4_KEY_BYTES).toString("hex") + "\n");
  return {
    authSecret,
    joinTokenSecret,
    signingKeyProtection: {
      current: keyFromHex(signingHex, SM4_KEY_BYTES, "SIGNING_KEY_ENCRYPTION_KEY"),
      legacy: [legacySigningKeyProtection(authSecret)],
    },
  };
}
