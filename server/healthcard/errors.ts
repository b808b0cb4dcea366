/**
 * Typed errors of the health-card domain; HTTP status and public code travel with them.
 * Something missing is a NotFoundError naming it (./notFound.ts), like everywhere else.
 */
import type { MessageKey } from "@/lib/i18n";
import { AppError } from "@/lib/errors";

export type HealthCardErrorCode =
  | "CARD_SUSPENDED"
  | "CARD_REVOKED"
  | "TERMINAL_UNAUTHENTICATED"
  | "DOCUMENT_TAKEN"
  | "ACCOUNT_TAKEN"
  | "IDENTIFIER_TAKEN"
  | "MERGE_INVALID";

const STATUS: Record<HealthCardErrorCode, { status: number; base: "VALIDATION_FAILED" | "UNAUTHENTICATED" | "CONFLICT" }> = {
  CARD_SUSPENDED: { status: 422, base: "VALIDATION_FAILED" },
  CARD_REVOKED: { status: 422, base: "VALIDATION_FAILED" },
  TERMINAL_UNAUTHENTICATED: { status: 401, base: "UNAUTHENTICATED" },
  DOCUMENT_TAKEN: { status: 409, base: "CONFLICT" },
  ACCOUNT_TAKEN: { status: 409, base: "CONFLICT" },
  IDENTIFIER_TAKEN: { status: 409, base: "CONFLICT" },
  MERGE_INVALID: { status: 422, base: "VALIDATION_FAILED" },
};

export class HealthCardError extends AppError {
  readonly healthCardCode: HealthCardErrorCode;
  constructor(code: HealthCardErrorCode, messageKey: MessageKey, params?: Record<string, string | number>) {
    const { status, base } = STATUS[code];
    super(base, messageKey, { status, publicCode: code, params });
    this.healthCardCode = code;
  }
}
