/** The /media signalling protocol: every client message's schema, in one place. */
import { z } from "zod";
import type { Action } from "@/server/access/policy";
import type { VideoGuestKind, VideoRoomRole } from "@/server/db/generated/enums";

export const MEDIA_NAMESPACE = "/media";

const id = z.string().min(1).max(128);
// mediasoup validates the inner structure itself (and we translate its TypeErrors); here we only
// make sure the shapes are objects of bounded size.
const mediasoupObject = z.record(z.string(), z.unknown());

export const annotationSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("stroke"),
    id: z.string().min(1).max(64),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    width: z.number().min(1).max(20),
    points: z.array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)])).min(1).max(2000),
  }),
  z.object({ type: z.literal("pointer"), x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
  z.object({ type: z.literal("clear") }),
  z.object({
    type: z.literal("freeze"),
    /** A JPEG data URL of the frozen frame, so every participant annotates the same picture. */
    image: z.string().regex(/^data:image\/(jpeg|png);base64,/).max(900_000),
  }),
  z.object({ type: z.literal("unfreeze") }),
]);
export type Annotation = z.infer<typeof annotationSchema>;

export const clientMessages = {
  "lobby:enter": z.object({ reconnectKey: z.string().min(8).max(64) }),
  "media:join": z.object({ rtpCapabilities: mediasoupObject }),
  "media:leave": z.object({}),
  /** A transport to send on: publishers get one with media:join; a viewer asks for it once given the floor. */
  "media:sendTransport": z.object({}),
  "transport:connect": z.object({ transportId: id, dtlsParameters: mediasoupObject }),
  "transport:restartIce": z.object({ transportId: id }),
  produce: z.object({
    transportId: id,
    kind: z.enum(["audio", "video"]),
    rtpParameters: mediasoupObject,
    source: z.enum(["mic", "camera", "screen"]),
  }),
  consume: z.object({ producerId: id }),
  "consumer:resume": z.object({ consumerId: id }),
  "producer:pause": z.object({ producerId: id }),
  "producer:resume": z.object({ producerId: id }),
  "producer:close": z.object({ producerId: id }),
  "chat:send": z.object({ body: z.string().max(4000) }),
  "chat:history": z.object({}),
  annotate: annotationSchema,
  "stats:quality": z.object({ level: z.enum(["good", "fair", "poor"]) }),
  "host:admit": z.object({ userId: id }),
  "host:remove": z.object({ userId: id }),
  "host:mute": z.object({ userId: id }),
  "host:end": z.object({}),
  /** Give one viewer the floor (audio; video too when `video`), taking it from whoever held it. */
  "floor:grant": z.object({ userId: id, video: z.boolean().default(false) }),
  /** Take the floor back: the holder's media is closed at once. */
  "floor:revoke": z.object({}),
  "media:capabilities": z.object({}),
  "probe:create": z.object({ protocol: z.enum(["udp", "tcp"]) }),
  "probe:connect": z.object({ transportId: id, dtlsParameters: mediasoupObject }),
  "probe:close": z.object({ transportId: id }),
} as const;

export type ClientMessage = keyof typeof clientMessages;

/**
 * The access policy's action of every client message (server/access/policy.ts), checked by `on()`
 * (handlerContext.ts) before the handler runs: members may take part, publishers send media (a
 * viewer only while holding the floor), hosts moderate. A message without an entry does not compile.
 */
export const CLIENT_MESSAGE_ACCESS = {
  "lobby:enter": "room.join",
  "media:join": "room.join",
  "media:leave": "room.join",
  "media:sendTransport": "room.publish",
  "transport:connect": "room.join",
  "transport:restartIce": "room.join",
  produce: "room.publish",
  consume: "room.join",
  "consumer:resume": "room.join",
  "producer:pause": "room.publish",
  "producer:resume": "room.publish",
  "producer:close": "room.publish",
  "chat:send": "room.join",
  "chat:history": "room.join",
  annotate: "room.publish",
  "stats:quality": "room.join",
  "host:admit": "room.moderate",
  "host:remove": "room.moderate",
  "host:mute": "room.moderate",
  "host:end": "room.moderate",
  "floor:grant": "room.moderate",
  "floor:revoke": "room.moderate",
  "media:capabilities": "room.join",
  "probe:create": "room.join",
  "probe:connect": "room.join",
  "probe:close": "room.join",
} as const satisfies Record<ClientMessage, Action>;
export type ClientPayload<M extends ClientMessage> = z.infer<(typeof clientMessages)[M]>;

export type MediaSource = "mic" | "camera" | "screen";

export interface ParticipantView {
  userId: string;
  displayName: string;
  role: VideoRoomRole;
  /** Set for a guest let in by a host's link: the host sees them marked as a guest. */
  guestKind: VideoGuestKind | null;
  state: "waiting" | "admitted" | "joined" | "removed";
  connected: boolean;
  quality: "good" | "fair" | "poor" | null;
  /** The viewer holds the floor (and may send video too). */
  floor: { video: boolean } | null;
}

/** Someone in the waiting room, as the hosts see them. */
export interface WaitingView {
  userId: string;
  displayName: string;
  guestKind: VideoGuestKind | null;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
