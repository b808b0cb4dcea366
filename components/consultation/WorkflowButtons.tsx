"use client";

import { useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ReasonAction } from "./ReasonAction";
import { ActionMessages, useAction } from "./useAction";

/** The state-machine actions without their own panel: accept/decline, session start/end, cancel, withdraw. */
export function WorkflowButtons({ id, version, actions }: { id: string; version: number; actions: string[] }) {
  const { t } = useI18n();
  const action = useAction();
  const post = (path: string, body: unknown, success: string) => void action.run(`/api/consultations/${id}/${path}`, { body, success });
  const has = (name: string) => actions.includes(name);
  // Starting and ending the session are asked first: the end closes the call for everyone.
  const [asking, setAsking] = useState<"start" | "end" | null>(null);
  if (!["accept", "decline", "startSession", "endSession", "cancel", "withdraw"].some(has)) return null;
  return (
    <section className="card" aria-labelledby="workflow-h">
      <h2 id="workflow-h">{t("cons.actions.heading")}</h2>
      <div className="row-actions">
        {has("accept") ? (
          <button type="button" className="button button--primary" disabled={action.busy} onClick={() => post("accept", { expectedVersion: version }, t("cons.actions.accepted"))}>
            {t("cons.actions.accept")}
          </button>
        ) : null}
        {has("decline") ? <ReasonAction url={`/api/consultations/${id}/decline`} version={version} label={t("cons.actions.decline")} title={t("cons.actions.declineTitle")} confirmLabel={t("cons.actions.decline")} /> : null}
        {has("startSession") ? (
          <button type="button" className="button button--primary" disabled={action.busy} onClick={() => setAsking("start")}>
            {t("cons.actions.start")}
          </button>
        ) : null}
        {has("endSession") ? (
          <button type="button" className="button button--primary" disabled={action.busy} onClick={() => setAsking("end")}>
            {t("cons.actions.end")}
          </button>
        ) : null}
        {has("withdraw") ? <ReasonAction url={`/api/consultations/${id}/withdraw`} version={version} label={t("cons.actions.withdraw")} title={t("cons.actions.withdrawTitle")} confirmLabel={t("cons.actions.withdraw")} /> : null}
        {has("cancel") ? <ReasonAction url={`/api/consultations/${id}/cancel`} version={version} label={t("cons.actions.cancel")} title={t("cons.actions.cancelTitle")} confirmLabel={t("cons.actions.cancel")} /> : null}
      </div>
      <ActionMessages error={action.error} done={action.done} />
      <ConfirmDialog
        open={asking !== null}
        title={t(asking === "end" ? "cons.actions.endQuestion" : "cons.actions.startQuestion")}
        confirmLabel={t(asking === "end" ? "cons.actions.end" : "cons.actions.start")}
        cancelLabel={t("cons.actions.keep")}
        danger={asking === "end"}
        busy={action.busy}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const which = asking;
          setAsking(null);
          if (which) post("session", { action: which }, t(which === "end" ? "cons.actions.ended" : "cons.actions.started"));
        }}
      >
        <p>{t(asking === "end" ? "cons.actions.endText" : "cons.actions.startText")}</p>
      </ConfirmDialog>
    </section>
  );
}
