/**
 * Brute-force limits (issue 9): sign-in per address, per account and address, per account; terminal
 * verification per terminal and per address. Counters live where every server process sees them:
 * the rate_limit table on the platform's main pool (rate-limiter-flexible's RateLimiterPostgres),
 * or Redis when REDIS_URL is set. Built once by the composition root (server/compose.ts) as the
 * platform's `limits`.
 *
 * Sign-in, checked in this order before the password is (server/auth/signIn.ts):
 *  1. the address: every attempt counts at once (a success gives its point back), so parallel
 *     attempts cannot all slip in before the first failure is written. After `addressMaxFailures`
 *     in the window the address waits 1 minute, then 2, 4 … (at most the window): 429.
 *  2. the account from that address: after `pairFreeFailures` each further attempt waits 1 s, then
 *     2, 4 … (at most 15 minutes): 429. A success clears it.
 *  3. the account from anywhere: never refused (so failures elsewhere cannot keep the owner out),
 *     only slowed, by 250 ms doubling per failure past `accountFreeFailures`, at most 3 s.
 *     A success clears it.
 * The account rules key on the username as typed (lower-cased), known or not, so they say nothing
 * about which accounts exist.
 */
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from "rate-limiter-flexible";
import type { MessageKey } from "@/lib/i18n";
import { log } from "@/lib/log";
import { RateLimitedError } from "@/server/http/boundary";

const logger = log.child({ module: "limits" });

/** A counter of the shared store: `consume` never rejects here, it answers the count. */
interface Counter {
  /** Adds one (or `points`) and answers the count in the current window and the ms left of it. */
  add(key: string, points?: number, durationSeconds?: number): Promise<{ count: number; msLeft: number }>;
  /** The count without changing it (0 when there is none). */
  peek(key: string): Promise<{ count: number; msLeft: number }>;
  forget(key: string): Promise<void>;
}

export interface LimitStore {
  counter(name: string, windowSeconds: number): Counter;
}

function counterOf(limiter: RateLimiterAbstract): Counter {
  const answer = (res: RateLimiterRes | null) => ({ count: res?.consumedPoints ?? 0, msLeft: res ? Math.max(0, res.msBeforeNext) : 0 });
  return {
    // penalty adds points and answers the new count without the rejection consume() gives past `points`.
    add: async (key, points = 1, durationSeconds) => answer(await limiter.penalty(key, points, durationSeconds === undefined ? {} : { customDuration: durationSeconds })),
    peek: async (key) => answer(await limiter.get(key)),
    forget: async (key) => {
      await limiter.delete(key);
    },
  };
}

/**
 * The rate_limit table (prisma/schema/base.prisma) on a pg pool. Named prepared statements only
 * where the database allows them (not on the embedded one: server/db/connections.ts).
 */
export function postgresLimitStore(pool: pg.Pool, namedStatements: boolean): LimitStore {
  const client = namedStatements ? pool : { query: (query: pg.QueryConfig) => pool.query({ text: query.text, values: query.values }) };
  return {
    counter: (name, windowSeconds) =>
      counterOf(new RateLimiterPostgres({ storeClient: client, storeType: "pool", tableName: "rate_limit", tableCreated: true, keyPrefix: name, points: Number.MAX_SAFE_INTEGER, duration: windowSeconds })),
  };
}

/** Redis (REDIS_URL): the same counters as keys with an expiry. The client is node-redis 4+. */
export function redisLimitStore(client: unknown): LimitStore {
  return {
    counter: (name, windowSeconds) =>
      counterOf(new RateLimiterRedis({ storeClient: client, useRedisPackage: true, keyPrefix: `rmp-limit:${name}`, points: Number.MAX_SAFE_INTEGER, duration: windowSeconds })),
  };
}

/**
 * "Free" attempts in a window, then each attempt waits for a gate that stays shut base × 2^k
 * seconds (k the attempts past the free ones), at most `maxSeconds`. Counting and the gate are one
 * upsert each, so of parallel attempts exactly one passes an open gate.
 */
class GrowingDelay {
  private readonly attempts: Counter;
  private readonly gate: Counter;
  constructor(
    store: LimitStore,
    name: string,
    private readonly free: number,
    windowSeconds: number,
    private readonly baseSeconds: number,
    private readonly maxSeconds: number,
    private readonly messageKey: MessageKey,
  ) {
    this.attempts = store.counter(`${name}-attempts`, windowSeconds);
    this.gate = store.counter(`${name}-gate`, baseSeconds);
  }

  /** Whether the gate is shut now, without counting: the seconds to wait, or 0. */
  async waiting(key: string): Promise<number> {
    const gate = await this.gate.peek(key);
    return gate.count > 0 ? gate.msLeft / 1000 : 0;
  }

