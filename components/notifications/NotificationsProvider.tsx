"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { io } from "socket.io-client";
import { callApi } from "@/components/consultation/client";
import { NOTIFICATION_EVENT, UNREAD_EVENT, type LiveNotification, type UnreadPayload } from "@/server/notifications/events";
import { SESSION_ENDED_EVENT } from "@/server/realtime/events";

type Listener = (item: LiveNotification) => void;

interface NotificationsValue {
  /** This person's unread notifications, kept live. */
  unread: number;
  /** Whether the live connection is up. */
  live: boolean;
  /** The server's count after this tab marked notifications read. */
  setUnread(count: number): void;
  /** Notifications as they arrive over the tab's socket; returns the unsubscribe. */
  subscribe(listener: Listener): () => void;
}

const NotificationsContext = createContext<NotificationsValue | null>(null);

let signingOut = false;

/** Called by the sign-out button: the session ending now is this tab's own doing, not an expiry. */
export function expectSignOut(expected = true): void {
  signingOut = expected;
}

/** The session of this tab has ended (signed out elsewhere, idle, disabled): sign in again, then come back here. */
function toSignInExpired(): void {
  if (signingOut) return;
  const back = window.location.pathname + window.location.search;
  window.location.assign(`/signin?expired=1&callbackUrl=${encodeURIComponent(back)}`);
}

/** One live notification connection per tab, shared by the top bar's bell and the notification center. */
export function NotificationsProvider({ initialUnread, children }: { initialUnread: number; children: ReactNode }) {
  const [unread, setUnread] = useState(initialUnread);
  // A fresh server render of the layout (router.refresh, e.g. switching language) brings a newer count.
  const [rendered, setRendered] = useState(initialUnread);
  if (rendered !== initialUnread) {
    setRendered(initialUnread);
    setUnread(initialUnread);
  }
  const [live, setLive] = useState(false);
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    let disposed = false;
    const refresh = () => {
      void callApi<UnreadPayload>("/api/notifications/unread").then((result) => {
        if (!disposed && result.ok) setUnread(result.data.unread);
      });
    };
    // A connection of its own: the video client's /media socket keeps its own transport settings.
    const socket = io({ path: "/socket.io", transports: ["websocket", "polling"], multiplex: false });
    socket.on("connect", () => {
      setLive(true);
      // A recovered session replays what was missed; a new one may have missed something since the page was rendered.
      if (!socket.recovered) refresh();
    });
    socket.on("disconnect", (reason) => {
      setLive(false);
      // Closed by the server on purpose: most likely the session ended on another instance.
      if (reason === "io server disconnect") {
        void callApi<UnreadPayload>("/api/notifications/unread").then((result) => {
          if (!disposed && !result.ok && result.error.status === 401) toSignInExpired();
        });
      }
    });
    socket.on(SESSION_ENDED_EVENT, () => {
      if (!disposed) toSignInExpired();
    });
    socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      if (!disposed && (error.data?.code === "SESSION_EXPIRED" || error.data?.code === "UNAUTHENTICATED")) toSignInExpired();
    });
    socket.on(NOTIFICATION_EVENT, (item: LiveNotification) => {
      setUnread((count) => count + 1);
      for (const listener of listeners.current) listener(item);
    });
    socket.on(UNREAD_EVENT, (payload: UnreadPayload) => setUnread(payload.unread));
    // Another tab may have read notifications while the socket was down.
    window.addEventListener("focus", refresh);
    return () => {
      disposed = true;
      window.removeEventListener("focus", refresh);
      socket.close();
    };
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo<NotificationsValue>(() => ({ unread, live, setUnread, subscribe }), [unread, live, subscribe]);
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsValue {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error("useNotifications outside NotificationsProvider");
  return value;
}
