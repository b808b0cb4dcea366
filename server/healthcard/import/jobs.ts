/** Import jobs for the admin pages: upload, list, progress, downloadable error report. */
import { csvForSpreadsheet } from "@/lib/csv";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { translate, translateKey, type Locale } from "@/lib/i18n";
import { cleanFileName } from "@/lib/validation";
import { audit } from "@/server/audit";
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { sm3Hex } from "@/server/crypto/sm";
import { checkFileContent, type FileKind } from "@/server/files/fileType";
import { MISSING } from "@/server/notFound";
import { getPlatform } from "@/server/platform";

export const MAX_IMPORT_MB = 50;
/** A visit-card export: an Excel workbook or CSV text (readFile.ts). */
export const IMPORT_KINDS: readonly FileKind[] = ["xlsx", "csv"];

export interface ImportJobView {
  id: string;
  fileName: string;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  encoding: string | null;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  linkedCount: number;
  unchangedCount: number;
  errorCount: number;
  failureKey: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const VIEW_SELECT = {
  id: true,
  fileName: true,
  status: true,
  encoding: true,
  totalRows: true,
  processedRows: true,
  createdCount: true,
  linkedCount: true,
  unchangedCount: true,
  errorCount: true,
  failureKey: true,
  createdAt: true,
  finishedAt: true,
} as const;

type ViewRow = Omit<ImportJobView, "createdAt" | "finishedAt"> & { createdAt: Date; finishedAt: Date | null };
const toView = (row: ViewRow): ImportJobView => ({ ...row, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null });

function institutionOf(actor: SessionUser): string {
  assertRole(actor, "institution.administer");
  if (!actor.institutionId) throw new ValidationError("healthCard.import.noInstitution");
  return actor.institutionId;
}

export async function createImportJob(db: Db, actor: SessionUser, file: { name: string; bytes: Buffer }, options: { start?: boolean } = {}): Promise<ImportJobView> {
  const institutionId = institutionOf(actor);
  if (file.bytes.length === 0) throw new ValidationError("healthCard.import.empty");
  if (file.bytes.length > MAX_IMPORT_MB * 1024 * 1024) throw new ValidationError("healthCard.import.tooLarge", undefined, { limit: MAX_IMPORT_MB });
  await checkFileContent(file, IMPORT_KINDS);
  const job = await db.importJob.create({
    data: { institutionId, createdById: actor.id, fileName: cleanFileName(file.name, "upload", 255), fileSm3: sm3Hex(file.bytes), content: new Uint8Array(file.bytes) },
    select: VIEW_SELECT,
  });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.import.uploaded", targetType: "importJob", targetId: job.id, details: { bytes: file.bytes.length } });
  // Queued once stored: a worker (here or in another process) runs it; a queue that cannot be
  // reached leaves it QUEUED for the next start-up (ImportRunner.resume).
  if (options.start !== false) await getPlatform().imports.enqueue(job.id);
  return toView(job);
}

export async function listImportJobs(db: Db, actor: SessionUser): Promise<ImportJobView[]> {
  const institutionId = institutionOf(actor);
  return (await db.importJob.findMany({ where: { institutionId }, select: VIEW_SELECT, orderBy: { createdAt: "desc" }, take: 20 })).map(toView);
}

export async function getImportJob(db: Db, actor: SessionUser, jobId: string): Promise<ImportJobView> {
  const institutionId = institutionOf(actor);
  const job = await db.importJob.findFirst({ where: { id: jobId, institutionId }, select: VIEW_SELECT });
  if (!job) throw new NotFoundError(MISSING.importJob);
  return toView(job);
}

/** The error report as CSV (UTF-8 with BOM, so Excel opens it correctly), in the reader's language. */
export async function importReportCsv(db: Db, actor: SessionUser, jobId: string, locale: Locale): Promise<{ fileName: string; csv: string }> {
  const job = await getImportJob(db, actor, jobId);
  const errors = await db.importRowError.findMany({ where: { jobId: job.id }, orderBy: { rowNumber: "asc" } });
  const header = [translate(locale, "healthCard.ui.import.reportRow"), translate(locale, "healthCard.ui.import.reportField"), translate(locale, "healthCard.ui.import.reportReason")];
  const rows = errors.map((error) => [error.rowNumber, error.field ?? "", translateKey(locale, error.reasonKey, error.params as Record<string, string | number>)]);
  return { fileName: `import-report-${job.id.slice(0, 8)}.csv`, csv: csvForSpreadsheet([header, ...rows]) };
}