  /** Counts the attempt; throws a 429 naming the wait when it may not go ahead. */
  async attempt(key: string): Promise<void> {
    const shut = await this.waiting(key);
    if (shut > 0) throw new RateLimitedError(shut, this.messageKey);
    const { count } = await this.attempts.add(key);
    if (count < this.free) return;
    const delay = Math.min(this.baseSeconds * 2 ** Math.min(count - this.free, 30), this.maxSeconds);
    const gate = await this.gate.add(key, 1, delay);
    if (gate.count > 1) throw new RateLimitedError(gate.msLeft / 1000, this.messageKey);
  }

  /** Gives one attempt back (a success from a shared address). */
  async giveBack(key: string): Promise<void> {
    await this.attempts.add(key, -1);
  }

  async clear(key: string): Promise<void> {
    await Promise.all([this.attempts.forget(key), this.gate.forget(key)]);
  }
}

export interface SignInLimitsPolicy {
  /** Attempts from one address in the window before it waits (LOGIN_ADDRESS_MAX_FAILURES). */
  addressMaxFailures: number;
  /** Failures of one account from one address before each attempt waits (LOGIN_MAX_ATTEMPTS). */
  pairFreeFailures: number;
  /** Failures of one account from all addresses before each attempt is slowed. */
  accountFreeFailures: number;
  /** The counting window (LOGIN_LOCK_MINUTES). */
  windowMinutes: number;
  /** Base of the account slowdown (ms); tests set 0. */
  accountSlowdownBaseMs: number;
}

export const ACCOUNT_SLOWDOWN_MAX_MS = 3_000;

export function accountSlowdownMs(failures: number, free: number, baseMs: number): number {
  if (failures < free || baseMs <= 0) return 0;
  return Math.min(baseMs * 2 ** Math.min(failures - free, 30), ACCOUNT_SLOWDOWN_MAX_MS);
}

/** What a sign-in attempt holds between the checks and the outcome. */
export interface SignInAttempt {
  /** The account's slowdown to wait before checking the password (ms). */
  slowdownMs: number;
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

export class SignInLimits {
  private readonly address: GrowingDelay;
  private readonly pair: GrowingDelay;
  private readonly account: Counter;

  constructor(
    store: LimitStore,
    readonly policy: SignInLimitsPolicy,
  ) {
    const window = policy.windowMinutes * 60;
    this.address = new GrowingDelay(store, "signin-ip", policy.addressMaxFailures, window, 60, window, "auth.rateLimited");
    this.pair = new GrowingDelay(store, "signin-pair", policy.pairFreeFailures, window, 1, 15 * 60, "auth.rateLimited");
    this.account = store.counter("signin-account", window);
  }

  /**
   * Counts an attempt for `username` from `ip`: throws a 429 (RateLimitedError, auth.rateLimited)
   * when the address or the pair must wait; otherwise answers the account's slowdown and what to
   * call with the outcome.
   */
  async begin(username: string, ip: string | null | undefined): Promise<SignInAttempt> {
    const address = ip || "unknown";
    const pairKey = `${username}|${address}`;
    await this.address.attempt(address);
    try {
      await this.pair.attempt(pairKey);
    } catch (error) {
      await this.address.giveBack(address);
      throw error;
    }
    const { count } = await this.account.peek(username);
    return {
      slowdownMs: accountSlowdownMs(count, this.policy.accountFreeFailures, this.policy.accountSlowdownBaseMs),
      succeeded: async () => {
        await Promise.all([this.address.giveBack(address), this.pair.clear(pairKey), this.account.forget(username)]);
      },
      failed: async () => {
        await this.account.add(username);
      },
    };
  }
}

/**
 * Terminal verification: failures per key (a terminal, an address) in a one-minute window; past
 * `maxFailures` the key is refused until the window ends. Successes cost nothing: the refusal is
 * remembered in this process (a Map lookup on the hot path) and learnt by the others at their next
 * failure from the same key, which in a flood is the next request.
 */
export class FailureLimit {
  private readonly counter: Counter;
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    store: LimitStore,
    name: string,
    private readonly maxFailures: number,
    windowSeconds = 60,
  ) {
    this.counter = store.counter(name, windowSeconds);
  }

  /** Throws a 429 while the key is refused. */
  check(key: string, now = Date.now()): void {
    const until = this.refusedUntil.get(key);
    if (until === undefined) return;
    if (until > now) throw new RateLimitedError((until - now) / 1000);
    this.refusedUntil.delete(key);
  }

  async failed(key: string): Promise<void> {
    const { count, msLeft } = await this.counter.add(key);
    if (count >= this.maxFailures) {
      if (this.refusedUntil.size > 10_000) this.refusedUntil.clear();
      this.refusedUntil.set(key, Date.now() + msLeft);
    }
  }
}

/**
 * Uses per key (successes too) in a window; past `maxUses` the key is refused (429) until the
 * window ends. For static health-card codes per terminal: they never expire, so what bounds a
 * terminal that replays many of them is how many it may verify. Every use is one upsert, so
 * parallel uses from several processes are counted exactly; a refusal is remembered in this
 * process, which then answers without the store.
 */
