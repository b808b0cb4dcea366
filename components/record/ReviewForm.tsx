"use client";

import { useState } from "react";
import { ActionMessages, useAction } from "@/components/consultation/useAction";
import { useI18n } from "@/components/i18n/I18nProvider";
import { PendingButton } from "@/components/ui/PendingButton";

/** The institution admin records whether an emergency access was justified. */
export function ReviewForm({ id }: { id: string }) {
  const { t } = useI18n();
  const action = useAction();
  const [outcome, setOutcome] = useState<"JUSTIFIED" | "NOT_JUSTIFIED">("JUSTIFIED");
  return (
    <form
      className="form"
      method="post"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(`/api/record/emergency/${id}/review`, { body: { outcome, note: String(new FormData(event.currentTarget).get("note") ?? "") }, success: t("record.review.done") });
      }}
    >
      <fieldset className="record-checks">
        <legend>{t("record.review.outcome")}</legend>
        <label>
          <input type="radio" name={`outcome-${id}`} checked={outcome === "JUSTIFIED"} onChange={() => setOutcome("JUSTIFIED")} /> {t("record.review.justified")}
        </label>
        <label>
          <input type="radio" name={`outcome-${id}`} checked={outcome === "NOT_JUSTIFIED"} onChange={() => setOutcome("NOT_JUSTIFIED")} /> {t("record.review.notJustified")}
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`note-${id}`}>{t("record.review.note")}</label>
        <input id={`note-${id}`} name="note" maxLength={500} />
      </div>
      <ActionMessages error={action.error} done={action.done} />
      <div>
        <PendingButton type="submit" className="button button--primary" pending={action.busy}>
          {t("record.review.submit")}
        </PendingButton>
      </div>
    </form>
  );
}
