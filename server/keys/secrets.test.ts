import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/server/config";
import { loadHealthCardKeys } from "@/server/healthcard/keyStore";
import { assertKeysConfigured, legacySigningKeyProtection, loadPlatformSecrets, missingKeySettings } from "./secrets";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

const ALL_KEYS = {
  AUTH_SECRET: "a".repeat(40),
  JOIN_TOKEN_SECRET: "j".repeat(40),
  SIGNING_KEY_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff",
  HEALTH_CARD_KEYS: JSON.stringify([{ version: 1, rootKey: "11".repeat(16), protectionKey: "22".repeat(16) }]),
  PII_KEYS: JSON.stringify([{ version: 1, key: "33".repeat(16) }]),
  PII_INDEX_KEY: "44".repeat(32),
};

const mode = (file: string) => statSync(file).mode & 0o777;

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "rmp-keys-test-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const folders = () => ({ DATA_DIR: path.join(root, "data"), KEYS_DIR: path.join(root, "keys") });

describe("the production rule", () => {
  it("refuses to start in production with generated keys, naming every missing key setting", () => {
    const config = loadConfig(env({ NODE_ENV: "production", ...folders(), AUTH_SECRET: ALL_KEYS.AUTH_SECRET, PII_KEYS: ALL_KEYS.PII_KEYS }));
    expect(missingKeySettings(config)).toEqual(["JOIN_TOKEN_SECRET", "SIGNING_KEY_ENCRYPTION_KEY", "HEALTH_CARD_KEYS", "PII_INDEX_KEY"]);
    expect(() => assertKeysConfigured(config)).toThrowError(ConfigError);
    expect(() => assertKeysConfigured(config)).toThrowError("missing: JOIN_TOKEN_SECRET, SIGNING_KEY_ENCRYPTION_KEY, HEALTH_CARD_KEYS, PII_INDEX_KEY.");
    expect(() => assertKeysConfigured(config)).toThrowError(/ALLOW_GENERATED_KEYS=true/);
    // Nothing was generated on the way to the refusal.
    expect(() => loadPlatformSecrets(config)).toThrowError(/missing: JOIN_TOKEN_SECRET/);
    expect(() => loadHealthCardKeys(config)).toThrowError(/missing: JOIN_TOKEN_SECRET/);
    expect(existsSync(path.join(root, "keys"))).toBe(false);
  });

  it("names all six when none is set", () => {
    const config = loadConfig(env({ NODE_ENV: "production", ...folders() }));
    expect(() => assertKeysConfigured(config)).toThrowError(
      "missing: AUTH_SECRET, JOIN_TOKEN_SECRET, SIGNING_KEY_ENCRYPTION_KEY, HEALTH_CARD_KEYS, PII_KEYS, PII_INDEX_KEY.",
    );
  });

  it("starts in production when every key is configured, or generated keys are explicitly allowed", () => {
    expect(() => assertKeysConfigured(loadConfig(env({ NODE_ENV: "production", ...folders(), ...ALL_KEYS })))).not.toThrow();
    const allowed = loadConfig(env({ NODE_ENV: "production", ...folders(), ALLOW_GENERATED_KEYS: "true" }));
    expect(() => assertKeysConfigured(allowed)).not.toThrow();
    expect(loadPlatformSecrets(allowed).authSecret).toMatch(/^[\w-]{43}$/);
    expect(() => loadConfig(env({ ALLOW_GENERATED_KEYS: "maybe" }))).toThrowError(/ALLOW_GENERATED_KEYS/);
  });

  it("development and tests generate what is missing", () => {
    expect(() => assertKeysConfigured(loadConfig(env({ NODE_ENV: "development", ...folders() })))).not.toThrow();
    expect(() => assertKeysConfigured(loadConfig(env({ NODE_ENV: "test", ...folders() })))).not.toThrow();
  });
});

