"use client";

import { useState, useSyncExternalStore } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { Tile } from "@/components/video/Tile";
import { useClientLifecycle } from "@/components/video/useRoomState";
import { TeachingClient } from "./teachingClient";

declare global {
  interface Window {
    /** Read by the end-to-end tests. */
    __teaching?: { client: TeachingClient };
  }
}

const exposeForTests = (client: TeachingClient) => {
  window.__teaching = { client };
};

/**
 * The broadcast page: viewers receive the presenter's sources and may ask to speak (refused by the
 * SFU until a moderator gives them the floor); the surgeon and moderators send camera and
 * microphone, see the audience and give or take back the floor.
 */
export function TeachingWatch({ sessionId, roomId, title, host }: { sessionId: string; roomId: string; title: string; host: boolean }) {
  const { t } = useI18n();
  const [client] = useState(() => (typeof window === "undefined" ? null : new TeachingClient(roomId)));
  const [started, setStarted] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const state = useSyncExternalStore(
    (listener) => client?.subscribe(listener) ?? (() => undefined),
    () => client?.state ?? null,
    () => null,
  );

  useClientLifecycle(client, exposeForTests);

  async function start() {
    if (!client) return;
    setStartError(null);
    try {
      // Viewers send nothing: an empty stream. The surgeon and moderators send camera and microphone.
      const stream = host ? await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } }) : new MediaStream();
      client.start(stream);
      setStarted(true);
    } catch (error) {
      setStartError(error instanceof Error ? error.message : t("video.error.internal"));
    }
  }

  async function act(work: () => Promise<unknown>) {
    setActionError(null);
    try {
      await work();
    } catch (error) {
      setActionError(error instanceof Error && error.message ? error.message : t("video.error.internal"));
    }
  }

  if (!client || !state) return null;
  if (!started) {
    return (
      <section className="card video-waiting" data-testid="teaching-start">
        <h1>{title}</h1>
        <p>{host ? t("teaching.ui.watch.startHostHint") : t("teaching.ui.watch.viewerHint")}</p>
        {startError ? (
          <p className="notice notice--error" role="alert">
            {startError}
          </p>
        ) : null}
        <button type="button" className="button button--primary" onClick={() => void start()} data-testid="teaching-enter">
          {host ? t("teaching.ui.watch.startHost") : t("teaching.ui.watch.startViewer")}
        </button>
      </section>
    );
  }
  if (state.phase === "ended") {
    return (
      <section className="card video-ended" role="status" data-testid="video-ended">
        <h2>{t("video.room.leftTitle")}</h2>
        <p>{state.notice ?? t("video.room.leftText")}</p>
        <a className="button button--primary" href={`/teaching/${sessionId}`}>
          {t("teaching.ui.watch.back")}
        </a>
      </section>
    );
  }
  if (state.phase === "connecting" || state.phase === "waiting") {
    return (
      <section className="card video-waiting" role="status" aria-live="polite" data-testid="video-connecting">
        <h2>{t("video.room.connecting")}</h2>
        <p>{t("video.room.connectingText")}</p>
      </section>
    );
  }

  const hosts = state.participants.filter((p) => p.role === "HOST" && p.userId !== state.userId && p.state === "joined");
  const viewers = state.participants.filter((p) => p.role === "VIEWER" && p.state === "joined");
  const floorHolder = state.participants.find((p) => p.floor);
  const speakers = floorHolder && floorHolder.userId !== state.userId ? [floorHolder] : [];
  const isViewer = state.role === "VIEWER";
  const floor = client.floor;
  return (
    <div className={`teaching-watch${state.role === "HOST" ? " teaching-watch--hosting" : ""}`} data-testid="teaching-watch" data-phase={state.phase}>
      <div>
        <header className="video-room__header">
          <h1>{title}</h1>
          <p className="muted" aria-live="polite" data-testid="viewer-count">
            {t("teaching.ui.watch.viewers", { count: viewers.length })}
          </p>
          {state.phase === "reconnecting" ? (
            <p className="notice notice--info" role="status">
              {t("video.room.reconnecting")}
            </p>
          ) : null}
          {state.notice ? (
            <p className="notice notice--info" role="status" data-testid="teaching-notice">
              {state.notice}
            </p>
          ) : null}
          {floor.refusal || actionError ? (
            <p className="notice notice--error" role="alert" data-testid="teaching-refusal">
              {floor.refusal ?? actionError}
            </p>
          ) : null}
        </header>
        <div className="teaching-stage">
          {hosts.length === 0 && speakers.length === 0 && !host ? <p className="muted">{t("teaching.ui.watch.waitingForBroadcast")}</p> : null}
          {[...hosts, ...speakers].flatMap((person) => {
            const streams = state.remote.filter((stream) => stream.userId === person.userId);
            const mic = streams.find((stream) => stream.kind === "audio");
            const videos = streams.filter((stream) => stream.kind === "video");
            const tiles = videos.length > 0 ? videos : [undefined];
            return tiles.map((video, index) => (
              <Tile
                key={`${person.userId}-${video?.producerId ?? "none"}`}
                name={person.displayName}
                videoTrack={video?.track ?? null}
                audioTrack={index === 0 ? (mic?.track ?? null) : null}
                muted={!mic || mic.paused}
                cameraOff={!video || video.paused}
                speaking={Boolean(person.floor)}
                quality={person.quality}
                testId={`teaching-tile-${person.userId}`}
              />
            ));
          })}
          {host ? <Tile name={state.participants.find((p) => p.userId === state.userId)?.displayName ?? ""} self videoTrack={client.localVideoTrack()} muted={!state.micOn} cameraOff={!state.cameraOn} speaking={false} quality={null} testId="tile-self" /> : null}
        </div>
        <div className="video-toolbar" role="toolbar" aria-label={title}>
          {isViewer ? (
            floor.mine ? (
              <span className="video-badge" data-testid="speaking">
                {t("teaching.ui.watch.speaking")}
              </span>
            ) : (
              <button type="button" className="button button--ghost" onClick={() => void client.trySpeak()} data-testid="try-speak">
                {t("teaching.ui.watch.trySpeak")}
              </button>
            )
          ) : null}
          <button type="button" className="button button--ghost" onClick={() => client.leave()} data-testid="leave">
            {t("video.room.leave")}
          </button>
        </div>
      </div>
      {state.role === "HOST" ? (
        <aside className="card video-side" aria-labelledby="audience-h">
          <h2 id="audience-h">{t("teaching.ui.watch.audience")}</h2>
          {viewers.length === 0 ? <p className="muted">{t("teaching.ui.watch.noAudience")}</p> : null}
          <ul className="teaching-audience" data-testid="audience">
            {viewers.map((viewer) => (
              <li key={viewer.userId}>
                <span>
                  {viewer.displayName}
                  {viewer.floor ? <span className="video-badge">{t("teaching.ui.watch.hasFloor")}</span> : null}
                </span>
                {viewer.floor ? (
                  <button type="button" className="button button--ghost" onClick={() => void act(() => client.request("floor:revoke"))} data-testid={`take-floor-${viewer.userId}`}>
                    {t("teaching.ui.watch.takeFloor")}
                  </button>
                ) : (
                  <span className="video-list__actions">
                    <button type="button" className="button button--ghost" onClick={() => void act(() => client.request("floor:grant", { userId: viewer.userId, video: false }))} data-testid={`give-floor-${viewer.userId}`}>
                      {t("teaching.ui.watch.giveFloor")}
                    </button>
                    <button type="button" className="button button--ghost" onClick={() => void act(() => client.request("floor:grant", { userId: viewer.userId, video: true }))}>
                      {t("teaching.ui.watch.giveFloorVideo")}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </div>
  );
}
