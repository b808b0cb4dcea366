/**
 * `npm run pii:reencrypt` on a database of its own (a fresh PostgreSQL database, or a fresh
 * embedded one in the embedded project), holding rows as the platform wrote them before
 * authenticated encryption: they are read, re-encrypted, and a second run finds nothing to do.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { loadConfig, type Config } from "@/server/config";
import { openPrivateKey } from "@/server/consultation/signingKeys";
import { sm4CbcEncrypt } from "@/server/crypto/sm";
import { generateSm2KeyPair } from "@/server/crypto/sm2";
import { createDb, type Db } from "@/server/db/client";
import { startEmbeddedDatabase } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { createKeyring, piiKeyFromConfig } from "@/server/healthcard/keys";
import { decryptPii, encryptPii, type EncryptedPii } from "@/server/healthcard/pii";
import { encryptPiiLegacyFormat } from "@/server/healthcard/testKeys";
import { testDatabaseKind, testDatabaseUrl, unique } from "@/test/db";
import { runReencryptCommand } from "./reencryptCommand";
import { legacySigningKeyProtection, loadPlatformSecrets } from "./secrets";

const keyV1 = randomBytes(16).toString("hex");
const keyV2 = randomBytes(16).toString("hex");
const v1 = piiKeyFromConfig({ version: 1, key: keyV1 });
const v2 = piiKeyFromConfig({ version: 2, key: keyV2 });
const keyring = createKeyring([v1, v2], 2);
const AUTH_SECRET = "auth-secret-of-the-earlier-version-0123456789";

let database: { url: string; close(): Promise<void> };
let pool: pg.Pool;
let db: Db;
let scratch: string;
let config: Config;

async function freshDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  if (testDatabaseKind() === "embedded") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rmp-reencrypt-db-"));
    const embedded = await startEmbeddedDatabase(dir);
    return { url: embedded.url, close: async () => (await embedded.stop(), rmSync(dir, { recursive: true, force: true })) };
  }
  const server = new URL(testDatabaseUrl());
  server.pathname = "/postgres";
  const name = unique("rmp_reencrypt");
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async close() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

beforeAll(async () => {
  database = await freshDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
  await migrate(client);
  await client.end();
  pool = new pg.Pool({ connectionString: database.url, max: 1 });
  // Dropping the database at the end terminates whatever connection is still closing.
  pool.on("error", () => undefined);
  db = createDb(pool);
  scratch = mkdtempSync(path.join(os.tmpdir(), "rmp-reencrypt-keys-"));
  config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    DATA_DIR: path.join(scratch, "data"),
    KEYS_DIR: path.join(scratch, "keys"),
    AUTH_SECRET,
    PII_KEYS: JSON.stringify([
      { version: 1, key: keyV1 },
      { version: 2, key: keyV2 },
    ]),
    PII_KEY_VERSION: "2",
    PII_INDEX_KEY: randomBytes(32).toString("hex"),
    HEALTH_CARD_KEYS: JSON.stringify([{ version: 1, rootKey: randomBytes(16).toString("hex"), protectionKey: randomBytes(16).toString("hex") }]),
  } as unknown as NodeJS.ProcessEnv);
});

afterAll(async () => {
  await db?.$disconnect();
  await pool?.end();
  await database?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function resident(doc: EncryptedPii, phone: EncryptedPii | null, id?: string) {
  return db.resident.create({
    data: {
      id,
      masterIndexId: randomBytes(32).toString("hex"),
      name: "张三",
      docType: "01",
      docNumberEnc: doc.ciphertext,
      docKeyVersion: doc.keyVersion,
      phoneEnc: phone?.ciphertext ?? null,
      phoneKeyVersion: phone?.keyVersion ?? null,
    },
  });
}

const stored = (row: { docNumberEnc: string | null; docKeyVersion: number | null }) => ({ ciphertext: row.docNumberEnc!, keyVersion: row.docKeyVersion! });

describe("npm run pii:reencrypt", () => {
  it("re-encrypts old-format rows and old key versions to the current ones, signing keys too; resumable; a second run does nothing", async () => {
    const errors = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const legacyRows = await Promise.all([0, 1, 2].map((n) => resident(encryptPiiLegacyFormat(`11010519491231${n}02X`, v1), encryptPiiLegacyFormat(`1381234123${n}`, v1))));
    const oldVersion = await resident(encryptPii("110101199003071234", createKeyring([v1], 1), "resident.docNumber"), null);
    const current = await resident(encryptPii("110101199003071235", keyring, "resident.docNumber"), null);
    const tamperedBytes = Buffer.from(encryptPii("110101199003071236", createKeyring([v1], 1), "resident.docNumber").ciphertext.slice(3), "base64");
    tamperedBytes[20] = (tamperedBytes[20] as number) ^ 0x01;
    // The highest id, so the command meets it last.
    const lastId = `ffffffff-ffff-4fff-bfff-${randomBytes(6).toString("hex")}`;
    const tampered = await resident({ ciphertext: "v2:" + tamperedBytes.toString("base64"), keyVersion: 1 }, null, lastId);

    const expert = await db.user.create({ data: { username: unique("expert"), displayName: "专家", role: "SPECIALIST", passwordHash: "not-a-real-hash" } });
    const pair = generateSm2KeyPair();
    const iv = randomBytes(16);
    const legacyWrapped = sm4CbcEncrypt(legacySigningKeyProtection(AUTH_SECRET), iv, Buffer.from(pair.privateKey, "utf8")).toString("hex");
    await db.expertSigningKey.create({ data: { userId: expert.id, publicKey: pair.publicKey, iv: iv.toString("hex"), encryptedPrivateKey: legacyWrapped } });

    // Interrupted after its first batch of two: what it did stays done.
    const interrupted: string[] = [];
    await expect(
      runReencryptCommand(
        config,
        (line) => {
          interrupted.push(line);
          if (line.includes("residents checked")) throw new Error("interrupted");
        },
        { batchSize: 2 },
      ),
    ).rejects.toThrow("interrupted");
    expect(interrupted[0]).toBe("experts' signing keys: 1 in the old format, 1 rewrapped, 0 unreadable");
    expect(interrupted.at(-1)).toBe("  2/5 residents checked, 2 re-encrypted, 0 unreadable, 0 changed meanwhile");

    const lines: string[] = [];
    const resumed = await runReencryptCommand(config, (line) => lines.push(line), { batchSize: 2 });
    expect(resumed.signingKeys).toEqual({ found: 0, rewrapped: 0, unreadable: 0 });
    expect(resumed.residents).toMatchObject({ total: 3, checked: 3, reencrypted: 2, unreadable: 1, skipped: 0, unreadableIds: [tampered.id] });
    expect(lines).toContain("  2/3 residents checked, 2 re-encrypted, 0 unreadable, 0 changed meanwhile");
    expect(lines).toContain("  3/3 residents checked, 2 re-encrypted, 1 unreadable, 0 changed meanwhile");
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/integrity check failed/), expect.objectContaining({ field: "resident.docNumber", keyVersion: 1 }));

    for (const [n, row] of legacyRows.entries()) {
      const after = await db.resident.findUniqueOrThrow({ where: { id: row.id } });
      expect(after.docNumberEnc).toMatch(/^v2:/);
      expect(after.docKeyVersion).toBe(2);
      expect(decryptPii(stored(after), createKeyring([v2], 2), "resident.docNumber")).toBe(`11010519491231${n}02X`);
      expect(decryptPii({ ciphertext: after.phoneEnc!, keyVersion: after.phoneKeyVersion! }, createKeyring([v2], 2), "resident.phone")).toBe(`1381234123${n}`);
    }
    const moved = await db.resident.findUniqueOrThrow({ where: { id: oldVersion.id } });
    expect(decryptPii(stored(moved), createKeyring([v2], 2), "resident.docNumber")).toBe("110101199003071234");
    expect(moved.phoneEnc).toBeNull();
    expect((await db.resident.findUniqueOrThrow({ where: { id: current.id } })).docNumberEnc).toBe(current.docNumberEnc);
    expect((await db.resident.findUniqueOrThrow({ where: { id: tampered.id } })).docNumberEnc).toBe(tampered.docNumberEnc);

    const signingKey = await db.expertSigningKey.findUniqueOrThrow({ where: { userId: expert.id } });
    expect(signingKey.encryptedPrivateKey).toMatch(/^v2:/);
    expect(openPrivateKey(signingKey, { current: loadPlatformSecrets(config).signingKeyProtection.current, legacy: [] })).toEqual({ privateKey: pair.privateKey, legacy: false });

    // Idempotent: only the unreadable row is found again, and nothing changes.
    const snapshot = await db.resident.findMany({ where: { id: { in: [...legacyRows, oldVersion].map((r) => r.id) } }, orderBy: { id: "asc" } });
    const again = await runReencryptCommand(config, () => undefined);
    expect(again.residents).toMatchObject({ total: 1, reencrypted: 0, unreadable: 1 });
    expect(await db.resident.findMany({ where: { id: { in: snapshot.map((r) => r.id) } }, orderBy: { id: "asc" } })).toEqual(snapshot);
    errors.mockRestore();
  });
});
