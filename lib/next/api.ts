/**
 * The one boundary between API route handlers and the domain: authenticate, authorise,
 * validate the body with zod, run, and turn every error into
 * `{"error": {"code", "message", "details"?}}` in the caller's language. Unknown errors are
 * logged with a request id and answered with a generic message, never a stack trace.
 */
import { randomUUID } from "node:crypto";
import { getServerSession } from "next-auth";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { AppError, isAppError, ValidationError } from "@/lib/errors";
import { LOCALE_COOKIE, resolveLocale, translate, type Locale } from "@/lib/i18n";
import "@/lib/i18n/register";
import { log } from "@/lib/log";
import { authorize } from "@/server/auth/authorize";
import { authOptions } from "@/server/auth/nextAuth";
import type { SessionUser } from "@/server/auth/signIn";
import type { Role } from "@/server/db/generated/enums";

export interface ApiContext<Body, Auth extends boolean> {
  request: NextRequest;
  user: Auth extends true ? SessionUser : SessionUser | null;
  body: Body;
  locale: Locale;
  requestId: string;
  params: Record<string, string | string[]>;
}

interface ApiOptions<Schema extends z.ZodType | undefined, Auth extends boolean> {
  /** Roles allowed; omit for any signed-in user. */
  roles?: readonly Role[];
  /** false for public endpoints (health, terminal APIs with their own credentials). */
  auth?: Auth;
  body?: Schema;
}

type BodyOf<Schema> = Schema extends z.ZodType ? z.infer<Schema> : undefined;

export function localeOf(request: Request): Locale {
  const cookie = request.headers.get("cookie")?.match(new RegExp(`(?:^|; )${LOCALE_COOKIE}=([^;]+)`))?.[1];
  return resolveLocale(cookie);
}

export function errorResponse(error: unknown, locale: Locale, requestId: string): Response {
  if (isAppError(error)) {
    const payload: { code: string; message: string; details?: unknown } = {
      code: error.code,
      message: translate(locale, error.messageKey, error.params),
    };
    if (error.details !== undefined) payload.details = error.details;
    return Response.json({ error: payload }, { status: error.status, headers: { "x-request-id": requestId } });
  }
  log.error("unhandled API error", { requestId, error });
  return Response.json(
    { error: { code: "INTERNAL", message: translate(locale, "errors.internal", { requestId }) } },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

function zodDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

export function apiRoute<Schema extends z.ZodType | undefined = undefined, Auth extends boolean = true>(
  options: ApiOptions<Schema, Auth>,
  handler: (context: ApiContext<BodyOf<Schema>, Auth>) => Promise<unknown>,
) {
  return async (request: NextRequest, routeContext: { params: Promise<Record<string, string | string[]>> }) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    const locale = localeOf(request);
    try {
      let user: SessionUser | null = null;
      if (options.auth !== false) {
        const session = await getServerSession(authOptions());
        user = authorize(session?.user, options.roles);
      }
      let body: unknown = undefined;
      if (options.body) {
        let raw: unknown;
        try {
          raw = await request.json();
        } catch {
          throw new AppError("VALIDATION_FAILED", "errors.badJson", { publicCode: "BAD_JSON" });
        }
        const parsed = options.body.safeParse(raw);
        if (!parsed.success) throw new ValidationError("errors.validation", zodDetails(parsed.error));
        body = parsed.data;
      }
      const params = (await routeContext?.params) ?? {};
      const result = await handler({ request, user: user as ApiContext<BodyOf<Schema>, Auth>["user"], body: body as BodyOf<Schema>, locale, requestId, params });
      if (result instanceof Response) return result;
      return Response.json(result ?? null, { headers: { "x-request-id": requestId } });
    } catch (error) {
      return errorResponse(error, locale, requestId);
    }
  };
}
