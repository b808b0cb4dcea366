"use client";

import { useId, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ActionMessages, useAction } from "@/components/consultation/useAction";

/** The coordinator cancels a session, with a reason, after confirming. */
export function CancelSessionButton({ sessionId, version }: { sessionId: string; version: number }) {
  const { t } = useI18n();
  const id = useId();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState(false);
  return (
    <>
      <ActionMessages error={action.error} done={action.done} />
      <button type="button" className="button button--danger" onClick={() => setOpen(true)} data-testid="cancel-session">
        {t("teaching.ui.detail.cancelSession")}
      </button>
      <ConfirmDialog
        open={open}
        title={t("teaching.ui.detail.cancelSession")}
        confirmLabel={t("teaching.ui.detail.cancelConfirm")}
        cancelLabel={t("teaching.ui.detail.keep")}
        danger
        busy={action.busy}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          if (reason.trim().length < 2) {
            setReasonError(true);
            return;
          }
          setOpen(false);
          void action.run(`/api/teaching/sessions/${sessionId}/cancel`, { body: { reason, expectedVersion: version } });
        }}
      >
        <p>{t("teaching.ui.detail.cancelQuestion")}</p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t("teaching.ui.field.cancelReason")}</label>
          <input id={`${id}-reason`} value={reason} maxLength={500} aria-invalid={reasonError || undefined} aria-describedby={reasonError ? `${id}-error` : undefined} onChange={(event) => setReason(event.target.value)} />
          {reasonError ? (
            <p id={`${id}-error`} className="field__error" role="alert">
              {t("cons.common.reasonRequired")}
            </p>
          ) : null}
        </div>
      </ConfirmDialog>
    </>
  );
}
