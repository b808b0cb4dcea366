"use client";

import { useEffect, useState } from "react";
import type { RecordPanelData } from "@/server/video/recordPanel";
import { MediaClient } from "./mediaClient";
import { PreJoin } from "./PreJoin";
import { VideoRoomView } from "./VideoRoomView";

declare global {
  interface Window {
    /** Read by the end-to-end tests and the first-frame benchmark. */
    __video?: { client: MediaClient; stats: MediaClient["inboundStats"]; firstFrameMs: () => number | null };
  }
}

interface Props {
  roomId: string;
  title: string;
  record: RecordPanelData | null;
}

export function VideoConsultation({ roomId, title, record }: Props) {
  // The client needs browser WebRTC, so none is made while rendering on the server.
  const [client] = useState(() => (typeof window === "undefined" ? null : new MediaClient(roomId)));
  const [joined, setJoined] = useState(false);

  useEffect(() => {
    if (!client) return;
    client.prepare();
    window.__video = { client, stats: () => client.inboundStats(), firstFrameMs: () => client.firstRemoteFrameMs };
    const leave = () => client.leave();
    // Closing the tab frees the seat at once instead of after the reconnect grace period.
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      // Before the click only the warm-up socket exists; dropping it lets a remount reconnect.
      if (client.isStarted) client.leave();
      else client.socket.disconnect();
    };
  }, [client]);

  if (!joined || !client) {
    return (
      <PreJoin
        onJoin={(stream) => {
          client?.start(stream);
          setJoined(true);
        }}
        roomId={roomId}
      />
    );
  }
  return <VideoRoomView client={client} roomId={roomId} title={title} record={record} />;
}
