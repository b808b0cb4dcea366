/**
 * POST /api/consultations/<id>/book without Next, its only handler: the same steps as apiRoute
 * (app/_lib/api.ts) around the domain's bookConsultation. The session is the next-auth cookie's
 * server-side session (server/auth/sessions.ts): an ended one answers 401 SESSION_EXPIRED.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseJsonBody, pathId } from "@/lib/validation";
import { assertRole, type Action } from "@/server/access/policy";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { userFromCookieHeader } from "@/server/auth/sessionCookie";
import { bookConsultation, bookSchema } from "@/server/scheduling/booking";
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

/** The access policy's action of the booking route (the state machine then checks the relationship). */
export const BOOKING_ACCESS = "consultation.schedule" satisfies Action;

export async function handleBooking(req: IncomingMessage, res: ServerResponse, idSegment: string): Promise<void> {
  const requestId = requestIdOf(req);
  const locale = localeOf(req);
  try {
    const platform = getPlatform();
    const user = assertRole(await userFromCookieHeader(req.headers.cookie, platform.authSecret, platform.sessions), BOOKING_ACCESS);
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
