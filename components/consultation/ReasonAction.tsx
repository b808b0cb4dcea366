"use client";

import { useId, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { TEXT_LIMITS } from "@/server/consultation/textLimits";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ActionMessages, useAction } from "./useAction";

/** A button that asks for confirmation and a reason, then posts `{reason, expectedVersion}`. */
export function ReasonAction({ url, version, label, title, confirmLabel, danger = true }: { url: string; version: number; label: string; title: string; confirmLabel: string; danger?: boolean }) {
  const { t } = useI18n();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const id = useId();
  return (
    <>
      <button type="button" className={`button ${danger ? "button--ghost" : "button--primary"}`} onClick={() => setOpen(true)}>
        {label}
      </button>
      <ActionMessages error={action.error} done={action.done} />
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        cancelLabel={t("cons.common.back")}
        danger={danger}
        busy={action.busy}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          // Over the limit: the dialog stays open with the field's own message saying by how much.
          if (reason.trim().length > TEXT_LIMITS.reason) return;
          if (reason.trim().length < 2) {
            action.setError({ status: 400, code: "VALIDATION_FAILED", message: t("cons.common.reasonRequired") });
            setOpen(false);
            return;
          }
          setOpen(false);
          void action.run(url, { body: { reason: reason.trim(), expectedVersion: version } });
        }}
      >
        <LimitedTextarea id={id} label={t("cons.common.reason")} max={TEXT_LIMITS.reason} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} required />
      </ConfirmDialog>
    </>
  );
}
