/**
 * The one boundary between API route handlers and the domain: authenticate, authorise,
 * check the body's content type (JSON, or multipart for uploads: server/http/boundary.ts),
 * validate the body with zod, run, and turn every error into
 * `{"error": {"code", "message", "details"?}}` in the caller's language. Request id, locale,
 * headers, client address and the error answer are server/http/boundary.ts's, shared with the
 * raw fast routes.
 */
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { localeFromCookieHeader } from "@/lib/cookies";
import type { Locale } from "@/lib/i18n";
import { parseJsonBody, refuseNulBytes } from "@/lib/validation";
import { assertRole, isPublic, type Action, type EntryAccess } from "@/server/access/policy";
import { SessionEndedError } from "@/server/auth/sessions";
import type { SessionUser } from "@/server/auth/signIn";
import { apiHeaders, contentTypeRefusal, errorAnswer, requestIdFrom, stampedClientAddress } from "@/server/http/boundary";
import { sessionOfCookies } from "./session";

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

interface ApiOptions<Schema extends z.ZodType | undefined, A extends EntryAccess> {
  /**
   * The access policy's action this route performs (server/access/policy.ts): the roles are
   * checked here, the relationship by the domain with the resource's relations. `{ public }` for
   * endpoints without a session (health, unknown paths), saying why.
   */
  access: A;
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

type AuthOf<A extends EntryAccess> = A extends Action ? true : false;

export function apiRoute<Schema extends z.ZodType | undefined = undefined, A extends EntryAccess = EntryAccess>(
  options: ApiOptions<Schema, A>,
  handler: (context: ApiContext<BodyOf<Schema>, AuthOf<A>>) => Promise<unknown>,
) {
  type Auth = AuthOf<A>;
  const access: EntryAccess = options.access;
  const action = isPublic(access) ? null : access;
  const handle = async (request: NextRequest, routeContext: { params: Promise<Record<string, string | string[]>> }) => {
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
      if (action) {
        // An ended session answers 401 SESSION_EXPIRED ("登录已过期"), no cookie 401 UNAUTHENTICATED.
        const session = await sessionOfCookies(request.headers.get("cookie"));
        if (session.state === "ended") throw new SessionEndedError();
        user = assertRole(session.state === "active" ? session.session.user : null, action);
      }
      // A NUL in the query string would reach SQL through handlers that read searchParams.
      refuseNulBytes(Object.fromEntries(request.nextUrl.searchParams));
      const body: unknown = options.body ? parseJsonBody(options.body, await request.text()) : undefined;
      const params = (await routeContext?.params) ?? {};
      const result = await handler({ request, user: user as ApiContext<BodyOf<Schema>, Auth>["user"], body: body as BodyOf<Schema>, locale, requestId, clientAddress: stampedClientAddress(request.headers), params });
      if (result instanceof Response) return result;
      return Response.json(result ?? null, { headers: apiHeaders(requestId) });
    } catch (error) {
      return errorResponse(error, locale, requestId);
    }
  };
  // What the route declares, readable from the exported handler (the fuzz suite generates bodies from it).
  return Object.assign(handle, { access, body: options.body, upload: options.upload ?? false }) as typeof handle & ApiRouteDeclaration;
}

/** The declaration an apiRoute handler carries: its access, its body schema, whether it takes an upload. */
export interface ApiRouteDeclaration {
  readonly access: EntryAccess;
  readonly body: z.ZodType | undefined;
  readonly upload: boolean;
}

/**
 * A route handler that is not built with apiRoute (next-auth's own), declared public with the
 * reason: the handler is returned unchanged. The entry-point test accepts only these two forms.
 */
export function publicRoute<Handler>(reason: string, handler: Handler): Handler & { readonly access: { readonly public: string } } {
  return Object.assign(handler as Handler & object, { access: { public: reason } }) as Handler & { readonly access: { readonly public: string } };
}
