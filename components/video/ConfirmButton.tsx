"use client";

import { useRef, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, className, testId }: { label: ReactNode; question: string; confirmLabel: string; onConfirm: () => void; className?: string; testId?: string }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className={className ?? "button button--ghost"} onClick={() => dialog.current?.showModal()} data-testid={testId}>
        {label}
      </button>
      <dialog ref={dialog} className="video-dialog" aria-label={question}>
        <p>{question}</p>
        <div className="video-dialog__actions">
          <button type="button" className="button button--ghost" onClick={() => dialog.current?.close()}>
            {t("video.confirm.cancel")}
          </button>
          <button
            type="button"
            className="button button--danger"
            data-testid={testId ? `${testId}-confirm` : undefined}
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
