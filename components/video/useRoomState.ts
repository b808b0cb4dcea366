"use client";

import { useSyncExternalStore } from "react";
import type { MediaClient, RoomState } from "./mediaClient";

export function useRoomState(client: MediaClient): RoomState {
  return useSyncExternalStore(
    (listener) => client.subscribe(listener),
    () => client.state,
    () => client.state,
  );
}
