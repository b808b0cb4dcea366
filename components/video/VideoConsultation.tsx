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
  const [client, setClient] = useState<MediaClient | null>(null);

  useEffect(() => {
    if (!client) return;
    window.__video = { client, stats: () => client.inboundStats(), firstFrameMs: () => client.firstRemoteFrameMs };
    const leave = () => client.leave();
    // Closing the tab frees the seat at once instead of after the reconnect grace period.
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      client.leave();
    };
  }, [client]);

  if (!client) {
    return (
      <PreJoin
        roomId={roomId}
        onJoin={(stream, options) => {
          const created = new MediaClient(roomId, stream, options.token);
          setClient(created);
          created.start();
        }}
      />
    );
  }
  return <VideoRoomView client={client} roomId={roomId} title={title} record={record} />;
}
