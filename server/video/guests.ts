/**
 * Guests by link: a call's host lets a patient, a family member or an outside expert into that
 * one call with a one-time link. The link carries a random token after `#` (browsers never send
 * the fragment, so it stays out of server logs and Referer headers); only its SM3 hash is kept.
 *
 * Redeeming the link (the guest's phone, no account, no password) makes a GUEST user who is a
 * participant of this room and nothing else, and a session that ends with the link's call: the
 * access policy admits GUEST to `room.join` and `room.publish` only (server/access/policy.ts), so
 * every other page, API and socket event refuses them. The guest waits in the waiting room like
 * any participant, and the host sees them marked as a guest. The link is used once: a second
 * device gets 410; the same phone reopening it (its guest session still active) goes back in.
 * Revoking the link, or the call ending for everyone, ends the guest's session at once.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { displayText, validate } from "@/lib/validation";
import { assertAllowed, type Actor } from "@/server/access/policy";
import { roomRelations } from "@/server/access/relations";
import { audit } from "@/server/audit";
import { hashBearerToken, issueBearerToken } from "@/server/auth/bearerToken";
import type { ActiveSession, SessionService } from "@/server/auth/sessions";
import type { Db } from "@/server/db/client";
import type { VideoGuestKind } from "@/server/db/generated/enums";
import { maskPhone } from "@/server/healthcard/pii";
import { MISSING } from "@/server/notFound";
import type { SmsSender } from "@/server/notifications/sms";

const TOKEN_PREFIX = "rmpg_";
export const GUEST_PATH = "/guest";
export const GUEST_KINDS = ["PATIENT", "FAMILY", "OUTSIDE_EXPERT"] as const satisfies readonly VideoGuestKind[];
/** How long a link may be valid: from a quarter of an hour to a day (the host picks; two hours by default). */
export const GUEST_LINK_MINUTES = { min: 15, max: 24 * 60, default: 120 } as const;
/** A guest's session ends this long after they came in at the latest, whatever the call does. */
export const GUEST_SESSION_HOURS = 4;
/** Links not yet used (nor expired or revoked) one room may have at once. */
export const GUEST_OPEN_LINKS_MAX = 10;
export const GUEST_NAME_MAX = 50;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

export const inviteGuestSchema = z.object({
  displayName: displayText(GUEST_NAME_MAX),
  kind: z.enum(GUEST_KINDS),
  validMinutes: z.number().int().min(GUEST_LINK_MINUTES.min).max(GUEST_LINK_MINUTES.max).default(GUEST_LINK_MINUTES.default),
  /** Mainland mobile number to text the link to, where an SMS gateway is configured; not kept. */
  phone: z.string().trim().max(20).optional(),
});
export type InviteGuestInput = z.input<typeof inviteGuestSchema>;

export const guestTokenSchema = z.object({ token: z.string().trim().min(8).max(200) });

export class GuestLinkUsedError extends AppError {
  constructor() {
    super("CONFLICT", "video.guest.linkUsed", { publicCode: "GUEST_LINK_USED", status: 410 });
  }
}

export class GuestLinkExpiredError extends AppError {
  constructor() {
    super("CONFLICT", "video.guest.linkExpired", { publicCode: "GUEST_LINK_EXPIRED", status: 410 });
  }
}

export class GuestLinkRevokedError extends AppError {
  constructor() {
    super("CONFLICT", "video.guest.linkRevoked", { publicCode: "GUEST_LINK_REVOKED", status: 410 });
  }
}

export class GuestCallOverError extends AppError {
  constructor() {
    super("CONFLICT", "video.guest.callOver", { publicCode: "ROOM_ENDED", status: 410 });
  }
}

export type GuestLinkStatus = "OPEN" | "USED" | "EXPIRED" | "REVOKED";

export interface GuestLinkView {
  id: string;
  displayName: string;
  kind: VideoGuestKind;
  status: GuestLinkStatus;
  phoneMasked: string | null;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
  createdByName: string;
}

export interface IssuedGuestLink {
  link: GuestLinkView;
  /** `/guest#<token>`: shown to the host once, never stored. */
  path: string;
  /** Whether the link was texted: not asked, sent, or the gateway refused (the host copies it instead). */
  sms: "none" | "sent" | "failed";
}

interface Context {
  ip?: string | null;
  requestId?: string | null;
}

/** The room a host may invite guests into: it exists, the actor hosts it, it is not over, and it is not a teaching broadcast. */
async function hostedRoom(db: Db, actor: Actor, roomId: string) {
  const relations = await roomRelations(db, roomId);
  if (!relations) throw new NotFoundError(MISSING.videoRoom);
  assertAllowed(actor, "room.invite", relations, relations.roomMemberIds?.includes(actor.id) ? undefined : MISSING.videoRoom);
  const room = await db.videoRoom.findUniqueOrThrow({ where: { id: roomId }, select: { id: true, title: true, status: true, teachingSession: { select: { id: true } } } });
  return room;
}

