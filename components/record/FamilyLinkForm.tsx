"use client";

import { ActionMessages, useAction } from "@/components/consultation/useAction";
import { useI18n } from "@/components/i18n/I18nProvider";
import { PendingButton } from "@/components/ui/PendingButton";

const RELATIONSHIPS = ["PARENT", "CHILD", "SPOUSE", "GUARDIAN"] as const;

/** Staff at the window link a family member's portal account, after checking the documents. */
export function FamilyLinkForm({ residentId }: { residentId: string }) {
  const { t } = useI18n();
  const action = useAction();
  return (
    <form
      className="form"
      method="post"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        void action
          .run(`/api/patients/${residentId}/family`, { body: { guardianUsername: String(data.get("guardianUsername") ?? ""), relationship: String(data.get("relationship") ?? "") }, success: t("record.family.linked") })
          .then((ok) => ok && form.reset());
      }}
      data-testid="family-link-form"
    >
      <p className="muted">{t("record.family.linkIntro")}</p>
      <div className="field">
        <label htmlFor="family-username">{t("record.family.guardianUsername")}</label>
        <input id="family-username" name="guardianUsername" required maxLength={64} autoComplete="off" autoCapitalize="none" />
      </div>
      <div className="field">
        <label htmlFor="family-relationship">{t("record.family.relationshipLabel")}</label>
        <select id="family-relationship" name="relationship" defaultValue="CHILD">
          {RELATIONSHIPS.map((r) => (
            <option key={r} value={r}>
              {t(`record.family.relationship.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <ActionMessages error={action.error} done={action.done} />
      <div>
        <PendingButton type="submit" className="button button--primary" pending={action.busy}>
          {t("record.family.link")}
        </PendingButton>
      </div>
    </form>
  );
}
