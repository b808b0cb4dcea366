/**
 * The FHIR API's HTTP boundary (app/fhir/R4/[[...path]]/route.ts): what app/_lib/api.ts's
 * apiRoute is for the platform's JSON API, with FHIR's conventions. Plain Fetch Request/Response,
 * no Next.
 *  - Who: `Authorization: Bearer <integration credential>` (an institution's system, server/record/
 *    integration.ts) or the platform's session cookie (staff, residents). A bearer token is never
 *    combined with a cookie: with one, the cookie is not read.
 *  - The route declares its policy action (`access`); the role is checked here, the relationship
 *    per resident by the domain (authorizeRecord).
 *  - Bodies: application/fhir+json or application/json, read with BODY_LIMITS.fhir while they
 *    arrive (the entry refuses a larger announced length before: server/http/boundary.ts).
 *  - Every answer is application/fhir+json; every error an OperationOutcome (outcome.ts).
 */
import { UnauthenticatedError } from "@/lib/errors";
import { localeFromCookieHeader } from "@/lib/cookies";
import type { Locale } from "@/lib/i18n";
import { refuseNulBytes } from "@/lib/validation";
import { assertRole, type Action, type Actor } from "@/server/access/policy";
import { sessionFromCookieHeader } from "@/server/auth/sessionCookie";
import { SessionEndedError } from "@/server/auth/sessions";
import { getDb } from "@/server/db/client";
import { BODY_LIMITS, requestIdFrom, stampedClientAddress } from "@/server/http/boundary";
import { readLimitedBody } from "@/server/http/uploadBody";
import { getPlatform } from "@/server/platform";
import { authenticateIntegration, hasBearerToken } from "@/server/record/integration";
import { FhirError, fhirErrorResponse, fhirResponse } from "./outcome";

export interface FhirRequestContext {
  request: Request;
  actor: Actor;
  url: URL;
  /** The API's base as the client reached it: <origin>/fhir/R4. */
  baseUrl: string;
  /** The path below /fhir/R4, split: [] for the base, ["Patient", "<id>", "$everything"]. */
  segments: string[];
  /** The body as sent (routes that declare `body`). */
  rawBody: string;
  locale: Locale;
  requestId: string;
  clientAddress: string | null;
}

export type FhirAnswer = { status?: number; body: unknown; headers?: Record<string, string> };

const BASE_PATH = "/fhir/R4";
const MEDIA_TYPES = new Set(["application/fhir+json", "application/json"]);

/** Who is asking: the integration credential of a bearer token, else the session cookie's person. */
async function actorOf(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (hasBearerToken(authorization)) return authenticateIntegration(getDb(), authorization);
  const platform = getPlatform();
  const found = await sessionFromCookieHeader(request.headers.get("cookie"), platform.authSecret, platform.sessions);
  if (found.state === "ended") throw new SessionEndedError();
  if (found.state === "none") throw new UnauthenticatedError();
  return found.session.user;
}

function segmentsOf(url: URL): string[] {
  const rest = url.pathname.slice(BASE_PATH.length);
  return rest
    .split("/")
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
}

async function bodyOf(request: Request): Promise<string> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!MEDIA_TYPES.has(mediaType)) {
    throw new FhirError(415, "record.fhir.wrongMediaType", [{ severity: "error", code: "not-supported", diagnostics: `Content-Type ${mediaType || "(none)"}: send application/fhir+json` }]);
  }
  return (await readLimitedBody(request, BODY_LIMITS.fhir)).toString("utf8");
}

/**
 * A FHIR route handler declaring its access (server/access/entryPoints.test.ts reads the
 * declaration as it reads apiRoute's).
 */
export function fhirRoute(options: { access: Action; body?: true }, handler: (context: FhirRequestContext) => Promise<FhirAnswer>) {
  const handle = async (request: Request, _routeContext?: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    const locale = localeFromCookieHeader(request.headers.get("cookie"));
    try {
      const actor = assertRole(await actorOf(request), options.access);
      const url = new URL(request.url);
      refuseNulBytes(Object.fromEntries(url.searchParams));
      const rawBody = options.body ? await bodyOf(request) : "";
      const answer = await handler({
        request,
        actor,
        url,
        baseUrl: `${url.origin}${BASE_PATH}`,
        segments: segmentsOf(url),
        rawBody,
        locale,
        requestId,
        clientAddress: stampedClientAddress(request.headers),
      });
      return fhirResponse(answer.body, requestId, answer.status ?? 200, answer.headers);
    } catch (error) {
      return fhirErrorResponse(error, locale, requestId);
    }
  };
  return Object.assign(handle, { access: options.access as Action, body: undefined, upload: false as const });
}