export class UsageLimit {
  private readonly counter: Counter;
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    store: LimitStore,
    name: string,
    private readonly maxUses: number,
    windowSeconds = 60,
    private readonly messageKey: MessageKey = "errors.rateLimited",
  ) {
    this.counter = store.counter(name, windowSeconds);
  }

  /** Counts a use; throws a 429 naming the wait when the key has used up its window. */
  async use(key: string, now = Date.now()): Promise<void> {
    const until = this.refusedUntil.get(key);
    if (until !== undefined && until > now) throw new RateLimitedError((until - now) / 1000, this.messageKey);
    if (until !== undefined) this.refusedUntil.delete(key);
    const { count, msLeft } = await this.counter.add(key);
    if (count <= this.maxUses) return;
    if (this.refusedUntil.size > 10_000) this.refusedUntil.clear();
    this.refusedUntil.set(key, now + msLeft);
    throw new RateLimitedError(msLeft / 1000, this.messageKey);
  }
}

/**
 * Failed verifications without a known terminal (bad tokens) and refusals, counted per address and
 * written as one audit entry per address per window ("N failed attempts from X in the last
 * minute") instead of a row each.
 */
export class FailureTally {
  private readonly counts = new Map<string, { failures: number; outcomes: Record<string, number> }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sink: (entry: { ip: string | null; failures: number; outcomes: Record<string, number>; windowSeconds: number }) => void,
    readonly windowSeconds = 60,
  ) {}

  add(ip: string | null, outcome: string): void {
    const key = ip ?? "";
    const entry = this.counts.get(key) ?? { failures: 0, outcomes: {} };
    entry.failures++;
    entry.outcomes[outcome] = (entry.outcomes[outcome] ?? 0) + 1;
    this.counts.set(key, entry);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.windowSeconds * 1000);
      this.timer.unref();
    }
  }

  /** Writes what was counted (at the end of each window, and at shut-down). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [ip, { failures, outcomes }] of this.counts) this.sink({ ip: ip || null, failures, outcomes, windowSeconds: this.windowSeconds });
    this.counts.clear();
  }
}

export interface VerifyLimits {
  perTerminal: FailureLimit;
  perAddress: FailureLimit;
  /** Static-code verifications per terminal and minute (QR_STATIC_PER_TERMINAL_PER_MINUTE). */
  staticPerTerminal: UsageLimit;
  tally: FailureTally;
}

export interface Limits {
  signIn: SignInLimits;
  verify: VerifyLimits;
  /** Batches per home-device token and minute (DEVICE_BATCHES_PER_MINUTE). */
  deviceBatches: UsageLimit;
  close(): Promise<void>;
}

/** Failed verifications a terminal (or an address) may have per minute before it is refused for the rest of it. */
export const VERIFY_TERMINAL_MAX_FAILURES = 60;
export const VERIFY_ADDRESS_MAX_FAILURES = 120;
export const DEFAULT_STATIC_CODES_PER_TERMINAL_PER_MINUTE = 30;

export const DEFAULT_DEVICE_BATCHES_PER_MINUTE = 120;

/** A home monitor sends a few batches a day; this bounds one that loops or a token that leaked, per token and minute. */
export function deviceBatchLimit(store: LimitStore, perMinute: number, name = "device-batches"): UsageLimit {
  return new UsageLimit(store, name, perMinute, 60, "vitals.deviceRateLimited");
}

export function staticCodeLimit(store: LimitStore, perMinute: number, name = "verify-static"): UsageLimit {
  return new UsageLimit(store, name, perMinute, 60, "healthCard.qr.staticRateLimited");
}

export function buildLimits(
  store: LimitStore,
  signIn: SignInLimitsPolicy,
  tallySink: ConstructorParameters<typeof FailureTally>[0],
  onClose: () => Promise<void> = async () => {},
  staticCodesPerTerminalPerMinute = DEFAULT_STATIC_CODES_PER_TERMINAL_PER_MINUTE,
  deviceBatchesPerMinute = DEFAULT_DEVICE_BATCHES_PER_MINUTE,
): Limits {
  const tally = new FailureTally(tallySink);
  return {
    signIn: new SignInLimits(store, signIn),
    verify: {
      perTerminal: new FailureLimit(store, "verify-terminal", VERIFY_TERMINAL_MAX_FAILURES),
      perAddress: new FailureLimit(store, "verify-ip", VERIFY_ADDRESS_MAX_FAILURES),
      staticPerTerminal: staticCodeLimit(store, staticCodesPerTerminalPerMinute),
      tally,
    },
    deviceBatches: deviceBatchLimit(store, deviceBatchesPerMinute),
    async close() {
      tally.flush();
      await onClose().catch((error: unknown) => logger.warn("limit store close failed", { error }));
    },
  };
}
