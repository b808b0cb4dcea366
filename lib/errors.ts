/**
 * The one error family of the platform. Domain code throws these; the HTTP layer, the socket
 * layer and the UI each convert them in exactly one place. `messageKey` names an entry of the
 * i18n catalogue so the person sees the message in their language.
 */
import type { MessageKey } from "@/lib/i18n/messages";

export type ErrorCode =
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "ACCOUNT_LOCKED"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "INTERNAL";

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageKey: MessageKey;
  readonly params: Record<string, string | number>;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    messageKey: MessageKey,
    options: { params?: Record<string, string | number>; details?: unknown; status?: number; publicCode?: string } = {},
  ) {
    super(messageKey);
    this.name = new.target.name;
    this.code = options.publicCode ?? code;
    this.status = options.status ?? STATUS_BY_CODE[code];
    this.messageKey = messageKey;
    this.params = options.params ?? {};
    this.details = options.details;
  }
}

export class ValidationError extends AppError {
  constructor(messageKey: MessageKey = "errors.validation", details?: unknown, params?: Record<string, string | number>) {
    super("VALIDATION_FAILED", messageKey, { details, params });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(messageKey: MessageKey = "errors.unauthenticated") {
    super("UNAUTHENTICATED", messageKey);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey: MessageKey = "errors.forbidden") {
    super("FORBIDDEN", messageKey);
  }
}

/**
 * Something that can be missing: a public code that names it (`TERMINAL_NOT_FOUND`, never a
 * neighbour's code) and the message key that says so. The platform lists them once
 * (`MISSING` in server/notFound.ts); domain code throws `new NotFoundError(MISSING.x)`.
 */
export interface Missing {
  readonly code: `${string}_NOT_FOUND`;
  readonly messageKey: MessageKey;
}

export class NotFoundError extends AppError {
  constructor(missing: Missing, params?: Record<string, string | number>) {
    super("NOT_FOUND", missing.messageKey, { params, publicCode: missing.code });
  }
}

export class ConflictError extends AppError {
  constructor(messageKey: MessageKey = "errors.conflict", details?: unknown, publicCode?: string) {
    super("CONFLICT", messageKey, { details, publicCode });
  }
}

export class AccountLockedError extends AppError {
  constructor(minutes: number) {
    super("ACCOUNT_LOCKED", "auth.locked", { params: { minutes } });
  }
}

export class UnavailableError extends AppError {
  constructor(messageKey: MessageKey = "errors.unavailable") {
    super("UNAVAILABLE", messageKey);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** How a sign-in wait is put to the person: in seconds under two minutes, otherwise in whole minutes. */
export function signInWaitMessage(seconds: number): { key: "auth.rateLimited" | "auth.rateLimitedMinutes"; params: { seconds: number } | { minutes: number } } {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 120 ? { key: "auth.rateLimited", params: { seconds: whole } } : { key: "auth.rateLimitedMinutes", params: { minutes: Math.ceil(whole / 60) } };
}
