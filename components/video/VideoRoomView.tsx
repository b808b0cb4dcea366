"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import type { RecordPanelData } from "@/server/video/recordPanel";
import { AnnotationStage } from "./AnnotationStage";
import { ConfirmButton } from "./ConfirmButton";
import type { MediaClient } from "./mediaClient";
import { SidePanel } from "./SidePanel";
import { Tile } from "./Tile";
import { useRoomState } from "./useRoomState";

function beep(): void {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = 880;
  gain.gain.value = 0.08;
  oscillator.connect(gain).connect(context.destination);
  oscillator.start();
  oscillator.stop(context.currentTime + 0.25);
  oscillator.onended = () => void context.close();
}

export function VideoRoomView({
  client,
  roomId,
  title,
  record,
  consultationId = null,
  guest = false,
  smsEnabled = false,
}: {
  client: MediaClient;
  roomId: string;
  title: string;
  record: RecordPanelData | null;
  consultationId?: string | null;
  /** A guest by link: the call only (no record, no way into the portal afterwards). */
  guest?: boolean;
  /** The hospital has an SMS gateway: a host may text a guest their link. */
  smsEnabled?: boolean;
}) {
  const { t } = useI18n();
  const state = useRoomState(client);
  const [speaker, setSpeaker] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const waitingCount = useRef(0);

  useEffect(() => {
    if (state.role === "HOST" && state.waiting.length > waitingCount.current) beep();
    waitingCount.current = state.waiting.length;
  }, [state.waiting.length, state.role]);

  // Active speaker from the receivers' audio levels; own quality reported for everyone's badge.
  useEffect(() => {
    if (state.phase !== "joined") return;
    const timer = setInterval(() => {
      void client.inboundStats().then((rows) => {
        const loudest = rows.filter((row) => row.kind === "audio" && row.audioLevel > 0.02).sort((a, b) => b.audioLevel - a.audioLevel)[0];
        setSpeaker(loudest?.userId ?? null);
      });
    }, 1_000);
    const qualityTimer = setInterval(() => {
      void client.sendQuality().then((level) => {
        if (level) client.request("stats:quality", { level }).catch(() => undefined);
      });
    }, 4_000);
    return () => {
      clearInterval(timer);
      clearInterval(qualityTimer);
    };
  }, [client, state.phase]);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await action();
    } catch (error) {
      setActionError(error instanceof Error && error.message ? error.message : t("video.error.internal"));
    } finally {
      setBusy(false);
    }
  };

  const onFirstFrame = useCallback(() => client.noteRemoteFrame(), [client]);

  if (state.phase === "ended" && guest) {
    return (
      <section className="card video-ended" role="status" data-testid="video-ended">
        <h2>{t("video.guest.call.endedTitle")}</h2>
        {state.notice ? <p>{state.notice}</p> : null}
        <p>{t("video.guest.call.endedText")}</p>
      </section>
    );
  }
  if (state.phase === "ended") {
    return (
      <section className="card video-ended" role="status" data-testid="video-ended">
        <h2>{t("video.room.leftTitle")}</h2>
        <p>{state.notice ?? t("video.room.leftText")}</p>
        <p className="video-ended__actions">
          {consultationId ? (
            <a className="button button--primary" href={`/consultations/${consultationId}`} data-testid="back-to-consultation">
              {t("video.room.backToConsultation")}
            </a>
          ) : null}
          <a className={consultationId ? "button button--ghost" : "button button--primary"} href="/video">
            {t("video.room.backToList")}
          </a>
          <a className="button button--ghost" href={`/video/${roomId}/record`} data-testid="view-record">
            {t("video.room.viewRecord")}
          </a>
        </p>
      </section>
    );
  }
  if (state.phase === "connecting" || state.phase === "waiting") {
    return (
      <section className="card video-waiting" role="status" aria-live="polite" data-testid={`video-${state.phase}`}>
        <h2>{state.phase === "waiting" ? t("video.lobby.waitingTitle") : t("video.room.connecting")}</h2>
        <p>{state.phase === "waiting" ? t("video.lobby.waitingText") : t("video.room.connectingText")}</p>
        <button type="button" className="button button--ghost" onClick={() => client.leave()}>
          {t("video.room.leave")}
        </button>
      </section>
    );
  }

  const others = state.participants.filter((participant) => participant.userId !== state.userId && participant.state === "joined");
  const screens = state.remote.filter((stream) => stream.source === "screen");
  const selfTrack = client.localVideoTrack();
  const me = state.participants.find((participant) => participant.userId === state.userId);

  return (
    <div className="video-room" data-testid="video-room" data-phase={state.phase}>
      <div className="video-room__main">
        <header className="video-room__header">
          <h1>{title}</h1>
          {guest ? <p className="muted">{t("video.guest.call.privacy")}</p> : null}
          {state.phase === "reconnecting" ? (
            <p className="notice notice--info" role="status" data-testid="video-reconnecting">
              {t("video.room.reconnecting")}
            </p>
          ) : null}
          {state.notice ? (
            <p className="notice notice--info" role="status">
              {state.notice}
            </p>
          ) : null}
          {actionError ? (
            <p className="notice notice--error" role="alert">
              {actionError}
            </p>
          ) : null}
        </header>
        {screens.length > 0 || state.screenOn || state.frozenFrame ? (
          <AnnotationStage client={client} roomId={roomId} screenTrack={screens[0]?.track ?? client.screenTrack()} state={state} canSave={!guest} />
        ) : null}
        <div className="video-grid" data-count={others.length + 1}>
          <Tile name={me?.displayName ?? ""} self videoTrack={state.cameraOn ? selfTrack : null} muted={!state.micOn} cameraOff={!state.cameraOn} speaking={false} quality={me?.quality ?? null} testId="tile-self" />
          {others.map((participant) => {
            const streams = state.remote.filter((stream) => stream.userId === participant.userId);
            const camera = streams.find((stream) => stream.source === "camera");
            const mic = streams.find((stream) => stream.source === "mic");
            return (
              <Tile
                key={participant.userId}
                name={participant.displayName}
                videoTrack={camera?.track ?? null}
                audioTrack={mic?.track ?? null}
                muted={!mic || mic.paused}
                cameraOff={!camera || camera.paused}
                speaking={speaker === participant.userId}
                quality={participant.quality}
                testId={`tile-${participant.userId}`}
                onFirstFrame={onFirstFrame}
              />
            );
          })}
        </div>
        <div className="video-toolbar" role="toolbar" aria-label={t("video.room.controls")}>
          <button type="button" className="button button--ghost" aria-pressed={!state.micOn} disabled={busy} onClick={() => void act(() => client.setMic(!state.micOn))} data-testid="toggle-mic">
            {state.micOn ? t("video.room.mute") : t("video.room.unmute")}
          </button>
          <button type="button" className="button button--ghost" aria-pressed={!state.cameraOn} disabled={busy} onClick={() => void act(() => client.setCamera(!state.cameraOn))} data-testid="toggle-camera">
            {state.cameraOn ? t("video.room.cameraOff") : t("video.room.cameraOn")}
          </button>
          <button type="button" className="button button--ghost" aria-pressed={state.screenOn} disabled={busy || state.phase !== "joined"} onClick={() => void act(() => (state.screenOn ? client.stopScreenShare() : client.startScreenShare()))} data-testid="toggle-screen">
            {state.screenOn ? t("video.room.stopShare") : t("video.room.share")}
          </button>
          <button type="button" className="button button--ghost" onClick={() => client.leave()} data-testid="leave">
            {t("video.room.leave")}
          </button>
          {state.role === "HOST" ? (
            <ConfirmButton
              className="button button--danger"
              label={t("video.host.endForAll")}
              question={t(consultationId ? "video.host.endConsultationQuestion" : "video.host.endForAllQuestion")}
              confirmLabel={t("video.host.endForAllConfirm")}
              onConfirm={() => void act(async () => {
                // A consultation's call answers where the host goes next: the opinion step.
                const { next } = await client.request<{ next?: string }>("host:end");
                client.leave(t("video.host.endedForAllDone"));
                if (next) window.location.assign(next);
              })}
              testId="end-for-all"
            />
          ) : null}
        </div>
      </div>
      <SidePanel client={client} state={state} record={record} onError={setActionError} guest={guest} smsEnabled={smsEnabled} />
    </div>
  );
}
