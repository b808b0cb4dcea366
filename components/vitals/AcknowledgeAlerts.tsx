"use client";

import { useId, useState, type FormEvent } from "react";
import { ActionMessages, useAction } from "@/components/consultation/useAction";
import { useI18n } from "@/components/i18n/I18nProvider";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { PendingButton } from "@/components/ui/PendingButton";

const NOTE_MAX = 500;

/** Acknowledge flagged readings (one, or all of a resident's shown) with an optional note; the worklist refreshes. */
export function AcknowledgeAlerts({ alertIds, label, testId }: { alertIds: string[]; label: string; testId: string }) {
  const { t } = useI18n();
  const { busy, error, done, run } = useAction();
  const [open, setOpen] = useState(false);
  const noteId = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get("note") ?? "").trim();
    const result = await run("/api/vitals/alerts/acknowledge", { body: { alertIds, ...(note ? { note } : {}) }, success: t("vitals.worklist.done") });
    if (result) setOpen(false);
  }

  if (!open) {
    return (
      <div className="stack">
        <button type="button" className="button button--ghost" onClick={() => setOpen(true)} data-testid={testId}>
          {label}
        </button>
        <ActionMessages error={error} done={done} />
      </div>
    );
  }
  return (
    <form className="form vack" onSubmit={onSubmit} noValidate>
      <LimitedTextarea id={noteId} name="note" label={t("vitals.worklist.note")} hint={t("vitals.worklist.noteHint")} max={NOTE_MAX} rows={2} />
      <div className="vack__actions">
        <PendingButton type="submit" className="button button--primary" pending={busy} data-testid={`${testId}-confirm`}>
          {t("vitals.worklist.confirm")}
        </PendingButton>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          {t("vitals.worklist.cancel")}
        </button>
      </div>
      <ActionMessages error={error} done={done} />
    </form>
  );
}