function statusOf(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): GuestLinkStatus {
  if (row.revokedAt) return "REVOKED";
  if (row.usedAt) return "USED";
  return row.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : "OPEN";
}

const viewSelect = { id: true, displayName: true, kind: true, phoneMasked: true, expiresAt: true, usedAt: true, revokedAt: true, createdAt: true, createdBy: { select: { displayName: true } } } as const;

function toView(row: { id: string; displayName: string; kind: VideoGuestKind; phoneMasked: string | null; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null; createdAt: Date; createdBy: { displayName: string } }, now: Date): GuestLinkView {
  return {
    id: row.id,
    displayName: row.displayName,
    kind: row.kind,
    status: statusOf(row, now),
    phoneMasked: row.phoneMasked,
    expiresAt: row.expiresAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    createdByName: row.createdBy.displayName,
  };
}

/** Issues a link into the room's call; texts it when a number is given and a gateway is configured. */
export async function inviteGuest(
  db: Db,
  actor: Actor,
  roomId: string,
  raw: InviteGuestInput,
  deps: { sms: SmsSender | null; publicUrl: string },
  context: Context = {},
  now: Date = new Date(),
): Promise<IssuedGuestLink> {
  const input = validate(inviteGuestSchema, raw);
  if (!input.displayName) throw new ValidationError("video.guest.nameRequired", { field: "displayName" });
  const phone = input.phone ? input.phone.replace(/[\s-]/g, "") : "";
  if (phone && !MAINLAND_MOBILE.test(phone)) throw new ValidationError("video.guest.phoneInvalid", { field: "phone" });
  if (phone && !deps.sms) throw new ValidationError("video.guest.smsNotConfigured", { field: "phone" });
  const room = await hostedRoom(db, actor, roomId);
  if (room.teachingSession) throw new ConflictError("video.guest.notForTeaching", undefined, "GUEST_NOT_FOR_TEACHING");
  if (room.status === "ENDED") throw new ConflictError("video.room.ended", undefined, "ROOM_ENDED");
  const { token, tokenHash } = issueBearerToken(TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + input.validMinutes * 60_000);
  const row = await db.$transaction(async (tx) => {
    const open = await tx.videoGuestLink.count({ where: { roomId, usedAt: null, revokedAt: null, expiresAt: { gt: now } } });
    if (open >= GUEST_OPEN_LINKS_MAX) throw new ConflictError("video.guest.tooManyOpen", undefined, "GUEST_LINKS_LIMIT");
    const created = await tx.videoGuestLink.create({
      data: { roomId, tokenHash, displayName: input.displayName, kind: input.kind, phoneMasked: phone ? maskPhone(phone) : null, expiresAt, createdById: actor.id, createdAt: now },
      select: viewSelect,
    });
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "video.guest.invite",
      targetType: "video_room",
      targetId: roomId,
      ip: context.ip,
      requestId: context.requestId,
      details: { linkId: created.id, kind: input.kind, expiresAt: expiresAt.toISOString(), sms: Boolean(phone) },
    });
    return created;
  });
  const path = `${GUEST_PATH}#${token}`;
  let sms: IssuedGuestLink["sms"] = "none";
  if (phone && deps.sms) {
    const url = new URL(path, deps.publicUrl).toString();
    sms = (await deps.sms.send(phone, { messageKey: "video.guest.smsText", params: { title: room.title, url, minutes: input.validMinutes } })) ? "sent" : "failed";
  }
  return { link: toView(row, now), path, sms };
}

/** The room's guest links, newest first, for its hosts. */
export async function listGuestLinks(db: Db, actor: Actor, roomId: string, now: Date = new Date()): Promise<GuestLinkView[]> {
  await hostedRoom(db, actor, roomId);
  const rows = await db.videoGuestLink.findMany({ where: { roomId }, orderBy: { createdAt: "desc" }, take: 50, select: viewSelect });
  return rows.map((row) => toView(row, now));
}

/**
 * Takes the link back: an unused link stops working; a used one also ends its guest's session and
 * membership, so their call closes within the session re-check (server/realtime/sessionWatch.ts).
 */
