/**
 * Runs import jobs in the background, one at a time per process, in chunks (chunk.ts). A job
 * resumes from its committed prefix (processed_rows) after a crash or restart, so no row is
 * imported twice and none is left half-done; a chunk that fails twice stops the job (FAILED),
 * and uploading the file again continues where it stopped, because finished rows are unchanged.
 */
import pg from "pg";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getHealthCardKeys, type HealthCardKeys } from "../keyStore";
import { ChunkRaceError, importChunk, type ChunkContext } from "./chunk";
import { mapColumns } from "./columns";
import { prepareRow, type RowOutcome } from "./prepare";
import { readRows } from "./readFile";

export const CHUNK_ROWS = 1000;
const logger = log.child({ module: "healthcard.import" });

interface RunnerGlobal {
  __rmpImportPool?: pg.Pool;
  __rmpImportQueue?: Promise<void>;
}
const holder = globalThis as unknown as RunnerGlobal;

function pool(): pg.Pool {
  if (!holder.__rmpImportPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    holder.__rmpImportPool = new pg.Pool({ connectionString: url, max: 1 });
    holder.__rmpImportPool.on("error", (error) => logger.warn("import pool client error", { error: error.message }));
  }
  return holder.__rmpImportPool;
}

async function inTransaction<T>(client: pg.PoolClient, run: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await run();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

export interface RunOptions {
  keys?: HealthCardKeys;
  /** Test hook: called before each chunk with its first row index. */
  beforeChunk?: (start: number) => void;
}

export async function runImportJob(jobId: string, options: RunOptions = {}): Promise<void> {
  const keys = options.keys ?? getHealthCardKeys();
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ content: Buffer; institution_id: string; created_by_id: string; processed_rows: number; status: string; code: string }>(
      `SELECT j.content, j.institution_id::text, j.created_by_id::text, j.processed_rows, j.status::text, i.code
         FROM import_job j JOIN institution i ON i.id = j.institution_id WHERE j.id = $1`,
      [jobId],
    );
    const job = rows[0];
    if (!job || job.status === "DONE" || job.status === "FAILED") return;
    let read;
    let columns;
    try {
      read = await readRows(job.content);
      columns = mapColumns(read.header);
    } catch (error) {
      if (!isAppError(error)) throw error;
      await client.query("UPDATE import_job SET status = 'FAILED', failure_key = $2, finished_at = now() WHERE id = $1", [jobId, error.messageKey]);
      return;
    }
    await client.query("UPDATE import_job SET status = 'RUNNING', encoding = $2, total_rows = $3, started_at = COALESCE(started_at, now()) WHERE id = $1", [jobId, read.encoding, read.rows.length]);

    const context: ChunkContext = { jobId, institutionId: job.institution_id, issuer: job.code, actorId: job.created_by_id, keys };
    const seen = new Map<string, { rowNumber: number; docIndex: string }>();
    const now = new Date();
    const outcomes: (RowOutcome | null)[] = read.rows.map((cells, i) => prepareRow(cells, i + 2, columns, keys, seen, now));
    for (let start = job.processed_rows; start < outcomes.length; start += CHUNK_ROWS) {
      options.beforeChunk?.(start);
      const chunk = outcomes.slice(start, start + CHUNK_ROWS);
      try {
        await inTransaction(client, () => importChunk(client, context, chunk));
      } catch (error) {
        if (!(error instanceof ChunkRaceError)) throw error;
        await inTransaction(client, () => importChunk(client, context, chunk));
      }
    }
    await client.query("UPDATE import_job SET status = 'DONE', finished_at = now() WHERE id = $1", [jobId]);
  } catch (error) {
    logger.error("import job stopped", { jobId, error: (error as Error).message });
    await client.query("UPDATE import_job SET status = 'FAILED', failure_key = 'healthCard.import.failed', finished_at = now() WHERE id = $1", [jobId]).catch(() => undefined);
  } finally {
    client.release();
  }
}

/** Queues a job behind the ones already running in this process. */
export function enqueueImportJob(jobId: string, options: RunOptions = {}): Promise<void> {
  const queue = (holder.__rmpImportQueue ?? Promise.resolve()).then(() => runImportJob(jobId, options));
  holder.__rmpImportQueue = queue.catch(() => undefined);
  return queue;
}

/** At start-up: picks up jobs a previous process left queued or running. */
export async function resumeImportJobs(): Promise<number> {
  const { rows } = await pool().query<{ id: string }>("SELECT id::text FROM import_job WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at");
  for (const row of rows) void enqueueImportJob(row.id);
  return rows.length;
}

export async function closeImportPool(): Promise<void> {
  const current = holder.__rmpImportPool;
  holder.__rmpImportPool = undefined;
  await current?.end();
}
