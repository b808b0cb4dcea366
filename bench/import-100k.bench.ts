/**
 * Batch pre-issue of 100,000 legacy visit cards: `npx tsx bench/import-100k.bench.ts`.
 * Fresh database on the local PostgreSQL (TEST_DATABASE_SERVER_URL), a GBK-encoded CSV with
 * 100,000 rows (1% bad on purpose), the same runner the platform uses. Target: under 60 s.
 * Writes bench/results/import-100k.json.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import pg from "pg";
import { migrate } from "../server/db/migrate";
import { benchPlatform } from "./benchPlatform";

const ROWS = Number(process.env.ROWS ?? 100_000);
const TARGET_SECONDS = 60;
const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `rmp_bench_import_${randomBytes(3).toString("hex")}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;

try {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
  await migrate(client);
  await client.end();

  const platform = await benchPlatform(url.toString(), 4);
  const { getDb } = await import("../server/db/client");
  const { setHealthCardKeys } = await import("../server/healthcard/keyStore");
  const { makeResidentId, randomTestKeys } = await import("../server/healthcard/testKeys");
  const { createImportJob, getImportJob } = await import("../server/healthcard/import/jobs");
  const keys = randomTestKeys();
  setHealthCardKeys(keys);
  const db = getDb();
  const institution = await db.institution.create({ data: { code: "BENCH", name: "基准测试医院", level: "COUNTY", regionCode: "441424" } });
  const user = await db.user.create({ data: { username: "bench.admin", passwordHash: "x", displayName: "基准", role: "INSTITUTION_ADMIN", institutionId: institution.id } });
  const actor = { id: user.id, username: user.username, displayName: user.displayName, role: "INSTITUTION_ADMIN" as const, institutionId: institution.id };

  // Distinct valid IDs: 999 sequences × birth dates from 1950 on.
  const lines = ["就诊卡号,姓名,证件类型,证件号码,手机号码"];
  const surnames = "王李张刘陈杨黄赵吴周";
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 999) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, "");
    let id = makeResidentId(i % 999, "441424", day);
    if (i % 100 === 99) id = id.slice(0, 17) + (id[17] === "0" ? "1" : "0"); // 1% bad check characters
    lines.push(`WH${String(i).padStart(8, "0")},${surnames[i % 10]}某${i % 7 === 0 ? "某" : ""},居民身份证,${id},${i % 3 === 0 ? `139${String(i).padStart(8, "0")}` : ""}`);
  }
  const bytes = iconv.encode(lines.join("\r\n"), "gbk");

  const run = async (label: string) => {
    const job = await createImportJob(db, actor, { name: "100k.csv", bytes }, { start: false });
    const start = performance.now();
    await platform.imports.run(job.id, { keys });
    const seconds = (performance.now() - start) / 1000;
    const done = await getImportJob(db, actor, job.id);
    console.log(label, seconds.toFixed(1), "s", done);
    return { seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(ROWS / seconds), status: done.status, created: done.createdCount, unchanged: done.unchangedCount, errors: done.errorCount };
  };
  const first = await run("first upload");
  const again = await run("same file again");
  const results = {
    benchmark: "import-100k",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    rows: ROWS,
    fileBytes: bytes.length,
    encoding: "GBK",
    chunkRows: 1000,
    targetSeconds: TARGET_SECONDS,
    firstUpload: first,
    reupload: again,
    meetsTarget: first.seconds <= TARGET_SECONDS,
  };
  const outDir = path.join(import.meta.dirname, "results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "import-100k.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(JSON.stringify(results, null, 2));
  await platform.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}
