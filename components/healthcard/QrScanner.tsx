"use client";

import jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

/** Reads a QR code from the browser camera (getUserMedia + jsQR); calls onCode once. */
export function QrScanner({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const supported = typeof navigator !== "undefined" && Boolean(navigator.mediaDevices?.getUserMedia);
  const [denied, setDenied] = useState(false);
  const error = !supported ? t("healthCard.ui.scan.unsupported") : denied ? t("healthCard.ui.scan.denied") : null;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let frame = 0;
    let done = false;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const scan = () => {
      const element = video.current;
      if (done || !element || !context) return;
      if (element.readyState >= 2 && element.videoWidth > 0) {
        canvas.width = element.videoWidth;
        canvas.height = element.videoHeight;
        context.drawImage(element, 0, 0);
        const found = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, { inversionAttempts: "dontInvert" });
        if (found?.data) {
          done = true;
          onCode(found.data);
          return;
        }
      }
      frame = requestAnimationFrame(scan);
    };
    if (!navigator.mediaDevices?.getUserMedia) return;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then((media) => {
        stream = media;
        if (video.current) {
          video.current.srcObject = media;
          void video.current.play().catch(() => undefined);
        }
        frame = requestAnimationFrame(scan);
      })
      .catch(() => setDenied(true));
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [onCode]);

  return (
    <div className="card stack" aria-live="polite">
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : (
        <>
          <p>{t("healthCard.ui.scan.instructions")}</p>
          <video ref={video} muted playsInline className="scanner-video" aria-label={t("healthCard.ui.scan.camera")} />
        </>
      )}
      <button type="button" className="button button--ghost" onClick={onClose}>
        {t("healthCard.ui.scan.close")}
      </button>
    </div>
  );
}
