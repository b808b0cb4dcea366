"use client";

import { useEffect, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "./client";
import { formatDateTime } from "./format";
import { ActionMessages, useAction } from "./useAction";

interface Suggestion {
  id: string;
  displayName: string;
  title: string | null;
  institution: string | null;
  freeSlots: number;
  nextSlot: string | null;
  preferred: boolean;
}

/** Suggested experts (specialty, free slots in the next 7 days) with an assign button each. */
export function AssignPanel({ id, version }: { id: string; version: number }) {
  const { t, locale } = useI18n();
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const action = useAction();
  useEffect(() => {
    void callApi<Suggestion[]>(`/api/consultations/${id}/suggestions`).then((result) => setSuggestions(result.ok ? result.data : []));
  }, [id]);
  if (suggestions === null) return <p role="status">{t("common.loading")}</p>;
  if (suggestions.length === 0) return <p className="notice notice--info">{t("cons.assign.none")}</p>;
  return (
    <div>
      <ul className="notif-list" aria-label={t("cons.assign.suggested")}>
        {suggestions.map((s) => (
          <li key={s.id}>
            <span>
              <strong>{s.displayName}</strong> {s.title ?? ""} · {s.institution ?? ""} {s.preferred ? `· ${t("cons.assign.preferred")}` : ""}
              <br />
              <span className="muted">{s.nextSlot ? t("cons.assign.free", { count: s.freeSlots, next: formatDateTime(s.nextSlot, locale) }) : t("cons.assign.noFree")}</span>
            </span>
            <button type="button" className="button button--primary" disabled={action.busy} onClick={() => void action.run(`/api/consultations/${id}/assign`, { body: { expertId: s.id, expectedVersion: version }, success: t("cons.assign.done", { name: s.displayName }) })}>
              {t("cons.assign.button", { name: s.displayName })}
            </button>
          </li>
        ))}
      </ul>
      <ActionMessages error={action.error} done={action.done} />
    </div>
  );
}
