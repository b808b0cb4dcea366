/**
 * The one boundary between API route handlers and the domain: authenticate, authorise,
 * check the body's content type (JSON, or multipart for uploads: server/http/boundary.ts),
 * validate the body with zod, run, and turn every error into
 * `{"error": {"code", "message", "details"?}}` in the caller's language. Request id, locale,
 * headers, client address and the error answer are server/http/boundary.ts's, shared with the
 * raw fast routes.
 */
import { getServerSession } from "next-auth";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { localeFromCookieHeader } from "@/lib/cookies";
import type { Locale } from "@/lib/i18n";
import { parseJsonBody } from "@/lib/validation";
import { authorize } from "@/server/auth/authorize";
import { authOptions } from "@/server/auth/nextAuth";
import type { SessionUser } from "@/server/auth/signIn";
import type { Role } from "@/server/db/generated/enums";
import { apiHeaders, contentTypeRefusal, errorAnswer, requestIdFrom, stampedClientAddress } from "@/server/http/boundary";

export interface ApiContext<Body, Auth extends boolean> {
  request: NextRequest;
  user: Auth extends true ? SessionUser : SessionUser | null;
  body: Body;
  locale: Locale;
  requestId: string;
  /** The caller's address as the custom server found it (server/http/boundary.ts). */
  clientAddress: string | null;
  params: Record<string, string | string[]>;
}

interface ApiOptions<Schema extends z.ZodType | undefined, Auth extends boolean> {
  /** Roles allowed; omit for any signed-in user. */
  roles?: readonly Role[];
  /** false for public endpoints (health, terminal APIs with their own credentials). */
  auth?: Auth;
  body?: Schema;
  /** A file upload: the body is multipart/form-data (the handler reads request.formData()); otherwise JSON. */
  upload?: true;
}

type BodyOf<Schema> = Schema extends z.ZodType ? z.infer<Schema> : undefined;

export function localeOf(request: Request): Locale {
  return localeFromCookieHeader(request.headers.get("cookie"));
}

export function errorResponse(error: unknown, locale: Locale, requestId: string): Response {
  const { status, body, headers } = errorAnswer(error, locale, requestId);
  return Response.json(body, { status, headers: { ...apiHeaders(requestId), ...headers } });
}

export function apiRoute<Schema extends z.ZodType | undefined = undefined, Auth extends boolean = true>(
  options: ApiOptions<Schema, Auth>,
  handler: (context: ApiContext<BodyOf<Schema>, Auth>) => Promise<unknown>,
) {
  return async (request: NextRequest, routeContext: { params: Promise<Record<string, string | string[]>> }) => {
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    const locale = localeOf(request);
    try {
      const { headers } = request;
      const wrongType = contentTypeRefusal(
        request.method,
        { contentType: headers.get("content-type"), contentLength: headers.get("content-length"), transferEncoding: headers.get("transfer-encoding") },
        options.upload ? "multipart" : "json",
      );
      if (wrongType) throw wrongType;
      let user: SessionUser | null = null;
      if (options.auth !== false) {
        const session = await getServerSession(authOptions());
        user = authorize(session?.user, options.roles);
      }
      const body: unknown = options.body ? parseJsonBody(options.body, await request.text()) : undefined;
      const params = (await routeContext?.params) ?? {};
      const result = await handler({ request, user: user as ApiContext<BodyOf<Schema>, Auth>["user"], body: body as BodyOf<Schema>, locale, requestId, clientAddress: stampedClientAddress(request.headers), params });
      if (result instanceof Response) return result;
      return Response.json(result ?? null, { headers: apiHeaders(requestId) });
    } catch (error) {
      return errorResponse(error, locale, requestId);
    }
  };
}
