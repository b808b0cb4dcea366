/**
 * The waiting room as an explicit state machine. A member moves waiting → admitted → joined;
 * hosts skip the wait, and so do viewers (a teaching session's registration is their admission); leaving media returns a member to admitted (admission is kept for
 * reconnects and rejoins); removal ends membership for this sitting.
 */
import { ConflictError } from "@/lib/errors";
import type { VideoRoomRole } from "@/server/db/generated/enums";

export type LobbyState = "waiting" | "admitted" | "joined" | "removed";

const ALLOWED: Record<LobbyState, readonly LobbyState[]> = {
  waiting: ["admitted", "removed"],
  admitted: ["joined", "removed"],
  joined: ["admitted", "removed"],
  removed: [],
};

export function canTransition(from: LobbyState, to: LobbyState): boolean {
  return ALLOWED[from].includes(to);
}

export function transition(from: LobbyState, to: LobbyState): LobbyState {
  if (!canTransition(from, to)) throw new ConflictError("video.lobby.badTransition", { from, to }, "LOBBY_STATE");
  return to;
}

/** Where a member starts when they arrive: hosts, viewers and previously admitted members go straight in. */
export function arrivalState(role: VideoRoomRole, previously: LobbyState | undefined): LobbyState {
  if (role === "HOST" || role === "VIEWER") return "admitted";
  if (previously === "admitted" || previously === "joined") return "admitted";
  return "waiting";
}
