"use client";

import QRCode from "qrcode";
import { useEffect, useState, type FormEvent } from "react";
import { formatDateTime } from "@/components/consultation/format";
import { callApi, errorText } from "@/components/healthcard/api";
import { useI18n } from "@/components/i18n/I18nProvider";
import { Badge } from "@/components/ui/Badge";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { PendingButton } from "@/components/ui/PendingButton";

export type DeviceKindOption = "BLOOD_PRESSURE_MONITOR" | "GLUCOMETER" | "HEART_RATE_BAND";

export interface DeviceItem {
  id: string;
  kind: DeviceKindOption;
  label: string;
  tokenHint: string;
  pairedAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

const KINDS: readonly DeviceKindOption[] = ["BLOOD_PRESSURE_MONITOR", "GLUCOMETER", "HEART_RATE_BAND"];

/** What the QR code carries: where to send readings and the token, for a gateway app to scan. */
function pairingText(endpoint: string, token: string): string {
  return JSON.stringify({ endpoint, token });
}

/**
 * The resident's home devices: pair one (its token shown once, as text and a QR code a gateway
 * app can scan), see each device's last upload, revoke one after confirming.
 */
export function DevicesManager({ residentId, endpoint, initial }: { residentId: string; endpoint: string; initial: DeviceItem[] }) {
  const { t, locale } = useI18n();
  const [devices, setDevices] = useState(initial);
  const [paired, setPaired] = useState<{ label: string; token: string } | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [labelError, setLabelError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [revoking, setRevoking] = useState<DeviceItem | null>(null);
  const [revokePending, setRevokePending] = useState(false);

  useEffect(() => {
    if (!paired) return;
    let cancelled = false;
    void QRCode.toDataURL(pairingText(endpoint, paired.token), { errorCorrectionLevel: "M", margin: 2, width: 240 }).then((url) => {
      if (!cancelled) setQr(url);
    });
    return () => {
      cancelled = true;
    };
  }, [paired, endpoint]);

  async function reload() {
    const result = await callApi<{ devices: DeviceItem[] }>(`/api/record/devices?resident=${residentId}`);
    setDevices(result.devices);
  }

  async function onPair(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const label = String(data.get("label") ?? "").trim();
    if (!label) {
      setLabelError(t("vitals.devices.labelRequired"));
      return;
    }
    setLabelError(null);
    setPending(true);
    setError(null);
    setQr(null);
    try {
      const result = await callApi<{ device: DeviceItem; token: string }>("/api/record/devices", { method: "POST", json: { residentId, kind: String(data.get("kind")), label } });
      setPaired({ label: result.device.label, token: result.token });
      form.reset();
      await reload();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setPending(false);
    }
  }

  async function revoke(device: DeviceItem) {
    setRevokePending(true);
    setError(null);
    try {
      await callApi(`/api/record/devices/${device.id}/revoke`, { method: "POST" });
      setRevoking(null);
      await reload();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setRevokePending(false);
    }
  }

  return (
    <div className="stack">
      <form className="form card vitals-form" onSubmit={onPair} noValidate aria-labelledby="pair-heading">
        <h2 id="pair-heading">{t("vitals.devices.pairHeading")}</h2>
        <div className="field">
          <label htmlFor="device-kind">{t("vitals.devices.kind")}</label>
          <select id="device-kind" name="kind" defaultValue="BLOOD_PRESSURE_MONITOR">
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`vitals.deviceKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="device-label">{t("vitals.devices.label")}</label>
          <input id="device-label" name="label" maxLength={100} autoComplete="off" aria-invalid={labelError ? true : undefined} aria-describedby={labelError ? "device-label-error" : "device-label-hint"} />
          {labelError ? (
            <span id="device-label-error" className="field__error" role="alert">
              {labelError}
            </span>
          ) : (
            <span id="device-label-hint" className="field__hint">
              {t("vitals.devices.labelHint")}
            </span>
          )}
        </div>
        <PendingButton type="submit" className="button button--primary button--block" pending={pending} pendingLabel={t("vitals.devices.pairing")}>
          {t("vitals.devices.pair")}
        </PendingButton>
      </form>

      {paired ? (
        <section className="card stack notice notice--info device-token" role="status" aria-labelledby="token-heading">
          <h2 id="token-heading">{t("vitals.devices.tokenHeading", { label: paired.label })}</h2>
          <p>{t("vitals.devices.tokenOnce")}</p>
          {qr ? <img className="device-token__qr" src={qr} width={240} height={240} alt={t("vitals.devices.qrAlt", { label: paired.label })} /> : <p className="muted">{t("vitals.devices.qrDrawing")}</p>}
          <dl className="device-token__facts">
            <dt>{t("vitals.devices.token")}</dt>
            <dd>
              <code data-testid="device-token">
                {paired.token}
              </code>
            </dd>
            <dt>{t("vitals.devices.endpoint")}</dt>
            <dd>
              <code data-testid="device-endpoint">
                POST {endpoint}
              </code>
            </dd>
          </dl>
          <div className="device-token__actions">
            <button type="button" className="button button--ghost" onClick={() => void navigator.clipboard?.writeText(paired.token)}>
              {t("vitals.devices.copy")}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setPaired(null)}>
              {t("vitals.devices.tokenDone")}
            </button>
          </div>
        </section>
      ) : null}

      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}

      <section className="stack" aria-labelledby="devices-heading">
        <h2 id="devices-heading">{t("vitals.devices.listHeading")}</h2>
        {devices.length === 0 ? (
          <p className="card empty-state" role="status">
            {t("vitals.devices.none")}
          </p>
        ) : (
          <ul className="device-list" data-testid="device-list">
            {devices.map((device) => (
              <li key={device.id} className="card device-list__item" data-testid="device-item">
                <div>
                  <p className="device-list__label">{device.label}</p>
                  <p className="muted">
                    {t(`vitals.deviceKind.${device.kind}`)} · …{device.tokenHint}
                  </p>
                  <p className="muted" data-testid="device-last-seen">
                    {device.revokedAt
                      ? t("vitals.devices.revokedAt", { at: formatDateTime(device.revokedAt, locale) })
                      : device.lastSeenAt
                        ? t("vitals.devices.lastSeen", { at: formatDateTime(device.lastSeenAt, locale) })
                        : t("vitals.devices.neverSeen")}
                  </p>
                </div>
                {device.revokedAt ? (
                  <Badge>{t("vitals.devices.revoked")}</Badge>
                ) : (
                  <button type="button" className="button button--ghost" onClick={() => setRevoking(device)}>
                    {t("vitals.devices.revoke")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <ConfirmDialog
        open={revoking !== null}
        title={t("vitals.devices.revokeTitle", { label: revoking?.label ?? "" })}
        confirmLabel={t("vitals.devices.revokeConfirm")}
        cancelLabel={t("vitals.devices.cancel")}
        danger
        busy={revokePending}
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <p>{t("vitals.devices.revokeText")}</p>
      </ConfirmDialog>
    </div>
  );
}
