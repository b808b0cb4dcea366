"use client";

import QRCode from "qrcode";
import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi, errorText } from "./api";

interface QrCodes {
  dynamic: { code: string; expiresAt: string };
  static: string;
  validitySeconds: number;
  serverTime: string;
}

// Refresh this long before expiry so a scan at the last second still succeeds.
const REFRESH_MARGIN_MS = 5_000;

export function QrCard() {
  const { t } = useI18n();
  const [codes, setCodes] = useState<QrCodes | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const [mode, setMode] = useState<"dynamic" | "static">("dynamic");
  const [remaining, setRemaining] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // Server clock minus browser clock: phones are often a few seconds off.
  const skew = useRef(0);

  const load = useCallback(
    () =>
      callApi<QrCodes>("/api/health-card/qr").then(
        (fresh) => {
          skew.current = new Date(fresh.serverTime).getTime() - Date.now();
          setCodes(fresh);
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          setError(errorText(e, t));
          setLoading(false);
        },
      ),
    [t],
  );
  const refresh = () => {
    setLoading(true);
    void load();
  };

  useEffect(() => {
    void load();
  }, [load]);

  const text = codes ? (mode === "dynamic" ? codes.dynamic.code : codes.static) : null;
  useEffect(() => {
    if (!text) return;
    let cancelled = false;
    void QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 2, width: 280 }).then((url) => {
      if (!cancelled) setImage(url);
    });
    return () => {
      cancelled = true;
    };
  }, [text]);

  useEffect(() => {
    if (!codes || mode !== "dynamic") return;
    const expiresAt = new Date(codes.dynamic.expiresAt).getTime();
    const tick = () => {
      const left = expiresAt - (Date.now() + skew.current);
      setRemaining(Math.max(0, Math.ceil(left / 1000)));
      if (left <= REFRESH_MARGIN_MS) void load();
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [codes, mode, load]);

  return (
    <section className="card stack qr-card" aria-labelledby="qr-heading">
      <h2 id="qr-heading">{t("healthCard.ui.card.qrHeading")}</h2>
      <div role="radiogroup" aria-label={t("healthCard.ui.card.qrKind")} className="segmented">
        {(["dynamic", "static"] as const).map((kind) => (
          <button key={kind} type="button" role="radio" aria-checked={mode === kind} className={`button ${mode === kind ? "button--primary" : "button--ghost"}`} onClick={() => setMode(kind)}>
            {t(`healthCard.ui.card.${kind}`)}
          </button>
        ))}
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {image && text ? (
        <img src={image} data-testid="qr-image" data-code={text} width={280} height={280} alt={t("healthCard.ui.card.qrAlt")} className="qr-image" />
      ) : (
        <p className="muted" role="status">{t("healthCard.ui.loading")}</p>
      )}
      {mode === "dynamic" && codes ? (
        <div className="stack">
          <p aria-live="polite" data-testid="qr-countdown">
            {t("healthCard.ui.card.countdown", { seconds: remaining })}
          </p>
          <progress max={codes.validitySeconds} value={remaining} aria-label={t("healthCard.ui.card.validity")} />
          <p className="field__hint">{t("healthCard.ui.card.dynamicHint")}</p>
        </div>
      ) : (
        <p className="field__hint">{t("healthCard.ui.card.staticHint")}</p>
      )}
      <button type="button" className="button button--ghost" onClick={refresh} disabled={loading} aria-busy={loading}>
        {t("healthCard.ui.card.refresh")}
      </button>
    </section>
  );
}
