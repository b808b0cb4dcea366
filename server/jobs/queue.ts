/**
 * The job queue: pg-boss (https://github.com/timgit/pg-boss), one instance per process, built by
 * the composition root on the platform's shared pool. pg-boss keeps its jobs in its own schema
 * (`pgboss`, created and migrated by pg-boss itself at start) and gives us retries with back-off,
 * cron schedules that run once across several processes, and expiry of jobs whose process died.
 *
 * It polls for work (no LISTEN/NOTIFY), and with the `db` option it runs every statement on our
 * pool instead of opening one of its own: on the embedded database that is the process's single
 * connection, which is why it works there unchanged.
 *
 * Features define their queues (name, policy, retries, handler, optional cron) and the start-up
 * (server/index.ts) starts the runner once the database is migrated.
 */
import type pg from "pg";
import PgBoss from "pg-boss";
import { log } from "@/lib/log";

const logger = log.child({ module: "jobs" });

export interface JobRunnerOptions {
  /** How often each worker looks for work (JOBS_POLL_SECONDS); pg-boss's minimum is 0.5. */
  pollSeconds: number;
  /**
   * Whether this process sends the jobs of cron schedules (pg-boss's timekeeper). Any number of
   * processes may: pg-boss sends each scheduled job once. Tests turn it off and send jobs themselves.
   */
  cron: boolean;
  /** How often the cron monitor looks at the schedules and sends their jobs (pg-boss's default: 30 s and 5 s). */
  cronCheckSeconds?: number;
  /** How often pg-boss expires jobs of dead processes and archives old ones (default 120 s). */
  maintenanceSeconds?: number;
  /** How long stop() waits for running handlers before failing them (they are retried). */
  stopTimeoutSeconds?: number;
}

export type Job<T extends object> = PgBoss.JobWithMetadata<T>;

export interface QueueDefinition<T extends object = object> {
  name: string;
  /**
   * "stately": at most one job per singletonKey waiting and one running; "singleton": one running
   * at a time; "standard": no limit (pg-boss's queue policies).
   */
  policy: PgBoss.QueuePolicy;
  retryLimit: number;
  /** Seconds before the first retry; with retryBackoff each retry waits about twice as long. */
  retryDelay: number;
  retryBackoff: boolean;
  /** A running job older than this is failed (and retried): how a dead process's job comes back. */
  expireInSeconds: number;
  /** A cron expression (UTC): pg-boss sends one job on it, across all processes. */
  cron?: string;
  /** Throws to fail the job (it is retried while retries are left). */
  handle(job: Job<T>): Promise<unknown>;
}

const TERMINAL_STATES = new Set(["completed", "failed", "cancelled"]);

/** Whether a job has finished for good (false while waiting, running or waiting to be retried). */
export function isFinished(job: { state: string } | null): boolean {
  return job === null || TERMINAL_STATES.has(job.state);
}

/**
 * pg-boss's statements on our pool. Its migrations and maintenance are multi-statement scripts
 * that open their own transaction (BEGIN … COMMIT): those run on one connection held for the
 * script, rolled back if a statement fails, so no connection returns to the pool inside an aborted
 * transaction (on the embedded database that would break every later query).
 */
export function poolExecutor(pool: pg.Pool): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (!/^\s*BEGIN\s*;/i.test(text)) return pool.query(text, values);
      const client = await pool.connect();
      try {
        return await client.query(text);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/**
 * Creates a queue (a partition of pg-boss's job table) unless it exists. Two processes creating
 * the same new queue at once can deadlock in pg-boss's create_queue; the loser tries again and
 * finds the queue made.
 */
async function createQueueOnce(boss: PgBoss, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await boss.getQueue(options.name)) return;
      await boss.createQueue(options.name, options);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      logger.info("job queue creation raced another process; trying again", { queue: options.name, error: (error as Error).message });
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** The process's pg-boss, its queues and workers. */
export class JobRunner {
  readonly boss: PgBoss;
  private readonly queues: QueueDefinition[] = [];
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    pool: pg.Pool,
    private readonly options: JobRunnerOptions,
  ) {
    this.boss = new PgBoss({
      db: poolExecutor(pool),
      schedule: options.cron,
      supervise: true,
      ...(options.cronCheckSeconds ? { cronMonitorIntervalSeconds: options.cronCheckSeconds, cronWorkerIntervalSeconds: options.cronCheckSeconds } : {}),
      ...(options.maintenanceSeconds ? { maintenanceIntervalSeconds: options.maintenanceSeconds } : {}),
    });
    this.boss.on("error", (error: Error) => logger.warn("job queue error", { error: error.message }));
  }

  /** Adds a queue; its worker starts with start(). */
  define<T extends object>(queue: QueueDefinition<T>): void {
    this.queues.push(queue as unknown as QueueDefinition);
  }

  get running(): boolean {
    return this.starting !== undefined && !this.stopped;
  }

  /** True once stop() was called: long handlers stop between steps. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Creates or migrates pg-boss's schema, the queues and their schedules, and starts the workers. Idempotent. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await this.boss.start();
      for (const queue of this.queues) {
        const options = { name: queue.name, policy: queue.policy, retryLimit: queue.retryLimit, retryDelay: queue.retryDelay, retryBackoff: queue.retryBackoff, expireInSeconds: queue.expireInSeconds };
        await createQueueOnce(this.boss, options);
        // createQueue keeps an existing queue's options: apply this version's.
        await this.boss.updateQueue(queue.name, options);
        if (queue.cron) await this.boss.schedule(queue.name, queue.cron, {}, { tz: "UTC" });
        await this.boss.work<object>(queue.name, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds }, async ([job]) => {
          try {
            return await queue.handle(job!);
          } catch (error) {
            logger.warn("job failed", { queue: queue.name, jobId: job!.id, attempt: job!.retryCount + 1, error: (error as Error).message });
            throw error;
          }
        });
      }
      logger.info("job queue started", { queues: this.queues.map((queue) => queue.name), pollSeconds: this.options.pollSeconds, cron: this.options.cron });
    })();
    return this.starting;
  }

  /** Jobs waiting in each defined queue (created, or failed and waiting for a retry): the metrics' queue depth. */
  async queueDepths(): Promise<Record<string, number>> {
    if (!this.running) return {};
    const depths: Record<string, number> = {};
    for (const queue of this.queues) depths[queue.name] = await this.boss.getQueueSize(queue.name);
    return depths;
  }

  /** Stops the workers, waiting for running handlers (up to stopTimeoutSeconds; the rest are failed, so retried). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.boss.stop({ graceful: true, timeout: (this.options.stopTimeoutSeconds ?? 8) * 1000 });
    logger.info("job queue stopped: no new work taken");
  }
}
