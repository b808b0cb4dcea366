"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/components/consultation/client";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { PendingButton } from "@/components/ui/PendingButton";

interface Found {
  id: string;
  name: string;
  sex: "MALE" | "FEMALE" | "UNKNOWN";
  birthDate: string | null;
  matchedBy?: string;
}

const EXACT = ["qr", "cardId", "masterIndexId", "document"];
const HOURS = [1, 2, 4, 8, 12, 24];

/** Break-glass: find the patient by an exact identifier, state the reason, confirm the seriousness, open, go to the record. */
export function EmergencyForm({ reasonMin, defaultHours }: { reasonMin: number; defaultHours: number }) {
  const { t } = useI18n();
  const router = useRouter();
  const [identifier, setIdentifier] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const [reason, setReason] = useState("");
  const [hours, setHours] = useState(defaultHours);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFound(null);
    if (identifier.trim().length < 2) return setError(t("record.emergency.notExact"));
    setBusy(true);
    const result = await callApi<{ results: Found[] }>(`/api/patients?q=${encodeURIComponent(identifier.trim())}`);
    setBusy(false);
    if (!result.ok) return setError(result.error.message || t("cons.error.network"));
    const exact = result.data.results.filter((r) => r.matchedBy && EXACT.includes(r.matchedBy));
    if (exact.length !== 1) return setError(t("record.emergency.notExact"));
    setFound(exact[0]!);
  }

  async function open() {
    setBusy(true);
    const result = await callApi<{ residentId: string }>("/api/record/emergency", { body: { identifier: identifier.trim(), reason, hours } });
    setBusy(false);
    setConfirming(false);
    if (!result.ok) return setError(result.error.message || t("cons.error.network"));
    router.push(`/patients/${result.data.residentId}/record`);
  }

  const sex = found ? t(`healthCard.ui.sex.${found.sex}`) : "";
  return (
    <div className="stack">
      <form className="form card" method="get" noValidate onSubmit={(e) => void check(e)} aria-label={t("record.emergency.find")}>
        <div className="field">
          <label htmlFor="emergency-identifier">{t("record.emergency.identifier")}</label>
          <input id="emergency-identifier" name="identifier" value={identifier} onChange={(e) => setIdentifier(e.target.value)} required minLength={2} maxLength={200} autoComplete="off" />
        </div>
        <div>
          <PendingButton type="submit" className="button button--ghost" pending={busy && !found}>
            {t("record.emergency.find")}
          </PendingButton>
        </div>
      </form>
      {error ? (
        <p className="notice notice--error" role="alert" data-testid="emergency-error">
          {error}
        </p>
      ) : null}
      {found ? (
        <form
          className="form card record-ground--emergency"
          method="post"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim().length < reasonMin) return setError(t("record.emergency.reasonShort", { min: reasonMin }));
            setError(null);
            setConfirming(true);
          }}
          data-testid="emergency-form"
        >
          <p className="notice notice--info" data-testid="emergency-found">
            {t("record.emergency.found", { name: found.name, sex, year: found.birthDate?.slice(0, 4) ?? "—" })}
          </p>
          <LimitedTextarea id="emergency-reason" name="reason" label={t("record.emergency.reason", { min: reasonMin })} max={500} rows={3} required minLength={reasonMin} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="field">
            <label htmlFor="emergency-hours">{t("record.emergency.hours")}</label>
            <select id="emergency-hours" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {t("record.emergency.hoursOption", { hours: h })}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="button button--danger">
              {t("record.emergency.open")}
            </button>
          </div>
        </form>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t("record.emergency.confirmTitle")}
        confirmLabel={t("record.emergency.confirm")}
        cancelLabel={t("record.consent.cancel")}
        danger
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void open()}
      >
        <p>{t("record.emergency.confirmBody", { hours, name: found?.name ?? "" })}</p>
      </ConfirmDialog>
    </div>
  );
}
