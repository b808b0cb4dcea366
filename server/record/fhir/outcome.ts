/**
 * The FHIR API's answers: resources as `application/fhir+json`, and every error as an
 * OperationOutcome with its HTTP status. The platform's errors (AppError, lib/errors.ts) keep
 * their status and translated message; a FhirError carries issues naming elements. Anything else
 * is logged with the request id and answered 500 with that id only.
 */
import type { ServerResponse } from "node:http";
import { AppError, isAppError } from "@/lib/errors";
import { translate, type Locale, type MessageKey } from "@/lib/i18n";
import { log } from "@/lib/log";
import type { FhirIssue, IssueType } from "./validator";

export const FHIR_JSON = "application/fhir+json; charset=utf-8";

export interface OperationOutcome {
  resourceType: "OperationOutcome";
  issue: { severity: FhirIssue["severity"]; code: IssueType; diagnostics?: string; details?: { text: string }; expression?: string[] }[];
}

/** An error of the FHIR API with its issues (each naming an element when it is about one). */
export class FhirError extends AppError {
  readonly issues: readonly FhirIssue[];
  constructor(status: 400 | 404 | 405 | 409 | 413 | 415 | 422, messageKey: MessageKey, issues: readonly FhirIssue[], params?: Record<string, string | number>) {
    super("VALIDATION_FAILED", messageKey, { status, publicCode: status === 404 ? "FHIR_NOT_FOUND" : "FHIR_INVALID", params, details: issues });
    this.issues = issues;
  }
}

const ISSUE_BY_STATUS: Record<number, IssueType> = {
  400: "invalid",
  401: "login",
  403: "forbidden",
  404: "not-found",
  405: "not-supported",
  409: "conflict",
  411: "structure",
  413: "too-costly",
  415: "not-supported",
  422: "processing",
  423: "security",
  429: "throttled",
  503: "transient",
};

/** Text an answer repeats from the request (a path, a parameter) as a FHIR string: no control characters, not empty, bounded. */
function fhirString(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = [...text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "\uFFFD")].slice(0, 1000).join("");
  return clean.trim() === "" ? "(empty)" : clean;
}

export function operationOutcome(issues: readonly FhirIssue[], text?: string): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: issues.map((issue, i) => ({
      severity: issue.severity,
      code: issue.code,
      ...(i === 0 && text ? { details: { text: fhirString(text) } } : {}),
      diagnostics: fhirString(issue.diagnostics),
      ...(issue.expression ? { expression: [fhirString(issue.expression)] } : {}),
    })),
  };
}

export interface FhirAnswer {
  status: number;
  body: OperationOutcome;
  headers: Record<string, string>;
}

/** The one conversion of an error into the FHIR API's answer. */
export function fhirErrorAnswer(error: unknown, locale: Locale, requestId: string): FhirAnswer {
  if (error instanceof FhirError) {
    return { status: error.status, body: operationOutcome(error.issues, translate(locale, error.messageKey, error.params)), headers: {} };
  }
  if (isAppError(error)) {
    const text = translate(locale, error.messageKey, error.params);
    const headers: Record<string, string> = error.status === 401 ? { "www-authenticate": 'Bearer realm="fhir"' } : {};
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter) headers["retry-after"] = String(retryAfter);
    const details = Array.isArray(error.details) ? (error.details as { path?: unknown }[]) : [];
    const expression = details.map((d) => d.path).find((p): p is string => typeof p === "string" && p !== "");
    return {
      status: error.status,
      body: operationOutcome([{ severity: "error", code: ISSUE_BY_STATUS[error.status] ?? "processing", diagnostics: `${error.code}: ${text}`, ...(expression ? { expression } : {}) }], text),
      headers,
    };
  }
  log.error("unhandled FHIR API error", { requestId, error });
  const text = translate(locale, "errors.internal", { requestId });
  return { status: 500, body: operationOutcome([{ severity: "fatal", code: "exception", diagnostics: text }], text), headers: {} };
}

export function fhirHeaders(requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": FHIR_JSON, "cache-control": "no-store", "x-request-id": requestId, ...extra };
}

/** An answer already serialised (a large searchset built from the database's text). */
export class FhirJson {
  constructor(readonly text: string) {}
}

/** A resource or Bundle as the FHIR API answers it. */
export function fhirResponse(body: unknown, requestId: string, status = 200, extra: Record<string, string> = {}): Response {
  // As bytes: a string body would be scanned for lone surrogates and encoded again by the Response.
  return new Response(Buffer.from(body instanceof FhirJson ? body.text : JSON.stringify(body), "utf8"), { status, headers: fhirHeaders(requestId, extra) });
}

export function fhirErrorResponse(error: unknown, locale: Locale, requestId: string): Response {
  const { status, body, headers } = fhirErrorAnswer(error, locale, requestId);
  return fhirResponse(body, requestId, status, headers);
}

/** Is this URL path the FHIR API's (the entry answers its refusals as OperationOutcome)? */
export function isFhirPath(path: string): boolean {
  return path === "/fhir" || path.startsWith("/fhir/");
}

/** The same answer on a raw Node response: the platform's entry refusing a FHIR request (too large, cross-site). */
export function sendFhirError(res: ServerResponse, error: unknown, locale: Locale, requestId: string): void {
  const { status, body, headers } = fhirErrorAnswer(error, locale, requestId);
  const text = JSON.stringify(body);
  res.writeHead(status, { ...fhirHeaders(requestId, headers), "content-length": Buffer.byteLength(text) });
  res.end(text);
}
