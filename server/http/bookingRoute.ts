/**
 * POST /api/consultations/<id>/book without Next, its only handler: the same steps as apiRoute
 * (app/_lib/api.ts) around the domain's bookConsultation. The session is the next-auth JWT
 * cookie, decoded once.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseJsonBody, pathId } from "@/lib/validation";
import { authorize } from "@/server/auth/authorize";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { userFromCookieHeader } from "@/server/auth/sessionCookie";
import { BOOK_ROLES, bookConsultation, bookSchema } from "@/server/scheduling/booking";
import { jsonBodyRefusal, localeOf, readBody, requestIdOf, send, sendBodyTooLarge, sendError } from "./respond";
import { MISSING } from "@/server/notFound";

const BOOK_PATH = /^\/api\/consultations\/([^/?#]+)\/book(?:\?.*)?$/;

/** The consultation id segment when the request is a booking, otherwise undefined. */
export function matchBooking(method: string | undefined, url: string | undefined): string | undefined {
  if (method !== "POST" || url === undefined) return undefined;
  const segment = BOOK_PATH.exec(url)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function handleBooking(req: IncomingMessage, res: ServerResponse, idSegment: string): Promise<void> {
  const requestId = requestIdOf(req);
  const locale = localeOf(req);
  try {
    const user = authorize(await userFromCookieHeader(req.headers.cookie, getPlatform().authSecret), BOOK_ROLES);
    const wrongType = jsonBodyRefusal(req);
    if (wrongType) throw wrongType;
    const rawBody = await readBody(req);
    if (rawBody === null) {
      sendBodyTooLarge(res, locale, requestId);
      return;
    }
    const body = parseJsonBody(bookSchema, rawBody);
    const result = await bookConsultation(getDb(), user, pathId({ id: idSegment }, "id", MISSING.consultation), body, requestId);
    send(res, 200, plain(result.after), requestId);
  } catch (error) {
    sendError(res, error, locale, requestId);
  }
}
