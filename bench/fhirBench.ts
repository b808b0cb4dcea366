/**
 * What the FHIR benchmarks share: a fresh migrated PostgreSQL database, the platform in the
 * benchmark's process, and the platform's HTTP entry (handleHttpRequest: security headers, body
 * limits) serving /fhir/R4 with its route's handlers (test/fhirEntry.ts), so a request is timed
 * from the socket through authentication, access, queries, mapping and serialisation. Next's own
 * router is not in the path (no production build is needed on this shared machine).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { benchPlatform } from "./benchPlatform";

export async function fhirBenchSetup(name: string) {
  const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbName = `rmp_bench_${name}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  const sql = new pg.Client({ connectionString: dbUrl.toString() });
  await sql.connect();
  const { migrate } = await import("../server/db/migrate");
  await migrate(sql);
  const platform = await benchPlatform(dbUrl.toString(), 10);
  const { setHealthCardKeys } = await import("../server/healthcard/keyStore");
  const { randomTestKeys } = await import("../server/healthcard/testKeys");
  setHealthCardKeys(randomTestKeys());
  const { getDb } = await import("../server/db/client");
  const db = getDb();
  const institution = await db.institution.create({ data: { code: `B${randomBytes(3).toString("hex")}`, name: "压测县医院", level: "COUNTY", regionCode: "441424" } });
  const adminUser = await db.user.create({ data: { username: `bench.admin.${randomBytes(3).toString("hex")}`, passwordHash: "x", displayName: "管理员", role: "INSTITUTION_ADMIN", institutionId: institution.id } });
  const { issueIntegrationCredential } = await import("../server/record/integration");
  const { token } = await issueIntegrationCredential(db, { id: adminUser.id, username: adminUser.username, displayName: adminUser.displayName, role: "INSTITUTION_ADMIN", institutionId: institution.id }, { name: "bench HIS" });
  const cardId = randomBytes(32).toString("hex").toUpperCase();
  const resident = await db.resident.create({ data: { masterIndexId: randomBytes(32).toString("hex").toUpperCase(), name: "压测居民", sex: "FEMALE", birthDate: new Date("1960-05-01") } });
  await db.healthCard.create({ data: { residentId: resident.id, cardId, keyVersion: 1, channel: "WINDOW", issuingInstitutionId: institution.id } });
  const { startFhirEntry } = await import("../test/fhirEntry");
  const entry = await startFhirEntry();
  return {
    sql,
    db,
    institution,
    residentId: resident.id,
    cardId,
    token,
    base: entry.base,
    async close() {
      await entry.close();
      await platform.close();
      await sql.end();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export const percentile = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
