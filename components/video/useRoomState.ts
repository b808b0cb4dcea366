"use client";

import { useEffect, useSyncExternalStore } from "react";
import type { MediaClient, RoomState } from "./mediaClient";

export function useRoomState(client: MediaClient): RoomState {
  return useSyncExternalStore(
    (listener) => client.subscribe(listener),
    () => client.state,
    () => client.state,
  );
}

/**
 * A room client's life on its page: connects at once (so the click only has to join), is handed
 * to `expose` (what the end-to-end tests read; pass a function that stays the same), frees the
 * seat when the tab closes instead of after the reconnect grace period, and lets go on unmount.
 */
export function useClientLifecycle<C extends MediaClient>(client: C | null, expose: (client: C) => void): void {
  useEffect(() => {
    if (!client) return;
    client.prepare();
    expose(client);
    const leave = () => client.leave();
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      // Before the click only the warm-up socket exists; dropping it lets a remount reconnect.
      if (client.isStarted) client.leave();
      else client.socket.disconnect();
    };
  }, [client, expose]);
}
