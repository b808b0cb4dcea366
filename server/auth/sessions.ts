/**
 * Server-side sessions: the next-auth cookie carries only a session's id, and every page, API
 * request, raw fast route and socket resolves it here. A session is active while its row exists,
 * is not revoked, is within its absolute lifetime (SESSION_MAX_HOURS) and its idle timeout
 * (SESSION_IDLE_MINUTES), and its user is not disabled. The actor (role, institution, name)
 * comes from the user row as it is now, never from the cookie.
 *
 * The resolution is cached per process for `cacheTtlMs` (2 s): a revocation in this process
 * drops the entry at once and tells the listeners (socket.io closes the session's sockets);
 * another process sees it within the TTL. `last_seen_at` is written at most once a minute per
 * session. A session found past its idle timeout or lifetime, or of a disabled user, is marked
 * revoked with that reason, so an ended session stays ended whatever the settings later say.
 *
 * One instance per process, on the platform (server/compose.ts): the custom server and Next's
 * bundled routes share it, so a sign-out handled by Next closes the custom server's sockets.
 */
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { isUserRole } from "@/server/access/policy";
import type { SessionUser } from "./signIn";

export type RevokeReason = "signed_out" | "idle" | "lifetime" | "user_disabled" | "role_changed" | "revoked";

export interface SessionPolicy {
  /** A session ends after this long without activity. */
  idleMs: number;
  /** ... and this long after it began, whatever the activity. */
  maxMs: number;
  /** How long one process trusts a resolution without asking the database again. */
  cacheTtlMs: number;
  /** last_seen_at is written at most this often per session. */
  touchEveryMs: number;
}

export const SESSION_CACHE_TTL_MS = 2_000;
export const SESSION_TOUCH_EVERY_MS = 60_000;
const CACHE_MAX = 10_000;

export function sessionPolicyFrom(config: { SESSION_IDLE_MINUTES: number; SESSION_MAX_HOURS: number }): SessionPolicy {
  return {
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    maxMs: config.SESSION_MAX_HOURS * 3_600_000,
    cacheTtlMs: SESSION_CACHE_TTL_MS,
    touchEveryMs: SESSION_TOUCH_EVERY_MS,
  };
}

export interface ActiveSession {
  sessionId: string;
  /** The person as the user row says now. */
  user: SessionUser;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** A session cookie whose session has ended (signed out, idle, past its lifetime, user disabled). */
export class SessionEndedError extends AppError {
  constructor() {
    super("UNAUTHENTICATED", "signIn.sessionExpired", { publicCode: "SESSION_EXPIRED" });
  }
}

export type RevokedListener = (sessionIds: readonly string[]) => void;

export interface SessionServiceOptions {
  /** The clock; tests move it. */
  now?: () => Date;
}

interface CacheEntry {
  value: ActiveSession | null;
  until: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const logger = log.child({ module: "auth.sessions" });

export class SessionService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<ActiveSession | null>>();
  private readonly listeners = new Set<RevokedListener>();
  /** Bumped by every revocation: a database read that began before it is not cached. */
  private generation = 0;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    readonly policy: SessionPolicy,
    options: SessionServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** A new session for a user who has just proved who they are. */
  async create(userId: string, context: { userAgent?: string | null; ip?: string | null; notAfter?: Date } = {}): Promise<{ id: string; expiresAt: Date }> {
    const now = this.now();
    // A call's guest (server/video/guests.ts) gets a shorter lifetime than the policy's, never a longer one.
    const lifetimeEnd = Math.min(now.getTime() + this.policy.maxMs, context.notAfter?.getTime() ?? Infinity);
    const row = await this.db.userSession.create({
      data: {
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(lifetimeEnd),
        userAgent: context.userAgent?.slice(0, 512) ?? null,
        ip: context.ip?.slice(0, 64) ?? null,
      },
      select: { id: true, expiresAt: true },
    });
    return row;
  }

  /**
   * The active session with this id, or null. `touch: false` for checks that are not the
   * person's activity (the periodic re-check of an open notification socket).
   */
  resolve(sessionId: string, options: { touch?: boolean } = {}): Promise<ActiveSession | null> {
    if (!UUID.test(sessionId)) return Promise.resolve(null);
    const nowMs = this.now().getTime();
    const cached = this.cache.get(sessionId);
    if (cached && cached.until > nowMs && (cached.value === null || this.withinLimits(cached.value, nowMs))) {
      // Least recently used goes first when the map is full.
      this.cache.delete(sessionId);
      this.cache.set(sessionId, cached);
      return Promise.resolve(cached.value);
    }
    const pending = this.inflight.get(sessionId);
    if (pending) return pending;
    const generation = this.generation;
    const loading = this.load(sessionId, options.touch ?? true)
      .then((value) => {
        if (generation === this.generation) this.remember(sessionId, value);
        return value;
      })
      .finally(() => {
        if (this.inflight.get(sessionId) === loading) this.inflight.delete(sessionId);
      });
    this.inflight.set(sessionId, loading);
    return loading;
  }