describe("the keys folder", () => {
  it("generates each secret separately into KEYS_DIR (0700), each file 0600, and reads the same ones again", () => {
    const config = loadConfig(env({ NODE_ENV: "development", ...folders() }));
    const first = loadPlatformSecrets(config);
    const keys = loadHealthCardKeys(config);
    const keysDir = path.join(root, "keys");
    expect(mode(keysDir)).toBe(0o700);
    for (const file of ["auth-secret", "join-token-secret", "signing-key-encryption-key", "healthcard-keys.json"]) {
      expect(mode(path.join(keysDir, file)), file).toBe(0o600);
    }
    expect(existsSync(path.join(root, "data"))).toBe(false);
    // Three secrets, none derived from another.
    expect(new Set([first.authSecret, first.joinTokenSecret, first.signingKeyProtection.current.toString("hex")]).size).toBe(3);
    expect(first.signingKeyProtection.current.equals(legacySigningKeyProtection(first.authSecret))).toBe(false);
    const again = loadPlatformSecrets(config);
    expect(again.authSecret).toBe(first.authSecret);
    expect(again.joinTokenSecret).toBe(first.joinTokenSecret);
    expect(again.signingKeyProtection.current.equals(first.signingKeyProtection.current)).toBe(true);
    expect(loadHealthCardKeys(config).pii.current.key.equals(keys.pii.current.key)).toBe(true);
  });

  it("moves the key files an earlier version generated into the data folder, keeping their keys", () => {
    const dataDir = path.join(root, "data");
    mkdirSync(dataDir, { mode: 0o755 });
    const oldSecret = "an-auth-secret-generated-by-an-earlier-version-0123";
    const oldKeys = { healthCard: [{ version: 1, rootKey: "55".repeat(16), protectionKey: "66".repeat(16) }], pii: [{ version: 1, key: "77".repeat(16) }], indexKey: "88".repeat(32) };
    writeFileSync(path.join(dataDir, "auth-secret"), oldSecret + "\n", { mode: 0o644 });
    writeFileSync(path.join(dataDir, "healthcard-keys.json"), JSON.stringify(oldKeys), { mode: 0o644 });
    const config = loadConfig(env({ NODE_ENV: "development", ...folders() }));

    const secrets = loadPlatformSecrets(config);
    const keys = loadHealthCardKeys(config);

    expect(secrets.authSecret).toBe(oldSecret);
    // Signing keys wrapped by the earlier version under the key it derived from that secret still open.
    expect(secrets.signingKeyProtection.legacy[0]!.equals(legacySigningKeyProtection(oldSecret))).toBe(true);
    expect(keys.pii.current.key.toString("hex")).toBe("77".repeat(16));
    expect(keys.indexKey.toString("hex")).toBe("88".repeat(32));
    for (const file of ["auth-secret", "healthcard-keys.json"]) {
      expect(existsSync(path.join(dataDir, file)), file).toBe(false);
      expect(mode(path.join(root, "keys", file)), file).toBe(0o600);
    }
    expect(readFileSync(path.join(root, "keys", "auth-secret"), "utf8").trim()).toBe(oldSecret);
  });

  it("narrows an existing keys folder to 0700", () => {
    mkdirSync(path.join(root, "keys"), { mode: 0o755 });
    loadPlatformSecrets(loadConfig(env({ NODE_ENV: "development", ...folders() })));
    expect(mode(path.join(root, "keys"))).toBe(0o700);
  });

  it("writes nothing for keys that are configured", () => {
    const secrets = loadPlatformSecrets(loadConfig(env({ NODE_ENV: "development", ...folders(), ...ALL_KEYS })));
    expect(secrets.authSecret).toBe(ALL_KEYS.AUTH_SECRET);
    expect(secrets.joinTokenSecret).toBe(ALL_KEYS.JOIN_TOKEN_SECRET);
    expect(secrets.signingKeyProtection.current.toString("hex")).toBe(ALL_KEYS.SIGNING_KEY_ENCRYPTION_KEY);
    expect(existsSync(path.join(root, "keys"))).toBe(false);
  });
});
