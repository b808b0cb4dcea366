"use client";

import { useEffect, useRef } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

interface Props {
  name: string;
  videoTrack: MediaStreamTrack | null;
  audioTrack?: MediaStreamTrack | null;
  muted: boolean;
  cameraOff: boolean;
  speaking: boolean;
  quality: "good" | "fair" | "poor" | null;
  self?: boolean;
  testId?: string;
  onFirstFrame?: () => void;
}

export function Tile({ name, videoTrack, audioTrack, muted, cameraOff, speaking, quality, self, testId, onFirstFrame }: Props) {
  const { t } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const audioRef = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = videoTrack ? new MediaStream([videoTrack]) : null;
    if (videoTrack && onFirstFrame && "requestVideoFrameCallback" in video) video.requestVideoFrameCallback(() => onFirstFrame());
  }, [videoTrack, onFirstFrame]);

  useEffect(() => {
    if (audioRef.current) audioRef.current.srcObject = audioTrack ? new MediaStream([audioTrack]) : null;
  }, [audioTrack]);

  return (
    <figure className={`video-tile${speaking ? " video-tile--speaking" : ""}`} data-testid={testId} aria-label={name}>
      <video ref={videoRef} autoPlay playsInline muted className={cameraOff ? "video-tile__video video-tile__video--off" : "video-tile__video"} />
      {audioTrack ? <audio ref={audioRef} autoPlay /> : null}
      {cameraOff ? <div className="video-tile__placeholder" aria-hidden="true">{name.slice(0, 1)}</div> : null}
      <figcaption className="video-tile__caption">
        <span>{self ? t("video.room.you", { name }) : name}</span>
        {muted ? <span className="video-badge video-badge--muted" data-testid="muted-badge">{t("video.room.muted")}</span> : null}
        {speaking ? <span className="video-badge">{t("video.room.speaking")}</span> : null}
        {quality ? <span className={`video-badge video-badge--${quality}`} data-testid="quality-badge">{t(`video.quality.${quality}`)}</span> : null}
      </figcaption>
    </figure>
  );
}
