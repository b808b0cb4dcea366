"use client";

import { useState } from "react";
import type { RecordPanelData } from "@/server/video/recordPanel";
import { MediaClient } from "./mediaClient";
import { PreJoin } from "./PreJoin";
import { useClientLifecycle } from "./useRoomState";
import { VideoRoomView } from "./VideoRoomView";

declare global {
  interface Window {
    /** Read by the end-to-end tests and the first-frame benchmark. */
    __video?: { client: MediaClient; stats: MediaClient["inboundStats"]; firstFrameMs: () => number | null };
  }
}

const exposeForTests = (client: MediaClient) => {
  window.__video = { client, stats: () => client.inboundStats(), firstFrameMs: () => client.firstRemoteFrameMs };
};

interface Props {
  roomId: string;
  title: string;
  record: RecordPanelData | null;
  /** The consultation the room belongs to (null for a standalone meeting). */
  consultationId?: string | null;
  /** Joining starts the consultation's session (this person hosts a scheduled one). */
  startsSession?: boolean;
  /** A guest by link (server/video/guests.ts). */
  guest?: boolean;
  smsEnabled?: boolean;
}

export function VideoConsultation({ roomId, title, record, consultationId = null, startsSession = false, guest = false, smsEnabled = false }: Props) {
  // The client needs browser WebRTC, so none is made while rendering on the server.
  const [client] = useState(() => (typeof window === "undefined" ? null : new MediaClient(roomId)));
  const [joined, setJoined] = useState(false);

  useClientLifecycle(client, exposeForTests);

  if (!joined || !client) {
    return (
      <PreJoin
        onJoin={(stream) => {
          client?.start(stream);
          setJoined(true);
        }}
        roomId={roomId}
        startsSession={startsSession}
      />
    );
  }
  return <VideoRoomView client={client} roomId={roomId} title={title} record={record} consultationId={consultationId} guest={guest} smsEnabled={smsEnabled} />;
}
