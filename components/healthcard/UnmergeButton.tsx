"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { callApi, errorText } from "./api";

const REASON_MIN = 4;
const REASON_MAX = 500;

/**
 * Undo a merge: asks for a reason in a confirmation dialog, then restores both records and
 * refreshes the page, whose history then shows the merge as undone.
 */
export function UnmergeButton({ mergeId, fromName, fromResidentId }: { mergeId: string; fromName: string; fromResidentId: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const ids = { reason: useId(), hint: useId() };
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  async function onConfirm() {
    const length = Array.from(reason.trim()).length;
    if (length < REASON_MIN || length > REASON_MAX) {
      setError(t("healthCard.unmerge.reasonRequired"));
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await callApi(`/api/patients/merges/${mergeId}/unmerge`, { method: "POST", json: { reason: reason.trim() } });
      setOpen(false);
      setDone(true);
      router.refresh();
    } catch (failure) {
      setError(errorText(failure, t));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p className="notice notice--success" role="status" data-testid="unmerge-done">
        {t("healthCard.ui.unmerge.done")} <Link href={`/patients/${fromResidentId}`}>{t("healthCard.ui.unmerge.openOther")}</Link>
      </p>
    );
  }
  return (
    <div>
      <button type="button" className="button button--ghost" onClick={() => setOpen(true)} data-testid="unmerge-open">
        {t("healthCard.ui.unmerge.button")}
      </button>
      <ConfirmDialog
        open={open}
        title={t("healthCard.ui.unmerge.title")}
        confirmLabel={t("healthCard.ui.unmerge.confirm")}
        cancelLabel={t("healthCard.ui.cancel")}
        danger
        busy={busy}
        onConfirm={() => void onConfirm()}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
      >
        <p>{t("healthCard.ui.unmerge.body", { from: fromName })}</p>
        <div className="field">
          <label htmlFor={ids.reason}>{t("healthCard.ui.unmerge.reason")}</label>
          <textarea ref={reasonRef} id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} aria-required="true" maxLength={REASON_MAX} rows={3} aria-describedby={ids.hint} aria-invalid={error !== null} />
          <span id={ids.hint} className="field__hint">
            {t("healthCard.ui.unmerge.reasonHint")}
          </span>
        </div>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