  /** Ends one session; answers whose it was when it was still active. */
  async revoke(sessionId: string, reason: RevokeReason): Promise<{ userId: string; role: Role } | null> {
    if (!UUID.test(sessionId)) return null;
    const row = await this.db.userSession.findUnique({ where: { id: sessionId }, select: { userId: true, revokedAt: true, user: { select: { role: true } } } });
    await this.end([sessionId], reason);
    return row && !row.revokedAt ? { userId: row.userId, role: row.user.role } : null;
  }

  /** Ends every active session of a user (disabled, role changed); answers the ids ended. */
  async revokeAllForUser(userId: string, reason: RevokeReason): Promise<string[]> {
    const active = await this.db.userSession.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
    const ids = active.map((row) => row.id);
    // Sessions of this user cached in this process go too, even one created meanwhile.
    for (const [id, entry] of this.cache) if (entry.value?.user.id === userId && !ids.includes(id)) ids.push(id);
    return this.end(ids, reason);
  }

  /** The person's active sessions, newest first ("where am I signed in"). */
  async listForUser(userId: string): Promise<{ id: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date; userAgent: string | null; ip: string | null }[]> {
    const now = this.now();
    return this.db.userSession.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - this.policy.idleMs) } },
      orderBy: { createdAt: "desc" },
      select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true, ip: true },
    });
  }

  /** Called with the ids of sessions this process ended; returns the unsubscribe. */
  onRevoked(listener: RevokedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Drops every cached resolution (tests that change rows behind the service's back). */
  clearCache(): void {
    this.generation++;
    this.cache.clear();
    this.inflight.clear();
  }

  private withinLimits(session: ActiveSession, nowMs: number): boolean {
    return session.expiresAt.getTime() > nowMs && session.lastSeenAt.getTime() + this.policy.idleMs > nowMs;
  }

  private remember(sessionId: string, value: ActiveSession | null): void {
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sessionId, { value, until: this.now().getTime() + this.policy.cacheTtlMs });
  }

  private async load(sessionId: string, touch: boolean): Promise<ActiveSession | null> {
    const row = await this.db.userSession.findUnique({
      where: { id: sessionId },
      select: {
        createdAt: true,
        lastSeenAt: true,
        expiresAt: true,
        revokedAt: true,
        user: { select: { id: true, username: true, displayName: true, role: true, institutionId: true, disabled: true } },
      },
    });
    if (!row || row.revokedAt) return null;
    const now = this.now();
    const ended: RevokeReason | null = row.user.disabled || !isUserRole(row.user.role)
      ? "user_disabled"
      : row.expiresAt <= now
        ? "lifetime"
        : row.lastSeenAt.getTime() + this.policy.idleMs <= now.getTime()
          ? "idle"
          : null;
    if (ended) {
      await this.end([sessionId], ended);
      return null;
    }
    let lastSeenAt = row.lastSeenAt;
    if (touch && now.getTime() - lastSeenAt.getTime() >= this.policy.touchEveryMs) {
      await this.db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: now } });
      lastSeenAt = now;
    }
    const { disabled: _disabled, role, ...rest } = row.user;
    if (!isUserRole(role)) return null;
    const user = { ...rest, role };
    return { sessionId, user, createdAt: row.createdAt, lastSeenAt, expiresAt: row.expiresAt };
  }

  /** Marks the sessions revoked (those not already), forgets them here and tells the listeners. */
  private async end(sessionIds: string[], reason: RevokeReason): Promise<string[]> {
    if (sessionIds.length === 0) return [];
    this.generation++;
    for (const id of sessionIds) {
      this.cache.delete(id);
      this.inflight.delete(id);
    }
    await this.db.userSession.updateMany({ where: { id: { in: sessionIds }, revokedAt: null }, data: { revokedAt: this.now(), revokedReason: reason } });
    // Again after the write: a read that began during it may have seen the row still active.
    this.generation++;
    for (const id of sessionIds) this.cache.set(id, { value: null, until: this.now().getTime() + this.policy.cacheTtlMs });
    for (const listener of this.listeners) {
      try {
        listener(sessionIds);
      } catch (error) {
        logger.warn("a session revocation listener failed", { error });
      }
    }
    return sessionIds;
  }
}
