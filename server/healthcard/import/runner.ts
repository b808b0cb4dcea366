/**
 * Runs import jobs in the background on the job queue (server/jobs/queue.ts, pg-boss), in chunks
 * (chunk.ts), each chunk in its own transaction. A job resumes from its committed prefix
 * (processed_rows) whenever it runs again, so no row is imported twice and none is left half-done:
 * after a failure (retried with back-off), after a restart (a job that was running when its process
 * died expires and is retried), and when the same file is uploaded again. Each chunk checks, under
 * the job row's lock, that the prefix is still the one it started from, so two runs of one job
 * (an expired run still going) never import the same chunk.
 */
import pg from "pg";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { isFinished, type Job, type JobRunner, type QueueDefinition } from "@/server/jobs/queue";
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

export const IMPORT_QUEUE = "healthcard-import";

export interface ImportJobData {
  importJobId: string;
}

export interface RunOptions {
  keys?: HealthCardKeys;
  /** Test hook: called before each chunk with its first row index. */
  beforeChunk?: (start: number) => void;
  /**
   * Whether a failure is the last word (the job becomes FAILED). false while the queue will retry:
   * the job stays RUNNING with its committed prefix and the error is thrown to the queue.
   */
  final?: boolean;
}

/** Another run of the same job committed a chunk since this run started: this run stops. */
class SupersededError extends Error {}

/** Stopped between chunks because the process is shutting down; the queue runs the job again. */
class InterruptedError extends Error {}

const RETRY_LIMIT = 4;

/** Import jobs on the job queue: one at a time per process, several processes in parallel. */
export class ImportRunner {
  /** Queue jobs this process sent, until they finish (for idle()). */
  private readonly sent = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: () => HealthCardKeys,
    private readonly jobs: JobRunner,
  ) {}

  /**
   * The import queue: policy "stately" keeps one waiting and one running job per import job
   * (singletonKey), so sending one twice (resume, a second upload click) runs it once; a failed run
   * is retried with back-off; a run whose process died expires after 30 minutes and is retried.
   */
  queue(): QueueDefinition<ImportJobData> {
    return {
      name: IMPORT_QUEUE,
      policy: "stately",
      retryLimit: RETRY_LIMIT,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 30 * 60,
      handle: (job) => this.handle(job),
    };
  }

  /** Queues an import job; a worker (in this process or another) runs it. */
  async enqueue(importJobId: string): Promise<void> {
    const id = await this.jobs.boss.send(IMPORT_QUEUE, { importJobId } satisfies ImportJobData, {
      singletonKey: importJobId,
      retryLimit: RETRY_LIMIT,
      retryBackoff: true,
    });
    if (id) this.sent.add(id);
  }

  /**
   * At start-up: queues again the jobs that are QUEUED or RUNNING without a queue job waiting (one
   * lost between its upload and the queue, say). Jobs whose queue job is waiting are not queued twice.
   */
  async resume(): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>("SELECT id::text FROM import_job WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at");
    for (const row of rows) await this.enqueue(row.id);
    return rows.length;
  }

  /**
   * Resolves when nothing runs here and the jobs this process queued have finished (retries
   * included). Jobs are only waited for while the queue's workers run (tests that never start them
   * run jobs with run()).
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running.size > 0) {
        await Promise.allSettled([...this.running]);
        continue;
      }
      if (!this.jobs.running) return;
      for (const id of [...this.sent]) {
        if (isFinished(await this.jobs.boss.getJobById(IMPORT_QUEUE, id))) this.sent.delete(id);
      }
      if (this.sent.size === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Runs a job once, here and now; a failure makes it FAILED unless options.final is false (then it throws). */
  async run(jobId: string, options: RunOptions = {}): Promise<void> {
    const run = runImportJob(this.pool, jobId, options.keys ?? this.keys(), { ...options, stopping: () => this.jobs.stopping });
    this.running.add(run);
    try {
      await run;
    } finally {
      this.running.delete(run);
    }
  }

  private async handle(job: Job<ImportJobData>): Promise<{ importJobId: string }> {
    await this.run(job.data.importJobId, { final: job.retryCount >= job.retryLimit });
    return { importJobId: job.data.importJobId };
  }
}

interface RunContext extends RunOptions {
  stopping: () => boolean;
}

async function runImportJob(pool: pg.Pool, jobId: string, keys: HealthCardKeys, options: RunContext): Promise<void> {
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
      // The file itself is wrong: running it again cannot help.
      await pool.query("UPDATE import_job SET status = 'FAILED', failure_key = $2, finished_at = now() WHERE id = $1", [jobId, error.messageKey]);
      return;
    }
    await pool.query("UPDATE import_job SET status = 'RUNNING', encoding = $2, total_rows = $3, started_at = COALESCE(started_at, now()) WHERE id = $1", [jobId, read.encoding, read.rows.length]);

    const context: ChunkContext = { jobId, institutionId: job.institution_id, issuer: job.code, actorId: job.created_by_id, keys };
    const seen = new Map<string, { rowNumber: number; docIndex: string }>();
    const now = new Date();
    const outcomes: (RowOutcome | null)[] = read.rows.map((cells, i) => prepareRow(cells, i + 2, columns, keys, seen, now));
    for (let start = job.processed_rows; start < outcomes.length; start += CHUNK_ROWS) {
      if (options.stopping()) throw new InterruptedError(`stopped at row ${start}`);
      options.beforeChunk?.(start);
      const chunk = outcomes.slice(start, start + CHUNK_ROWS);
      const commitChunk = () => inTransaction(pool, (client) => lockPrefix(client, jobId, start).then(() => importChunk(client, context, chunk)));
      try {
        await commitChunk();
      } catch (error) {
        if (!(error instanceof ChunkRaceError)) throw error;
        await commitChunk();
      }
    }
    await pool.query("UPDATE import_job SET status = 'DONE', finished_at = now() WHERE id = $1", [jobId]);
  } catch (error) {
    if (error instanceof SupersededError) {
      logger.info("import job is being run elsewhere; this run stops", { jobId });
      return;
    }
    if (options.final === false || error instanceof InterruptedError) {
      logger.warn("import job stopped; it is run again", { jobId, error: (error as Error).message });
      throw error;
    }
    logger.error("import job stopped", { jobId, error: (error as Error).message });
    await pool.query("UPDATE import_job SET status = 'FAILED', failure_key = 'healthCard.import.failed', finished_at = now() WHERE id = $1", [jobId]).catch(() => undefined);
  }
}

/** Locks the job row for the chunk's transaction and checks the committed prefix is still `start`. */
async function lockPrefix(client: pg.PoolClient, jobId: string, start: number): Promise<void> {
  const { rows } = await client.query<{ processed_rows: number }>("SELECT processed_rows FROM import_job WHERE id = $1 FOR UPDATE", [jobId]);
  if (rows[0]?.processed_rows !== start) throw new SupersededError();
}
