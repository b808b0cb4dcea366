/**
 * One room while people are in it: its members and their lobby state, the socket each is bound
 * to, and the session record. Media objects live in the SFU room (server/sfu); this class only
 * decides who may do what and keeps the record.
 */
import type { Socket } from "socket.io";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { Db } from "@/server/db/client";
import type { VideoGuestKind, VideoRoomRole } from "@/server/db/generated/enums";
import type { RoomRegistry } from "@/server/sfu/roomRegistry";
import { arrivalState, transition, type LobbyState } from "./lobby";
import type { Annotation, ParticipantView, WaitingView } from "./protocol";
import { closeSession, openSession, recordJoin, recordLeave, type LeaveReason } from "./record";
import { MISSING } from "@/server/notFound";

export interface Member {
  userId: string;
  displayName: string;
  role: VideoRoomRole;
  /** A guest let in by a host's link (server/video/guests.ts): who they are, for the badge beside their name. */
  guestKind: VideoGuestKind | null;
  state: LobbyState;
  rtpCapabilities: unknown;
  socket: Socket | undefined;
  reconnectKey: string;
  attendanceId: Promise<string | undefined> | undefined;
  graceTimer: NodeJS.Timeout | undefined;
  quality: ParticipantView["quality"];
}

export type EnterResult = { state: LobbyState; resumed: boolean };

/** A viewer given the floor by a host: audio, and video when the host allowed it. */
export interface Floor {
  userId: string;
  displayName: string;
  video: boolean;
}

const logger = log.child({ module: "video.room" });

export class LiveRoom {
  readonly members = new Map<string, Member>();
  /** Admission lasts for the sitting: a participant who drops and comes back skips the lobby. */
  private readonly admitted = new Set<string>();
  private readonly removed = new Set<string>();
  private sessionId: Promise<string | undefined> | undefined;
  /** Record writes run one after another so "left" never lands before "joined". */
  private recordQueue: Promise<unknown> = Promise.resolve();
  annotations: Annotation[] = [];
  frozenFrame: string | undefined;
  /** The one viewer who may send media now; null when nobody holds the floor. */
  floor: Floor | null = null;
  ended = false;

  constructor(
    readonly roomId: string,
    private readonly db: Db,
    private readonly registry: RoomRegistry,
    private readonly graceMs: number,
    private readonly onEmpty: () => void,
  ) {}

  get hostChannel(): string {
    return `hosts:${this.roomId}`;
  }

  get channel(): string {
    return `room:${this.roomId}`;
  }

  enter(socket: Socket, who: { userId: string; displayName: string; role: VideoRoomRole; guestKind: VideoGuestKind | null }, reconnectKey: string): EnterResult & { replaced?: Socket } {
    if (this.ended) throw new ConflictError("video.room.ended", undefined, "ROOM_ENDED");
    if (this.removed.has(who.userId)) throw new ForbiddenError("video.lobby.removedBefore");
    const existing = this.members.get(who.userId);
    if (existing) {
      clearTimeout(existing.graceTimer);
      existing.graceTimer = undefined;
      const previousSocket = existing.socket;
      const resumed = existing.reconnectKey === reconnectKey && existing.state === "joined";
      existing.socket = socket;
      existing.reconnectKey = reconnectKey;
      if (resumed) return { state: existing.state, resumed: true };
      // Another tab (or a reload) takes over: the old one's media goes.
      if (existing.state === "joined") this.leaveMedia(existing, "replaced");
      const replaced = previousSocket && previousSocket.id !== socket.id ? previousSocket : undefined;
      return { state: existing.state, resumed: false, replaced };
    }
    const member: Member = {
      ...who,
      state: arrivalState(who.role, this.admitted.has(who.userId) ? "admitted" : undefined),
      socket,
      reconnectKey,
      rtpCapabilities: undefined,
      attendanceId: undefined,
      graceTimer: undefined,
      quality: null,
    };
    if (member.state === "admitted") this.admitted.add(member.userId);
    this.members.set(member.userId, member);
    return { state: member.state, resumed: false };
  }

  member(userId: string): Member {
    const member = this.members.get(userId);
    if (!member) throw new NotFoundError(MISSING.roomMember);
    return member;
  }

  requireState(userId: string, ...states: LobbyState[]): Member {
    const member = this.member(userId);
    if (!states.includes(member.state)) {
      throw new ConflictError(member.state === "waiting" ? "video.lobby.stillWaiting" : "video.lobby.notJoined", undefined, "LOBBY_STATE");
    }
    return member;
  }

  requireHost(userId: string): Member {
    const member = this.member(userId);
    if (member.role !== "HOST") throw new ForbiddenError("video.host.only");
    return member;
  }

  /**
   * Gives a joined viewer the floor, taking it from whoever held it; answers the previous holder
   * (whose media the caller closes).
   */
  grantFloor(userId: string, video: boolean): { previous: Floor | null; floor: Floor } {
    const member = this.requireState(userId, "joined");
    if (member.role !== "VIEWER") throw new ConflictError("video.floor.notAViewer", undefined, "NOT_A_VIEWER");
    const previous = this.floor && this.floor.userId !== userId ? this.floor : null;
    this.floor = { userId, displayName: member.displayName, video };
    return { previous, floor: this.floor };
  }