export async function revokeGuestLink(db: Db, sessions: SessionService, actor: Actor, roomId: string, linkId: string, context: Context = {}, now: Date = new Date()): Promise<GuestLinkView> {
  await hostedRoom(db, actor, roomId);
  const row = await db.videoGuestLink.findFirst({ where: { id: linkId, roomId }, select: { ...viewSelect, guestUserId: true } });
  if (!row) throw new NotFoundError(MISSING.guestLink);
  if (row.revokedAt) return toView(row, now);
  const updated = await db.$transaction(async (tx) => {
    const result = await tx.videoGuestLink.update({ where: { id: row.id }, data: { revokedAt: now }, select: viewSelect });
    if (row.guestUserId) await withdrawGuest(tx, row.guestUserId, roomId);
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "video.guest.revoke", targetType: "video_room", targetId: roomId, ip: context.ip, requestId: context.requestId, details: { linkId: row.id, wasUsed: Boolean(row.usedAt) } });
    return result;
  });
  if (row.guestUserId) await sessions.revokeAllForUser(row.guestUserId, "revoked");
  return toView(updated, now);
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The guest account stops counting: disabled, and no longer a member of the room. */
async function withdrawGuest(tx: Tx, guestUserId: string, roomId: string): Promise<void> {
  await tx.user.updateMany({ where: { id: guestUserId, role: "GUEST" }, data: { disabled: true } });
  await tx.videoRoomParticipant.deleteMany({ where: { roomId, userId: guestUserId } });
}

/** The call is over for good: every guest of the room is signed out and disabled. Answers how many. */
export async function closeGuestAccess(db: Db, sessions: SessionService, roomId: string): Promise<number> {
  const guests = await db.videoGuestLink.findMany({ where: { roomId, guestUserId: { not: null }, guestUser: { disabled: false } }, select: { guestUserId: true } });
  for (const { guestUserId } of guests) {
    await db.user.updateMany({ where: { id: guestUserId!, role: "GUEST" }, data: { disabled: true } });
    await sessions.revokeAllForUser(guestUserId!, "revoked");
  }
  return guests.length;
}

export interface RedeemedGuestLink {
  roomId: string;
  /** Where the guest's phone goes: the call's page (the portal shows a guest only the call). */
  path: string;
  /** The new session to set as the cookie; null when the request's own guest session still holds. */
  session: { id: string; expiresAt: Date } | null;
}

/**
 * Uses the link. Unknown: 404; revoked, used by another device, or expired: 410 naming which; a
 * finished call: 410. Exactly once, even when two phones race.
 */
export async function redeemGuestLink(
  db: Db,
  sessions: SessionService,
  token: string,
  context: Context & { userAgent?: string | null; current?: ActiveSession | null } = {},
  now: Date = new Date(),
): Promise<RedeemedGuestLink> {
  const row = await db.videoGuestLink.findUnique({
    where: { tokenHash: hashBearerToken(token) },
    select: { id: true, roomId: true, displayName: true, kind: true, expiresAt: true, usedAt: true, revokedAt: true, guestUserId: true, room: { select: { status: true } } },
  });
  if (!row) throw new NotFoundError(MISSING.guestLink);
  const path = `/video/${row.roomId}`;
  // Redeeming would replace the browser's own session: a signed-in clinician or resident is asked to use another device or window.
  if (context.current && context.current.user.role !== "GUEST") throw new ConflictError("video.guest.signedIn", undefined, "GUEST_LINK_SIGNED_IN");
  if (row.revokedAt) throw new GuestLinkRevokedError();
  if (row.room.status === "ENDED") throw new GuestCallOverError();
  if (row.usedAt) {
    // The same phone opening its link again (a reload, the browser restored) goes back to the call.
    if (row.guestUserId && context.current?.user.id === row.guestUserId) return { roomId: row.roomId, path, session: null };
    throw new GuestLinkUsedError();
  }
  if (row.expiresAt.getTime() <= now.getTime()) throw new GuestLinkExpiredError();
  const guestUserId = await db.$transaction(async (tx) => {
    const { count } = await tx.videoGuestLink.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) throw new GuestLinkUsedError();
    const guest = await tx.user.create({
      data: { username: `guest_${randomUUID()}`, displayName: row.displayName, role: "GUEST", passwordHash: null, institutionId: null },
      select: { id: true },
    });
    await tx.videoGuestLink.update({ where: { id: row.id }, data: { guestUserId: guest.id } });
    await tx.videoRoomParticipant.create({ data: { roomId: row.roomId, userId: guest.id, role: "PARTICIPANT" } });
    await audit(tx, { actorId: guest.id, actorRole: "GUEST", action: "video.guest.join", targetType: "video_room", targetId: row.roomId, ip: context.ip, requestId: context.requestId, details: { linkId: row.id, kind: row.kind } });
    return guest.id;
  });
  const session = await sessions.create(guestUserId, { userAgent: context.userAgent, ip: context.ip, notAfter: new Date(now.getTime() + GUEST_SESSION_HOURS * 3_600_000) });
  return { roomId: row.roomId, path, session };
}

/** Who a guest member is to the consultation, for the badge beside their name; null for staff and residents. */
export async function guestKindOf(db: Db, userId: string): Promise<VideoGuestKind | null> {
  const row = await db.videoGuestLink.findUnique({ where: { guestUserId: userId }, select: { kind: true } });
  return row?.kind ?? null;
}
