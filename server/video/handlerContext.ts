/**
 * What every /media message handler shares: the socket type, the context handed to each handler
 * file, and `on()`, the wrapper that validates a message, runs its handler and sends one ack.
 * signalling.ts builds the context and registers the handler files; they import only this module
 * (and roster.ts), never signalling.ts, so the handlers and their registrar form no cycle.
 */
import type { Namespace, Socket } from "socket.io";
import { AppError, ForbiddenError, isAppError, ValidationError } from "@/lib/errors";
import { translate, type Locale } from "@/lib/i18n";
import { log, withLogContext } from "@/lib/log";
import { unsafeInputError, zodDetails } from "@/lib/validation";
import type { SessionService } from "@/server/auth/sessions";
import type { SessionUser } from "@/server/auth/signIn";
import { isAllowed, type Action, type Relations } from "@/server/access/policy";
import type { Db } from "@/server/db/client";
import type { VideoRoomRole } from "@/server/db/generated/enums";
import { messageRequestId } from "@/server/realtime/requestIds";
import type { RoomRegistry } from "@/server/sfu/roomRegistry";
import type { LiveRoom } from "./liveRoom";
import { CLIENT_MESSAGE_ACCESS, clientMessages, type ClientMessage, type ClientPayload } from "./protocol";

export interface MediaSocketData {
  user: SessionUser;
  /** The server-side session the socket was opened with (it closes when the session ends). */
  sessionId: string;
  roomId: string;
  role: VideoRoomRole;
  locale: Locale;
  /** The handshake's request id (server/realtime/requestIds.ts); each message's id is derived from it. */
  requestId: string;
}

// Event payloads are checked by zod at runtime (protocol.ts), so the static event maps stay open.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEvents = Record<string, (...args: any[]) => void>;
export type MediaSocket = Socket<AnyEvents, AnyEvents, AnyEvents, MediaSocketData>;

/**
 * What a room's call does to the thing it belongs to (a consultation's status): given by start-up
 * (server/index.ts), so the video layer never imports the consultation domain.
 */
export interface RoomLifecycle {
  /** A host's media joined the call. */
  hostJoined(user: SessionUser, roomId: string): Promise<void>;
  /** A host ended the call for everyone; answers where the host goes next (the opinion step). */
  endedByHost(user: SessionUser, roomId: string): Promise<{ next?: string }>;
}

export interface HandlerContext {
  socket: MediaSocket;
  namespace: Namespace;
  registry: RoomRegistry;
  db: Db;
  /** Server-side sessions: a call ended for everyone signs its guests out (server/video/guests.ts). */
  sessions: SessionService;
  liveRoom: (roomId: string) => Promise<LiveRoom>;
  rooms: Map<string, LiveRoom>;
  lifecycle?: RoomLifecycle;
}

const logger = log.child({ module: "video.signalling" });

export function errorAck(error: unknown, locale: Locale): { ok: false; error: { code: string; message: string } } {
  if (isAppError(error)) return { ok: false, error: { code: error.code, message: translate(locale, error.messageKey, error.params) } };
  logger.error("video.unhandledSignallingError", { error });
  return { ok: false, error: { code: "INTERNAL", message: translate(locale, "video.error.internal") } };
}

/** What `on()` needs: the socket, and the live rooms whose state (the floor) the policy reads. */
export type SocketScope = Pick<HandlerContext, "socket" | "rooms">;

/**
 * The room as the socket's own membership says it (set at connection from the room's members,
 * rooms.ts, carried by the join token), with the live room's grant of the floor as it is now.
 */
export function socketRelations(data: MediaSocketData, room: LiveRoom | undefined): Relations {
  const self = [data.user.id];
  return {
    roomMemberIds: self,
    roomPublisherIds: data.role === "HOST" || data.role === "PARTICIPANT" ? self : [],
    roomHostIds: data.role === "HOST" ? self : [],
    floorHolderIds: data.role === "VIEWER" && room && !room.ended && room.holdsFloor(data.user.id) ? self : [],
  };
}

/** A viewer who tries to send media without the floor hears why, under a code of its own. */
export class ViewerCannotPublishError extends AppError {
  constructor() {
    super("FORBIDDEN", "video.viewer.cannotPublish", { publicCode: "VIEWER_CANNOT_PUBLISH" });
  }
}

/** The policy's check of one message: 403, or VIEWER_CANNOT_PUBLISH for a viewer sending media without the floor. */
export function assertSocketAllowed(data: MediaSocketData, action: Action, room: LiveRoom | undefined): void {
  if (isAllowed(data.user, action, socketRelations(data, room))) return;
  if (action === "room.publish" && data.role === "VIEWER") throw new ViewerCannotPublishError();
  throw new ForbiddenError();
}

/** Wraps a handler: schema check, the access policy's check, error conversion, and a guaranteed single ack. */
export function on<M extends ClientMessage>(scope: SocketScope, message: M, handler: (payload: ClientPayload<M>) => Promise<object | void> | object | void): void {
  const { socket, rooms } = scope;
  socket.on(message as string, (payload: unknown, ack?: unknown) =>
    // Every line logged while the message is handled (the SFU's included) carries the message's id.
    withLogContext({ requestId: messageRequestId(socket.request), connectionId: socket.data.requestId }, () => handle(payload, ack)),
  );
  const handle = async (payload: unknown, ack?: unknown) => {
    const reply = typeof ack === "function" ? (ack as (response: object) => void) : () => undefined;
    // A NUL character or nesting too deep (which would overflow mediasoup's and socket.io's recursion) is bad input.
    const unsafe = unsafeInputError(payload);
    if (unsafe) {
      reply(errorAck(new ValidationError(unsafe.messageKey, unsafe.details, unsafe.params), socket.data.locale));
      return;
    }
    const parsed = clientMessages[message].safeParse(payload ?? {});
    if (!parsed.success) {
      reply(errorAck(new ValidationError("video.error.badMessage", zodDetails(parsed.error), { message }), socket.data.locale));
      return;
    }
    logger.debug("video.message", { message, roomId: socket.data.roomId, userId: socket.data.user.id });
    try {
      assertSocketAllowed(socket.data, CLIENT_MESSAGE_ACCESS[message], rooms.get(socket.data.roomId));
      const result = await handler(parsed.data as ClientPayload<M>);
      reply({ ok: true, ...(result ?? {}) });
    } catch (error) {
      if (!isAppError(error)) logger.error("video.handlerFailed", { message, roomId: socket.data.roomId, error });
      reply(errorAck(error, socket.data.locale));
    }
  };
}
