/**
 * The database job queue. A job is claimed with SELECT … FOR UPDATE SKIP LOCKED and handled in
 * the same transaction that marks it done, so two schedulers (or a restart mid-run) can never
 * run one job twice: a crashed run rolls back and the job is still PENDING for the next one.
 */
import { log } from "@/lib/log";
import type { Tx } from "@/server/consultation/tx";
import type { Db } from "@/server/db/client";
import { publishNotifications, type StoredNotification } from "@/server/notifications/notify";

const logger = log.child({ module: "jobs" });
const MAX_ATTEMPTS = 5;

export interface JobDraft {
  kind: string;
  runAt: Date;
  payload: Record<string, unknown>;
  dedupeKey: string;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  dedupe_key: string;
  attempts: number;
}

export type JobHandler = (tx: Tx, job: ClaimedJob) => Promise<StoredNotification[]>;

export async function enqueueJobs(tx: Tx, jobs: JobDraft[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx.scheduledJob.createMany({ data: jobs.map((job) => ({ ...job, payload: job.payload as object })), skipDuplicates: true });
}

export async function cancelJobs(tx: Tx, dedupePrefix: string): Promise<number> {
  const { count } = await tx.scheduledJob.updateMany({ where: { status: "PENDING", dedupeKey: { startsWith: dedupePrefix } }, data: { status: "CANCELLED" } });
  return count;
}

/** Runs one due job; false when none is due (or all due ones are being run elsewhere). */
export async function runOneDueJob(db: Db, handlers: Record<string, JobHandler>, now = new Date()): Promise<boolean> {
  let claimed: ClaimedJob | undefined;
  let published: StoredNotification[] = [];
  try {
    await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<ClaimedJob[]>`
        SELECT id, kind, payload, dedupe_key, attempts FROM scheduled_job
        WHERE status = 'PENDING' AND run_at <= ${now}
        ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      claimed = rows[0];
      if (!claimed) return;
      const handler = handlers[claimed.kind];
      if (!handler) throw new Error(`no handler for job kind ${claimed.kind}`);
      published = await handler(tx, claimed);
      await tx.scheduledJob.update({ where: { id: claimed.id }, data: { status: "DONE", completedAt: new Date(), attempts: { increment: 1 } } });
    });
  } catch (error) {
    if (!claimed) throw error;
    const failedJob: ClaimedJob = claimed;
    const attempts = failedJob.attempts + 1;
    logger.warn("job failed", { jobId: failedJob.id, kind: failedJob.kind, attempts, error });
    await db.scheduledJob.update({
      where: { id: failedJob.id },
      data: { attempts, lastError: String((error as Error).message).slice(0, 500), status: attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING", runAt: new Date(Date.now() + attempts * 30_000) },
    });
    return true;
  }
  publishNotifications(published);
  return claimed !== undefined;
}

export async function runDueJobs(db: Db, handlers: Record<string, JobHandler>, options: { now?: Date; max?: number } = {}): Promise<number> {
  let count = 0;
  while (count < (options.max ?? 100) && (await runOneDueJob(db, handlers, options.now))) count++;
  return count;
}

/** Polls the queue; started once by server/index.ts. */
export class JobScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly pollMs: number,
  ) {}

  start(): this {
    this.timer ??= setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
    void this.tick();
    return this;
  }

  tick(): Promise<void> {
    this.running ??= runDueJobs(this.db, this.handlers)
      .then((count) => {
        if (count > 0) logger.info("jobs run", { count });
      })
      .catch((error: unknown) => logger.error("job scheduler tick failed", { error }))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
