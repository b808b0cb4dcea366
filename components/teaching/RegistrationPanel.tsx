"use client";

import { useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ActionMessages, useAction } from "@/components/consultation/useAction";

interface Clinician {
  id: string;
  displayName: string;
  registered: boolean;
}

/**
 * Registration on a session's page: a clinician registers or cancels for themselves; an
 * institution admin registers their clinicians (and cancels one).
 */
export function RegistrationPanel({ sessionId, userId, registeredMe, clinicians }: { sessionId: string; userId: string; registeredMe: boolean; clinicians: Clinician[] | null }) {
  const { t } = useI18n();
  const action = useAction();
  const [picked, setPicked] = useState<string[]>([]);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const base = `/api/teaching/sessions/${sessionId}/registrations`;

  const cancel = async (traineeId: string) => {
    setCancelling(null);
    await action.run(`${base}/${traineeId}`, { method: "DELETE", success: t("teaching.ui.register.cancelDone") });
  };
  const dialog = (
    <ConfirmDialog
      open={cancelling !== null}
      title={t("teaching.ui.register.cancel")}
      confirmLabel={t("teaching.ui.register.cancel")}
      cancelLabel={t("teaching.ui.detail.keep")}
      danger
      busy={action.busy}
      onConfirm={() => void (cancelling && cancel(cancelling))}
      onCancel={() => setCancelling(null)}
    >
      <p>{t("teaching.ui.register.cancelQuestion")}</p>
    </ConfirmDialog>
  );

  if (clinicians === null) {
    return (
      <section className="card" aria-labelledby="registration-h" data-testid="registration">
        <h2 id="registration-h">{t("teaching.ui.register.heading")}</h2>
        {registeredMe ? <p>{t("teaching.ui.register.youAre")}</p> : null}
        <ActionMessages error={action.error} done={action.done} />
        {registeredMe ? (
          <button type="button" className="button button--ghost" disabled={action.busy} onClick={() => setCancelling(userId)} data-testid="unregister">
            {t("teaching.ui.register.cancel")}
          </button>
        ) : (
          <button type="button" className="button button--primary" disabled={action.busy} onClick={() => void action.run(base, { body: {}, success: t("teaching.ui.register.selfDone") })} data-testid="register-self">
            {t("teaching.ui.register.self")}
          </button>
        )}
        {dialog}
      </section>
    );
  }
  const open = clinicians.filter((c) => !c.registered);
  return (
    <section className="card" aria-labelledby="registration-h" data-testid="registration">
      <h2 id="registration-h">{t("teaching.ui.register.forClinicians")}</h2>
      {clinicians.length === 0 ? <p className="muted">{t("teaching.ui.register.noClinicians")}</p> : null}
      <ul className="teaching-audience">
        {clinicians.map((clinician) => (
          <li key={clinician.id}>
            {clinician.registered ? (
              <>
                <span>
                  {clinician.displayName} · <span className="muted">{t("teaching.ui.register.registered")}</span>
                </span>
                <button type="button" className="button button--ghost" disabled={action.busy} onClick={() => setCancelling(clinician.id)}>
                  {t("teaching.ui.register.cancel")}
                </button>
              </>
            ) : (
              <label>
                <input type="checkbox" checked={picked.includes(clinician.id)} onChange={(event) => setPicked(event.target.checked ? [...picked, clinician.id] : picked.filter((id) => id !== clinician.id))} />{" "}
                {clinician.displayName}
              </label>
            )}
          </li>
        ))}
      </ul>
      <ActionMessages error={action.error} done={action.done} />
      {open.length > 0 ? (
        <button
          type="button"
          className="button button--primary"
          disabled={action.busy || picked.length === 0}
          onClick={() => void action.run(base, { body: { traineeIds: picked }, success: t("teaching.ui.register.adminDone") }).then((done) => done && setPicked([]))}
          data-testid="register-selected"
        >
          {t("teaching.ui.register.selected", { count: picked.length })}
        </button>
      ) : null}
      {dialog}
    </section>
  );
}