  /** Takes the floor back; answers who held it (null when nobody did). */
  takeFloor(): Floor | null {
    const previous = this.floor;
    this.floor = null;
    return previous;
  }

  holdsFloor(userId: string): boolean {
    return this.floor?.userId === userId;
  }

  admit(userId: string): Member {
    const member = this.member(userId);
    member.state = transition(member.state, "admitted");
    this.admitted.add(userId);
    return member;
  }

  markJoined(member: Member): void {
    if (member.state !== "joined") member.state = transition(member.state, "joined");
    this.sessionId ??= this.queue(() => openSession(this.db, this.roomId));
    const sessionId = this.sessionId;
    member.attendanceId = this.queue(async () => {
      const id = await sessionId;
      return id ? recordJoin(this.db, id, member.userId) : undefined;
    });
  }

  /** Back to admitted: the SFU peer and its media go, membership and admission stay. */
  leaveMedia(member: Member, reason: LeaveReason): void {
    // State first: the SFU room may close (last peer out) and listeners read who is still joined.
    if (member.state === "joined") member.state = transition(member.state, "admitted");
    // The floor is for someone in the room: a holder who leaves media gives it back.
    if (this.floor?.userId === member.userId) this.floor = null;
    this.registry.get(this.roomId)?.removePeer(member.userId);
    const attendanceId = member.attendanceId;
    member.attendanceId = undefined;
    if (attendanceId) {
      this.queue(async () => {
        const id = await attendanceId;
        if (id) await recordLeave(this.db, id, reason);
      });
    }
  }

  /** Removes the member entirely (left, removed, or their grace period after a drop ran out). */
  drop(userId: string, reason: LeaveReason): void {
    const member = this.members.get(userId);
    if (!member) return;
    clearTimeout(member.graceTimer);
    this.leaveMedia(member, reason);
    this.members.delete(userId);
    if (reason === "removed") {
      this.removed.add(userId);
      this.admitted.delete(userId);
    }
    if (this.members.size === 0) this.finish({ reason: "left" });
  }

  /** The socket went away without saying goodbye: keep the seat briefly for a reconnect. */
  detach(socket: Socket, userId: string, graceful: boolean): void {
    const member = this.members.get(userId);
    if (!member || member.socket?.id !== socket.id) return;
    member.socket = undefined;
    if (graceful || member.state !== "joined") {
      this.drop(userId, "left");
      return;
    }
    member.graceTimer = setTimeout(() => this.drop(userId, "disconnected"), this.graceMs);
    member.graceTimer.unref?.();
  }

  /** The member's media connection died while their socket is gone: nothing will come back. */
  mediaFailed(userId: string): void {
    const member = this.members.get(userId);
    if (member && !member.socket) this.drop(userId, "disconnected");
  }

  /** Everyone out; with `endedById` (a host ended it) the room is closed for good. */
  end(endedById?: string): Member[] {
    const everyone = [...this.members.values()];
    for (const member of everyone) clearTimeout(member.graceTimer);
    this.finish({ endedById, reason: "ended" });
    return everyone;
  }

  /** The server is shutting down: everyone out as disconnected (they come back to the next process), the room not ended. */
  closeForShutdown(): Member[] {
    const everyone = [...this.members.values()];
    for (const member of everyone) clearTimeout(member.graceTimer);
    this.finish({ reason: "disconnected" });
    return everyone;
  }

  participants(): ParticipantView[] {
    return [...this.members.values()].map((member) => ({
      userId: member.userId,
      displayName: member.displayName,
      role: member.role,
      guestKind: member.guestKind,
      state: member.state,
      connected: Boolean(member.socket),
      quality: member.quality,
      floor: this.floor?.userId === member.userId ? { video: this.floor.video } : null,
    }));
  }

  waiting(): WaitingView[] {
    return [...this.members.values()].filter((member) => member.state === "waiting").map(({ userId, displayName, guestKind }) => ({ userId, displayName, guestKind }));
  }

  /** Resolves once every queued record write has been attempted (tests and shutdown). */
  async flush(): Promise<void> {
    await this.recordQueue;
  }

  private finish(options: { endedById?: string; reason: LeaveReason }): void {
    if (this.ended) return;
    this.ended = true;
    for (const member of this.members.values()) this.leaveMedia(member, options.reason);
    this.members.clear();
    this.registry.get(this.roomId)?.close();
    const sessionId = this.sessionId;
    if (sessionId) {
      this.queue(async () => {
        const id = await sessionId;
        if (id) await closeSession(this.db, id, options);
      });
    }
    this.onEmpty();
  }

  private queue<T>(work: () => Promise<T>): Promise<T | undefined> {
    const next = this.recordQueue.then(work).catch((error: unknown) => {
      logger.error("video.recordWriteFailed", { roomId: this.roomId, error });
      return undefined;
    });
    this.recordQueue = next;
    return next;
  }
}
