/**
 * `npm run pii:reencrypt`: everything encrypted at rest brought to the current keys and format.
 * Experts' signing keys are rewrapped under SIGNING_KEY_ENCRYPTION_KEY (start-up does that too),
 * then every resident's document and phone number is re-encrypted under the current PII key
 * (server/healthcard/reencrypt.ts), with a progress line per batch. Safe to run again at any time.
 *
 * On the embedded database the platform must be stopped first: that database belongs to one
 * process at a time.
 */
import pg from "pg";
import type { Config } from "@/server/config";
import { migrateSigningKeys } from "@/server/consultation/signingKeys";
import { createDb } from "@/server/db/client";
import { startEmbeddedDatabase } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { loadHealthCardKeys } from "@/server/healthcard/keyStore";
import { reencryptAllPii, type ReencryptResult } from "@/server/healthcard/reencrypt";
import { loadPlatformSecrets } from "./secrets";

export interface ReencryptCommandResult {
  signingKeys: { found: number; rewrapped: number; unreadable: number };
  residents: ReencryptResult;
}

export async function runReencryptCommand(config: Config, print: (line: string) => void, options: { batchSize?: number } = {}): Promise<ReencryptCommandResult> {
  const secrets = loadPlatformSecrets(config);
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedDatabase(config.dataDir);
  const databaseUrl = config.DATABASE_URL ?? embedded!.url;
  try {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await migrate(client);
    } finally {
      await client.end();
    }
    // Its own connection rather than the platform: the command may run beside a live platform.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    pool.on("error", (error) => print(`database connection lost: ${error.message}`));
    const db = createDb(pool);
    try {
      const signingKeys = await migrateSigningKeys(db, secrets.signingKeyProtection);
      print(`experts' signing keys: ${signingKeys.found} in the old format, ${signingKeys.rewrapped} rewrapped, ${signingKeys.unreadable} unreadable`);
      const keys = loadHealthCardKeys(config);
      print(`residents' personal data → PII key version ${keys.pii.current.version}, authenticated format`);
      const residents = await reencryptAllPii(db, keys, {
        batchSize: options.batchSize,
        onProgress: (p) => print(`  ${p.checked}/${p.total} residents checked, ${p.reencrypted} re-encrypted, ${p.unreadable} unreadable, ${p.skipped} changed meanwhile`),
      });
      if (residents.total === 0) print("  nothing to re-encrypt: every value is current");
      if (residents.unreadable > 0) print(`  unreadable (left as they are; see the error log): ${residents.unreadableIds.join(", ")}`);
      return { signingKeys, residents };
    } finally {
      await db.$disconnect();
      await pool.end();
    }
  } finally {
    await embedded?.stop();
  }
}
