"use client";

import QRCode from "qrcode";
import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { PendingButton } from "@/components/ui/PendingButton";
import { callApi, errorText } from "./api";

interface QrCodes {
  dynamic: { code: string; expiresAt: string };
  static: string;
  validitySeconds: number;
  serverTime: string;
}

// Refresh this long before expiry so a scan at the last second still succeeds.
const REFRESH_MARGIN_MS = 5_000;

const secondsLeft = (expiresAt: string, now: number) => Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 1000));

/** The card's QR codes; `source` names whose (the patient's own by default, a family member's they manage otherwise). */
export function QrCard({ source = "/api/health-card/qr" }: { source?: string }) {
  const { t } = useI18n();
  const [codes, setCodes] = useState<QrCodes | null>(null);
  // The image with the text it encodes, so data-code never describes a picture not yet drawn.
  const [image, setImage] = useState<{ url: string; text: string } | null>(null);
  const [mode, setMode] = useState<"dynamic" | "static">("dynamic");
  const [remaining, setRemaining] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // Server clock minus browser clock: phones are often a few seconds off.
  const skew = useRef(0);
  // One request at a time: on a slow network the once-a-second tick would otherwise pile them up.
  const inFlight = useRef(false);

  const load = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    void callApi<QrCodes>(source)
      .then(
        (fresh) => {
          const serverNow = new Date(fresh.serverTime).getTime();
          skew.current = serverNow - Date.now();
          setCodes(fresh);
          setRemaining(secondsLeft(fresh.dynamic.expiresAt, serverNow));
          setError(null);
        },
        (e: unknown) => setError(errorText(e, t)),
      )
      .finally(() => {
        inFlight.current = false;
        setLoading(false);
      });
  }, [t, source]);
  const refresh = () => {
    setLoading(true);
    load();
  };

  useEffect(() => {
    load();
  }, [load]);

  const text = codes ? (mode === "dynamic" ? codes.dynamic.code : codes.static) : null;
  useEffect(() => {
    if (!text) return;
    let cancelled = false;
    void QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 2, width: 280 }).then((url) => {
      if (!cancelled) setImage({ url, text });
    });
    return () => {
      cancelled = true;
    };
  }, [text]);

  useEffect(() => {
    if (!codes || mode !== "dynamic") return;
    const tick = () => {
      const now = Date.now() + skew.current;
      setRemaining(secondsLeft(codes.dynamic.expiresAt, now));
      if (new Date(codes.dynamic.expiresAt).getTime() - now <= REFRESH_MARGIN_MS) load();
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [codes, mode, load]);

  const expired = mode === "dynamic" && codes !== null && remaining === 0;
  return (
    <section className="card stack qr-card" aria-labelledby="qr-heading" data-testid="qr-card">
      <h2 id="qr-heading">{t("healthCard.ui.card.qrHeading")}</h2>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {image && image.text === text ? (
        <img src={image.url} data-testid="qr-image" data-code={image.text} data-expired={expired} width={280} height={280} alt={t("healthCard.ui.card.qrAlt")} className="qr-image" />
      ) : (
        <div className="qr-image qr-placeholder" role="status" data-testid="qr-placeholder">
          {loading ? t("healthCard.ui.card.preparing") : null}
        </div>
      )}
      {mode === "dynamic" && codes ? (
        <div className="qr-validity">
          {expired ? (
            <p role="status" className="qr-expired" data-testid="qr-countdown">
              {t(error ? "healthCard.ui.card.expiredOffline" : "healthCard.ui.card.expired")}
            </p>
          ) : (
            <p data-testid="qr-countdown">{t("healthCard.ui.card.countdown", { seconds: remaining })}</p>
          )}
          <progress max={codes.validitySeconds} value={remaining} aria-label={t("healthCard.ui.card.validity")} />
          <p className="field__hint">{t("healthCard.ui.card.dynamicHint")}</p>
        </div>
      ) : (
        <p className="field__hint">{t("healthCard.ui.card.staticHint")}</p>
      )}
      <div role="radiogroup" aria-label={t("healthCard.ui.card.qrKind")} className="segmented">
        {(["dynamic", "static"] as const).map((kind) => (
          <button key={kind} type="button" role="radio" aria-checked={mode === kind} className={`button ${mode === kind ? "button--primary" : "button--ghost"}`} onClick={() => setMode(kind)}>
            {t(`healthCard.ui.card.${kind}`)}
          </button>
        ))}
      </div>
      <PendingButton className="button button--ghost" onClick={refresh} pending={loading} pendingLabel={t("healthCard.ui.card.refreshing")}>
        {t("healthCard.ui.card.refresh")}
      </PendingButton>
    </section>
  );
}
