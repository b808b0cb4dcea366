"use client";

import { useEffect, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ConnectivityTest } from "./ConnectivityTest";

interface Props {
  roomId: string;
  onJoin: (stream: MediaStream, options: { micOn: boolean; cameraOn: boolean }) => void;
  /** Joining starts the consultation's session (the host of a scheduled one): asked first. */
  startsSession?: boolean;
}

/** Choose camera and microphone, see yourself, watch the level meter, then join. */
export function PreJoin({ roomId, onJoin, startsSession = false }: Props) {
  const { t } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState<string>("");
  const [micId, setMicId] = useState<string>("");
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [micOn, setMicOn] = useState(true);
  const [cameraOn, setCameraOn] = useState(true);
  const handedOver = useRef(false);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let acquired: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({
        audio: micId ? { deviceId: { exact: micId } } : true,
        video: cameraId ? { deviceId: { exact: cameraId }, width: 1280, height: 720 } : { width: 1280, height: 720 },
      })
      .then(async (media) => {
        if (cancelled) {
          for (const track of media.getTracks()) track.stop();
          return;
        }
        acquired = media;
        setStream(media);
        setError(null);
        setDevices(await navigator.mediaDevices.enumerateDevices());
      })
      .catch((cause: Error) => setError(cause.name === "NotAllowedError" ? t("video.prejoin.permissionDenied") : t("video.prejoin.noDevice")));
    return () => {
      cancelled = true;
      // Tracks handed to the room are stopped by the room; only an abandoned preview is stopped here.
      if (acquired && !handedOver.current) for (const track of acquired.getTracks()) track.stop();
    };
  }, [cameraId, micId, t]);

  useEffect(() => {
    if (videoRef.current && stream) videoRef.current.srcObject = stream;
    if (!stream || stream.getAudioTracks().length === 0) return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128) / 128);
      setLevel(Math.min(1, peak * 1.5));
    }, 100);
    return () => {
      clearInterval(timer);
      void context.close();
    };
  }, [stream]);

  const cameras = devices.filter((device) => device.kind === "videoinput");
  const mics = devices.filter((device) => device.kind === "audioinput");

  const join = () => {
    if (!stream) return;
    handedOver.current = true;
    for (const track of stream.getAudioTracks()) track.enabled = micOn;
    for (const track of stream.getVideoTracks()) track.enabled = cameraOn;
    onJoin(stream, { micOn, cameraOn });
  };

  return (
    <section className="card video-prejoin" aria-labelledby="prejoin-title">
      <h2 id="prejoin-title">{t("video.prejoin.title")}</h2>
      <div className="video-prejoin__grid">
        <div>
          <video ref={videoRef} className="video-prejoin__preview" autoPlay playsInline muted aria-label={t("video.prejoin.preview")} />
          <label className="video-meter" htmlFor="mic-level">
            {t("video.prejoin.micLevel")}
            <meter id="mic-level" min={0} max={1} low={0.05} high={0.9} optimum={0.4} value={level} data-testid="mic-level" />
          </label>
        </div>
        <div className="form">
          {error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="camera-select">{t("video.prejoin.camera")}</label>
            <select id="camera-select" value={cameraId} onChange={(event) => setCameraId(event.target.value)}>
              <option value="">{t("video.prejoin.defaultDevice")}</option>
              {cameras.map((device, index) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label || `${t("video.prejoin.camera")} ${index + 1}`}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="mic-select">{t("video.prejoin.microphone")}</label>
            <select id="mic-select" value={micId} onChange={(event) => setMicId(event.target.value)}>
              <option value="">{t("video.prejoin.defaultDevice")}</option>
              {mics.map((device, index) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label || `${t("video.prejoin.microphone")} ${index + 1}`}
                </option>
              ))}
            </select>
          </div>
          <label className="video-check">
            <input type="checkbox" checked={micOn} onChange={(event) => setMicOn(event.target.checked)} /> {t("video.prejoin.joinWithMic")}
          </label>
          <label className="video-check">
            <input type="checkbox" checked={cameraOn} onChange={(event) => setCameraOn(event.target.checked)} /> {t("video.prejoin.joinWithCamera")}
          </label>
          <ConnectivityTest roomId={roomId} />
          {startsSession ? <p className="muted" id="join-starts-session">{t("video.prejoin.startsSessionHint")}</p> : null}
          <button
            type="button"
            className="button button--primary"
            onClick={startsSession ? () => setConfirming(true) : join}
            disabled={!stream}
            aria-describedby={startsSession ? "join-starts-session" : undefined}
            data-testid="join-button"
          >
            {stream ? t(startsSession ? "video.prejoin.joinAndStart" : "video.prejoin.join") : t("video.prejoin.preparing")}
          </button>
          <ConfirmDialog
            open={confirming}
            title={t("video.prejoin.startQuestion")}
            confirmLabel={t("video.prejoin.startConfirm")}
            cancelLabel={t("video.prejoin.startCancel")}
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              join();
            }}
          >
            <p>{t("video.prejoin.startText")}</p>
          </ConfirmDialog>
        </div>
      </div>
    </section>
  );
}
