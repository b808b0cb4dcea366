import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import { randomInt, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind, unique, useTestDatabase } from "@/test/db";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "../keyStore";
import { findResidents } from "../lookup";
import { makeResidentId, randomTestKeys } from "../testKeys";
import { createImportJob, getImportJob, importReportCsv } from "./jobs";
import { isFinished } from "@/server/jobs/queue";
import { getPlatform } from "@/server/platform";
import { IMPORT_QUEUE, type RunOptions } from "./runner";

const runImportJob = (jobId: string, options: RunOptions) => getPlatform().imports.run(jobId, options);

const keys = randomTestKeys();
let admin: SessionUser;
// Any digit but the right one: a fixed "0" would be right for one ID in eleven.
const wrongCheckDigit = (residentId: string) => (residentId.endsWith("1") ? "2" : "1");
const birth = () => `19${randomInt(30, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`;

describe(`batch pre-issue of visit cards (${testDatabaseKind()})`, () => {
  beforeAll(async () => {
    await useTestDatabase();
    setHealthCardKeys(keys);
    const code = unique("IMP").toUpperCase().replace(/_/g, "");
    const institution = await getDb().institution.create({ data: { code, name: "导入测试医院", level: "COUNTY", regionCode: "441424" } });
    const user = await getDb().user.create({ data: { username: unique("adm"), passwordHash: "x", displayName: "管理员", role: "INSTITUTION_ADMIN", institutionId: institution.id } });
    admin = { id: user.id, username: user.username, displayName: user.displayName, role: "INSTITUTION_ADMIN", institutionId: institution.id };
  });

  it("reads a GBK CSV, imports good rows, reports bad rows with row number and reason, and a re-upload changes nothing", async () => {
    const b = birth();
    const prefix = unique("V").toUpperCase().replace(/_/g, "");
    const good1 = makeResidentId(11, "441424", b);
    const good2 = makeResidentId(12, "441424", b);
    const lines = [
      "就诊卡号,姓名,证件类型,证件号码,手机号码",
      `${prefix}1,张三,居民身份证,${good1},13800000001`,
      `${prefix}2,李四,01,${good2.toLowerCase()},`,
      `${prefix}3,王五,01,${good1.slice(0, 17)}${wrongCheckDigit(good1)},`,
      `,赵六,01,${makeResidentId(13, "441424", b)},`,
      `${prefix}1,孙七,01,${makeResidentId(14, "441424", b)},`,
      `${prefix}4,周八,01,20000101,`,
      `${prefix}5,吴九,01,${makeResidentId(15, "441424", "20991231")},`,
      "",
    ];
    const bytes = iconv.encode(lines.join("\r\n"), "gbk");
    const job = await createImportJob(getDb(), admin, { name: "就诊卡.csv", bytes }, { start: false });
    await runImportJob(job.id, { keys });
    const done = await getImportJob(getDb(), admin, job.id);
    expect(done).toMatchObject({ status: "DONE", encoding: "gb18030", totalRows: 7, createdCount: 2, errorCount: 5 });
    const report = await importReportCsv(getDb(), admin, job.id, "zh-CN");
    expect(report.csv.split("\r\n").slice(1, 6)).toEqual([
      "4,docNumber,居民身份证号码的校验位（最后一位）不正确，请核对号码。",
      "5,visitCard,缺少就诊卡号。",
      "6,visitCard,与本文件第 2 行的就诊卡号重复。",
      "7,docNumber,居民身份证号码应为 18 位，当前为 8 位。",
      "8,docNumber,居民身份证号码中的出生日期晚于今天。",
    ]);
    const found = await findResidents(getDb(), admin, { text: `${prefix}1` });
    expect(found.map((r) => r.name)).toEqual(["张三"]);

    const again = await createImportJob(getDb(), admin, { name: "就诊卡.csv", bytes }, { start: false });
    await runImportJob(again.id, { keys });
    expect(await getImportJob(getDb(), admin, again.id)).toMatchObject({ status: "DONE", createdCount: 0, linkedCount: 0, unchangedCount: 2, errorCount: 5 });
  });

  it("reads UTF-8 XLSX and links an existing card instead of making a second one", async () => {
    const b = birth();
    const prefix = unique("X").toUpperCase().replace(/_/g, "");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("就诊卡");
    sheet.addRow(["姓名", "身份证号", "就诊卡号"]);
    sheet.addRow(["欧阳娜娜", makeResidentId(21, "441424", b), `${prefix}A`]);
    sheet.addRow(["欧阳娜娜", makeResidentId(21, "441424", b), `${prefix}B`]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const job = await createImportJob(getDb(), admin, { name: "cards.xlsx", bytes }, { start: false });
    await runImportJob(job.id, { keys });
    expect(await getImportJob(getDb(), admin, job.id)).toMatchObject({ status: "DONE", encoding: "xlsx", createdCount: 1, linkedCount: 1, errorCount: 0 });
  });

  it("a failure half-way leaves whole chunks only, and the next upload finishes the rest", async () => {
    const b = birth();
    const prefix = unique("F").toUpperCase().replace(/_/g, "");
    // 999 distinct sequences per birth date: vary the region for the rest.
    const rows = Array.from({ length: 2500 }, (_, i) => `${prefix}${i},测试,${makeResidentId(i % 999, ["441424", "441402", "441403"][Math.floor(i / 999)], b)}`);
    const bytes = Buffer.from(["就诊卡号,姓名,证件号码", ...rows].join("\n"));
    const job = await createImportJob(getDb(), admin, { name: "big.csv", bytes }, { start: false });
    await runImportJob(job.id, {
      keys,
      beforeChunk: (start) => {
        if (start === 2000) throw new Error("disk full");
      },
    });
    const failed = await getImportJob(getDb(), admin, job.id);
    expect(failed).toMatchObject({ status: "FAILED", processedRows: 2000, createdCount: 2000, failureKey: "healthCard.import.failed" });
    expect(await getDb().residentIdentifier.count({ where: { value: { startsWith: prefix } } })).toBe(2000);
    const again = await createImportJob(getDb(), admin, { name: "big.csv", bytes }, { start: false });
    await runImportJob(again.id, { keys });
    expect(await getImportJob(getDb(), admin, again.id)).toMatchObject({ status: "DONE", createdCount: 500, unchangedCount: 2000 });
  });

  it("on the job queue: an upload is queued and run by a worker; queued twice, it is imported once", async () => {
    await getPlatform().jobs.start();
    const b = birth();
    const prefix = unique("Q").toUpperCase().replace(/_/g, "");
    const rows = Array.from({ length: 1200 }, (_, i) => `${prefix}${i},测试,${makeResidentId(i % 999, ["441424", "441402"][Math.floor(i / 999)], b)}`);
    const bytes = Buffer.from(["就诊卡号,姓名,证件号码", ...rows].join("\n"));
    const job = await createImportJob(getDb(), admin, { name: "queued.csv", bytes });
    // A second click, or resume() at a restart: the same import job queued again.
    await getPlatform().imports.enqueue(job.id);
    await getPlatform().imports.idle();
    expect(await getImportJob(getDb(), admin, job.id)).toMatchObject({ status: "DONE", processedRows: 1200, createdCount: 1200, errorCount: 0 });
    expect(await getDb().residentIdentifier.count({ where: { value: { startsWith: prefix } } })).toBe(1200);

    // A job left QUEUED without a queue job (lost between upload and queue) is queued at start-up.
    const lost = await createImportJob(getDb(), admin, { name: "queued.csv", bytes }, { start: false });
    expect(await getPlatform().imports.resume()).toBeGreaterThanOrEqual(1);
    await getPlatform().imports.idle();
    expect(await getImportJob(getDb(), admin, lost.id)).toMatchObject({ status: "DONE", createdCount: 0, unchangedCount: 1200 });
  });

  it("a job whose process died mid-way expires, is retried, and resumes after its committed chunks", async () => {
    const { jobs, database } = getPlatform();
    await jobs.start();
    const b = birth();
    const prefix = unique("D").toUpperCase().replace(/_/g, "");
    const rows = Array.from({ length: 2500 }, (_, i) => `${prefix}${i},测试,${makeResidentId(i % 999, ["441424", "441402", "441403"][Math.floor(i / 999)], b)}`);
    const bytes = Buffer.from(["就诊卡号,姓名,证件号码", ...rows].join("\n"));
    const job = await createImportJob(getDb(), admin, { name: "crash.csv", bytes }, { start: false });
    // The process that died: it committed two chunks of its run...
    await expect(
      runImportJob(job.id, {
        keys,
        final: false,
        beforeChunk: (start) => {
          if (start === 2000) throw new Error("process killed");
        },
      }),
    ).rejects.toThrow("process killed");
    expect(await getImportJob(getDb(), admin, job.id)).toMatchObject({ status: "RUNNING", processedRows: 2000, createdCount: 2000 });
    // ...and was holding the queue job: active, started long ago, never finished. (Sent not to be
    // taken by this process's worker, then marked as another process takes it.)
    const queueJobId = await jobs.boss.send(IMPORT_QUEUE, { importJobId: job.id }, { singletonKey: job.id, startAfter: 3600, retryDelay: 1 });
    await database.main.query("UPDATE pgboss.job SET state = 'active', started_on = now() - interval '2 hours', retry_count = 0 WHERE id = $1", [queueJobId]);
    // What pg-boss's maintenance does every two minutes: the expired job is failed, so retried.
    await jobs.boss.expire();
    expect(await jobs.boss.getJobById(IMPORT_QUEUE, queueJobId!)).toMatchObject({ state: "retry" });

    const until = Date.now() + 20_000;
    let queueJob = await jobs.boss.getJobById(IMPORT_QUEUE, queueJobId!);
    while (!isFinished(queueJob) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      queueJob = await jobs.boss.getJobById(IMPORT_QUEUE, queueJobId!);
    }
    expect(queueJob).toMatchObject({ state: "completed", retryCount: 1 });
    expect(await getImportJob(getDb(), admin, job.id)).toMatchObject({ status: "DONE", processedRows: 2500, createdCount: 2500, errorCount: 0 });
    expect(await getDb().residentIdentifier.count({ where: { value: { startsWith: prefix } } })).toBe(2500);
  });

  it("two runs of one job at once (an expired run still going) import each chunk once", async () => {
    const b = birth();
    const prefix = unique("T").toUpperCase().replace(/_/g, "");
    const rows = Array.from({ length: 2100 }, (_, i) => `${prefix}${i},测试,${makeResidentId(i % 999, ["441424", "441402", "441403"][Math.floor(i / 999)], b)}`);
    const bytes = Buffer.from(["就诊卡号,姓名,证件号码", ...rows].join("\n"));
    const job = await createImportJob(getDb(), admin, { name: "twice.csv", bytes }, { start: false });
    await Promise.all([runImportJob(job.id, { keys }), runImportJob(job.id, { keys })]);
    expect(await getImportJob(getDb(), admin, job.id)).toMatchObject({ status: "DONE", processedRows: 2100, createdCount: 2100, errorCount: 0 });
    expect(await getDb().residentIdentifier.count({ where: { value: { startsWith: prefix } } })).toBe(2100);
  });

  it("refuses a file without the required columns, and an empty upload", async () => {
    const job = await createImportJob(getDb(), admin, { name: "x.csv", bytes: Buffer.from("a,b\n1,2\n") }, { start: false });
    await runImportJob(job.id, { keys });
    expect(await getImportJob(getDb(), admin, job.id)).toMatchObject({ status: "FAILED", failureKey: "healthCard.import.missingColumns" });
    await expect(createImportJob(getDb(), admin, { name: "e.csv", bytes: Buffer.alloc(0) })).rejects.toMatchObject({ status: 400 });
    await expect(getImportJob(getDb(), admin, randomUUID())).rejects.toMatchObject({ status: 404, code: "IMPORT_JOB_NOT_FOUND", messageKey: "healthCard.import.notFound" });
  });
});
