/** What a video consultation can find missing; texts in ./messages.ts. */
import type { Missing } from "@/lib/errors";

export const VIDEO_MISSING = {
  room: { code: "VIDEO_ROOM_NOT_FOUND", messageKey: "video.room.notFound" },
  snapshot: { code: "SNAPSHOT_NOT_FOUND", messageKey: "video.snapshot.notFound" },
  member: { code: "ROOM_MEMBER_NOT_FOUND", messageKey: "video.lobby.notInRoom" },
  probe: { code: "PROBE_NOT_FOUND", messageKey: "video.probe.gone" },
} as const satisfies Record<string, Missing>;
