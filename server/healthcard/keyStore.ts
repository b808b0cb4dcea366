/**
 * Where the health-card keys come from: configuration (HEALTH_CARD_KEYS, PII_KEYS, PII_INDEX_KEY)
 * or, when unset (demo, development), a key file generated once in the keys folder, as
 * AUTH_SECRET is (server/keys/secrets.ts). Keys are never logged and never live in code. The
 * platform holds the loaded keys.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Config } from "@/server/config";
import { getPlatform } from "@/server/platform";
import { keyFromHex } from "@/server/crypto/sm";
import { readOrCreateKeyFile } from "@/server/keys/keyFiles";
import { assertKeysConfigured } from "@/server/keys/secrets";
import {
  createKeyring,
  generateHealthCardKeySetConfig,
  healthCardKeySetFromConfig,
  piiKeyFromConfig,
  type HealthCardKeySet,
  type Keyring,
} from "./keys";
import type { PiiKeyring } from "./pii";

export interface HealthCardKeys {
  cards: Keyring<HealthCardKeySet>;
  pii: PiiKeyring;
  /** HMAC-SM3 key of the blind indexes (document, phone). */
  indexKey: Buffer;
  qrValiditySeconds: number;
}

const cardKeyList = z.array(z.object({ version: z.number().int().min(1), rootKey: z.string(), protectionKey: z.string() })).min(1);
const piiKeyList = z.array(z.object({ version: z.number().int().min(1), key: z.string() })).min(1);
const keyFile = z.object({ healthCard: cardKeyList, pii: piiKeyList, indexKey: z.string() });
type KeyFile = z.infer<typeof keyFile>;

export const KEY_FILE_NAME = "healthcard-keys.json";

function parseJsonList<T>(name: string, text: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${name} must be a JSON list`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${name} has the wrong shape: ${parsed.error.issues.map((i) => i.path.join(".") + " " + i.message).join("; ")}`);
  return parsed.data;
}

function generatedKeyFile(config: Config): KeyFile {
  const generate = () => {
    const fresh: KeyFile = {
      healthCard: [generateHealthCardKeySetConfig(1)],
      pii: [{ version: 1, key: randomBytes(16).toString("hex") }],
      indexKey: randomBytes(32).toString("hex"),
    };
    return JSON.stringify(fresh, null, 2) + "\n";
  };
  const { text } = readOrCreateKeyFile(config, KEY_FILE_NAME, generate, "HEALTH_CARD_KEYS, PII_KEYS, PII_INDEX_KEY");
  try {
    return keyFile.parse(JSON.parse(text));
  } catch {
    throw new Error(`${KEY_FILE_NAME} in the keys folder is unreadable; restore it or configure the keys`);
  }
}

export function loadHealthCardKeys(config: Config): HealthCardKeys {
  const needFile = !config.HEALTH_CARD_KEYS || !config.PII_KEYS || !config.PII_INDEX_KEY;
  assertKeysConfigured(config);
  const generated = needFile ? generatedKeyFile(config) : undefined;
  const cardConfigs = config.HEALTH_CARD_KEYS ? parseJsonList("HEALTH_CARD_KEYS", config.HEALTH_CARD_KEYS, cardKeyList) : generated!.healthCard;
  const piiConfigs = config.PII_KEYS ? parseJsonList("PII_KEYS", config.PII_KEYS, piiKeyList) : generated!.pii;
  const cardSets = cardConfigs.map(healthCardKeySetFromConfig);
  const piiKeys = piiConfigs.map(piiKeyFromConfig);
  const newest = (list: { version: number }[]) => Math.max(...list.map((k) => k.version));
  const indexHex = config.PII_INDEX_KEY ?? generated!.indexKey;
  return {
    cards: createKeyring(cardSets, config.HEALTH_CARD_KEY_VERSION ?? newest(cardSets)),
    pii: { ...createKeyring(piiKeys, config.PII_KEY_VERSION ?? newest(piiKeys)), legacyFormat: config.PII_LEGACY_FORMAT },
    indexKey: keyFromHex(indexHex, indexHex.length / 2, "PII_INDEX_KEY"),
    qrValiditySeconds: config.QR_VALIDITY_SECONDS,
  };
}

/** The platform's keys (loaded on first use). */
export function getHealthCardKeys(): HealthCardKeys {
  return getPlatform().healthCardKeys();
}

/** For tests and benchmarks that need a known key set. */
export function setHealthCardKeys(keys: HealthCardKeys | undefined): void {
  getPlatform().setHealthCardKeys(keys);
}
