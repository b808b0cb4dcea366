"use client";

import { useEffect, useRef, useState, type PointerEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import type { Annotation } from "@/server/video/protocol";
import { CANVAS_WIDTH, canvasSize, pictureBox } from "./annotationGeometry";
import type { MediaClient, RoomState } from "./mediaClient";

type Stroke = Extract<Annotation, { type: "stroke" }>;
const PEN_COLOR = "#e8590c";

function drawStrokes(canvas: HTMLCanvasElement, strokes: Stroke[]): void {
  const context = canvas.getContext("2d");
  if (!context) return;
  context.clearRect(0, 0, canvas.width, canvas.height);
  for (const stroke of strokes) {
    context.strokeStyle = stroke.color;
    context.lineWidth = stroke.width * (canvas.width / CANVAS_WIDTH);
    context.lineCap = "round";
    context.lineJoin = "round";
    context.beginPath();
    stroke.points.forEach(([x, y], index) => (index === 0 ? context.moveTo(x * canvas.width, y * canvas.height) : context.lineTo(x * canvas.width, y * canvas.height)));
    context.stroke();
  }
}

/** The shared screen (or a frozen frame) with pen and pointer annotations everyone sees live. */
export function AnnotationStage({ client, roomId, screenTrack, state, canSave = true }: { client: MediaClient; roomId: string; screenTrack: MediaStreamTrack | null; state: RoomState; canSave?: boolean }) {
  const { t } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [tool, setTool] = useState<"pen" | "pointer">("pen");
  const [drawing, setDrawing] = useState<[number, number][] | null>(null);
  const [saveState, setSaveState] = useState<"idle" | "saving" | "saved" | "error">("idle");
  const [picture, setPicture] = useState<[number, number]>([0, 0]);
  const lastPointer = useRef(0);
  const strokes = state.annotations.filter((annotation): annotation is Stroke => annotation.type === "stroke");
  const frozen = Boolean(state.frozenFrame);
  const box = pictureBox(...picture);
  const size = canvasSize(...picture);

  // Unfreezing mounts a new <video>: it needs the stream again.
  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = screenTrack ? new MediaStream([screenTrack]) : null;
  }, [screenTrack, frozen]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const live: Stroke[] = drawing ? [{ type: "stroke", id: "live", color: PEN_COLOR, width: 4, points: drawing }] : [];
    drawStrokes(canvas, [...strokes, ...live]);
  }, [strokes, drawing]);

  const position = (event: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const box = event.currentTarget.getBoundingClientRect();
    return [Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)), Math.min(1, Math.max(0, (event.clientY - box.top) / box.height))];
  };
  const send = (annotation: Annotation) => {
    client.applyAnnotation(annotation);
    client.request("annotate", annotation).catch(() => undefined);
  };

  const frameImage = (type: "image/jpeg" | "image/png"): string | null => {
    const video = videoRef.current;
    const canvas = document.createElement("canvas");
    const source = state.frozenFrame ? document.querySelector<HTMLImageElement>("[data-frozen-frame]") : video;
    const width = source instanceof HTMLVideoElement ? source.videoWidth : (source?.naturalWidth ?? 0);
    const height = source instanceof HTMLVideoElement ? source.videoHeight : (source?.naturalHeight ?? 0);
    if (!source || !width || !height) return null;
    const scale = Math.min(1, 1280 / width);
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext("2d")?.drawImage(source, 0, 0, canvas.width, canvas.height);
    if (type === "image/png") {
      const overlay = document.createElement("canvas");
      overlay.width = canvas.width;
      overlay.height = canvas.height;
      drawStrokes(overlay, strokes);
      canvas.getContext("2d")?.drawImage(overlay, 0, 0);
    }
    return canvas.toDataURL(type, 0.75);
  };

  const saveSnapshot = async () => {
    const image = frameImage("image/png");
    if (!image) return;
    setSaveState("saving");
    const response = await fetch(`/api/video/rooms/${roomId}/snapshots`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ image, annotations: strokes.map(({ type, id, color, width, points }) => ({ type, id, color, width, points })) }),
    }).catch(() => null);
    setSaveState(response?.ok ? "saved" : "error");
  };

  return (
    <section className="video-stage" aria-label={t("video.annotate.stage")} data-testid="screen-stage">
      <div className="video-stage__surface">
        {state.frozenFrame ? (
          <img
            data-frozen-frame
            src={state.frozenFrame}
            alt={t("video.annotate.frozenAlt")}
            className="video-stage__media"
            onLoad={(event) => setPicture([event.currentTarget.naturalWidth, event.currentTarget.naturalHeight])}
          />
        ) : (
          <video
            ref={videoRef}
            autoPlay
            playsInline
            muted
            className="video-stage__media"
            data-testid="screen-video"
            onLoadedMetadata={(event) => setPicture([event.currentTarget.videoWidth, event.currentTarget.videoHeight])}
            onResize={(event) => setPicture([event.currentTarget.videoWidth, event.currentTarget.videoHeight])}
          />
        )}
        <div className="video-stage__overlay" style={{ left: `${box.left}%`, top: `${box.top}%`, width: `${box.width}%`, height: `${box.height}%` }}>
          <canvas
            ref={canvasRef}
            width={size.width}
            height={size.height}
            className={`video-stage__canvas video-stage__canvas--${tool}`}
            aria-label={t("video.annotate.canvas")}
            data-testid="annotation-canvas"
            data-stroke-count={strokes.length}
            onPointerDown={(event) => {
              if (tool !== "pen") return;
              event.currentTarget.setPointerCapture(event.pointerId);
              setDrawing([position(event)]);
            }}
            onPointerMove={(event) => {
              // Functional update: on a busy machine several moves arrive before the next render.
              if (tool === "pen" && drawing) {
                const point = position(event);
                setDrawing((current) => (current ? [...current, point] : current));
              }
              if (tool === "pointer" && performance.now() - lastPointer.current > 60) {
                lastPointer.current = performance.now();
                const [x, y] = position(event);
                client.request("annotate", { type: "pointer", x, y }).catch(() => undefined);
              }
            }}
            onPointerUp={() => {
              if (drawing && drawing.length > 0) send({ type: "stroke", id: crypto.randomUUID(), color: PEN_COLOR, width: 4, points: drawing.slice(0, 2000) });
              setDrawing(null);
            }}
          />
          <span className="visually-hidden" role="status">
            {t("video.annotate.strokes", { count: strokes.length })}
          </span>
          {state.pointer ? (
            <span className="video-stage__pointer" style={{ left: `${state.pointer.x * 100}%`, top: `${state.pointer.y * 100}%` }} aria-hidden="true" title={state.pointer.displayName} />
          ) : null}
        </div>
      </div>
      <div className="video-toolbar" role="toolbar" aria-label={t("video.annotate.tools")}>
        <button type="button" className="button button--ghost" aria-pressed={tool === "pen"} onClick={() => setTool("pen")}>
          {t("video.annotate.pen")}
        </button>
        <button type="button" className="button button--ghost" aria-pressed={tool === "pointer"} onClick={() => setTool("pointer")}>
          {t("video.annotate.pointer")}
        </button>
        {state.frozenFrame ? (
          <button type="button" className="button button--ghost" onClick={() => send({ type: "unfreeze" })} data-testid="unfreeze-frame">
            {t("video.annotate.unfreeze")}
          </button>
        ) : (
          <button
            type="button"
            className="button button--ghost"
            data-testid="freeze-frame"
            onClick={() => {
              const image = frameImage("image/jpeg");
              if (image) send({ type: "freeze", image });
            }}
          >
            {t("video.annotate.freeze")}
          </button>
        )}
        <button type="button" className="button button--ghost" onClick={() => send({ type: "clear" })}>
          {t("video.annotate.clear")}
        </button>
        {/* Snapshots go to the room's record, which a guest by link does not reach (room.record). */}
        {canSave ? (
          <button type="button" className="button button--primary" onClick={() => void saveSnapshot()} disabled={saveState === "saving"} data-testid="save-snapshot">
            {t("video.annotate.save")}
          </button>
        ) : null}
        {saveState === "saved" || saveState === "error" ? (
          <span role="status" className={saveState === "error" ? "notice notice--error" : "muted"} data-testid="snapshot-status">
            {t(saveState === "saved" ? "video.annotate.saved" : "video.annotate.saveFailed")}{" "}
            {saveState === "saved" ? (
              <a href={`/video/${roomId}/record`} target="_blank" rel="noreferrer">
                {t("video.room.viewRecord")}
              </a>
            ) : null}
          </span>
        ) : null}
      </div>
    </section>
  );
}
