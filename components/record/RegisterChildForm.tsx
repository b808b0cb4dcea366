"use client";

import { useState } from "react";
import { ActionMessages, useAction } from "@/components/consultation/useAction";
import { PersonFields, personFromForm } from "@/components/healthcard/RegisterForm";
import { useI18n } from "@/components/i18n/I18nProvider";
import { PendingButton } from "@/components/ui/PendingButton";
import { useFieldErrors } from "@/components/ui/useFieldErrors";

/** A parent registers their child online; the child's card is then managed by the parent. */
export function RegisterChildForm() {
  const { t } = useI18n();
  const action = useAction();
  const [docType, setDocType] = useState("01");
  const fields = useFieldErrors();
  return (
    <form
      className="form"
      method="post"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        if (!fields.check(form)) return;
        void action.run("/api/my-record/family", { body: personFromForm(new FormData(form)), success: t("record.family.registered") }).then((ok) => ok && form.reset());
      }}
      data-testid="register-child-form"
    >
      <PersonFields docType={docType} onDocType={setDocType} fields={fields} />
      <ActionMessages error={action.error} done={action.done} />
      <div>
        <PendingButton type="submit" className="button button--primary" pending={action.busy}>
          {t("record.family.registerChild")}
        </PendingButton>
      </div>
    </form>
  );
}
