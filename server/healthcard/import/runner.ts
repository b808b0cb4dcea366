/**
 * Runs import jobs in the background, one at a time per process, in chunks (chunk.ts). A job
 * resumes from its committed prefix (processed_rows) after a crash or restart, so no row is
 * imported twice and none is left half-done; a chunk that fails twice stops the job (FAILED),
 * and uploading the file again continues where it stopped, because finished rows are unchanged.
 */
import pg from "pg";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { HealthCardKeys } from "../keyStore";
import { ChunkRaceError, importChunk, type ChunkContext } from "./chunk";
import { mapColumns } from "./columns";
import { prepareRow, type RowOutcome } from "./prepare";
import { readRows } from "./readFile";

export const CHUNK_ROWS = 1000;
const logger = log.child({ module: "healthcard.import" });

/**
 * One transaction on a connection of its own, held only for the transaction: on the embedded
 * database the pool has a single connection, which everyone else needs between chunks.
 */
async function inTransaction<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await run(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface RunOptions {
  keys?: HealthCardKeys;
  /** Test hook: called before each chunk with its first row index. */
  beforeChunk?: (start: number) => void;
}

/** Runs import jobs one at a time per process, on the platform's shared pool. */
export class ImportRunner {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: () => HealthCardKeys,
  ) {}

  /** Queues a job behind the ones already running in this process. */
  enqueue(jobId: string, options: RunOptions = {}): Promise<void> {
    const run = this.queue.then(() => this.run(jobId, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** At start-up: picks up jobs a previous process left queued or running. */
  async resume(): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>("SELECT id::text FROM import_job WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at");
    for (const row of rows) void this.enqueue(row.id);
    return rows.length;
  }

  /** Resolves when the jobs queued so far have finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  async run(jobId: string, options: RunOptions = {}): Promise<void> {
    await runImportJob(this.pool, jobId, options.keys ?? this.keys(), options);
  }
}

async function runImportJob(pool: pg.Pool, jobId: string, keys: HealthCardKeys, options: RunOptions): Promise<void> {
  try {
    const { rows } = await pool.query<{ content: Buffer; institution_id: string; created_by_id: string; processed_rows: number; status: string; code: string }>(
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
      await pool.query("UPDATE import_job SET status = 'FAILED', failure_key = $2, finished_at = now() WHERE id = $1", [jobId, error.messageKey]);
      return;
    }
    await pool.query("UPDATE import_job SET status = 'RUNNING', encoding = $2, total_rows = $3, started_at = COALESCE(started_at, now()) WHERE id = $1", [jobId, read.encoding, read.rows.length]);

    const context: ChunkContext = { jobId, institutionId: job.institution_id, issuer: job.code, actorId: job.created_by_id, keys };
    const seen = new Map<string, { rowNumber: number; docIndex: string }>();
    const now = new Date();
    const outcomes: (RowOutcome | null)[] = read.rows.map((cells, i) => prepareRow(cells, i + 2, columns, keys, seen, now));
    for (let start = job.processed_rows; start < outcomes.length; start += CHUNK_ROWS) {
      options.beforeChunk?.(start);
      const chunk = outcomes.slice(start, start + CHUNK_ROWS);
      try {
        await inTransaction(pool, (client) => importChunk(client, context, chunk));
      } catch (error) {
        if (!(error instanceof ChunkRaceError)) throw error;
        await inTransaction(pool, (client) => importChunk(client, context, chunk));
      }
    }
    await pool.query("UPDATE import_job SET status = 'DONE', finished_at = now() WHERE id = $1", [jobId]);
  } catch (error) {
    logger.error("import job stopped", { jobId, error: (error as Error).message });
    await pool.query("UPDATE import_job SET status = 'FAILED', failure_key = 'healthCard.import.failed', finished_at = now() WHERE id = $1", [jobId]).catch(() => undefined);
  }
}
