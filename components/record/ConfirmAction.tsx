"use client";

import { useState, type ReactNode } from "react";
import { ActionMessages, useAction } from "@/components/consultation/useAction";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";

/**
 * A button that asks before an irreversible call (revoke a consent, end a family link), then calls
 * the API and refreshes the page. The texts come from the page, already translated.
 */
export function ConfirmAction({
  url,
  method = "POST",
  label,
  title,
  body,
  confirmLabel,
  cancelLabel,
  success,
  testId,
}: {
  url: string;
  method?: "POST" | "DELETE";
  label: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  success: string;
  testId?: string;
}) {
  const action = useAction();
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button type="button" className="button button--ghost" onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        cancelLabel={cancelLabel}
        danger
        busy={action.busy}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          void action.run(url, method === "DELETE" ? { method, success } : { body: {}, success }).then(() => setOpen(false));
        }}
      >
        <p>{body}</p>
      </ConfirmDialog>
      <ActionMessages error={action.error} done={action.done} />
    </div>
  );
}
