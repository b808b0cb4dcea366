"use client";

import { useId, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

export interface CheckItem {
  value: string;
  label: string;
  /** Items are shown under their group's heading, in the order given. */
  group?: string;
}

/** A labelled set of checkboxes with a filter box, for long lists (institutions, moderators). */
export function CheckList({
  legend,
  hint,
  items,
  selected,
  onChange,
  error,
  testId,
}: {
  legend: string;
  hint?: string;
  items: readonly CheckItem[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
  error?: string | null;
  testId?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [filter, setFilter] = useState("");
  const shown = items.filter((item) => !filter.trim() || item.label.includes(filter.trim()) || selected.includes(item.value));
  const toggle = (value: string, on: boolean) => onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <fieldset className="teaching-checklist" aria-describedby={[hint ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim() || undefined} aria-invalid={error ? true : undefined} data-testid={testId}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <div className="field field--inline">
        <label htmlFor={`${id}-filter`}>{t("teaching.ui.field.filter")}</label>
        <input id={`${id}-filter`} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        <span className="muted" aria-live="polite">
          {t("teaching.ui.selected", { count: selected.length })}
        </span>
      </div>
      <ul className="teaching-checklist__items">
        {shown.map((item, index) => {
          const heading = index === 0 || shown[index - 1]?.group !== item.group ? item.group : undefined;
          return (
            <li key={item.value}>
              {heading ? <div className="teaching-checklist__group">{heading}</div> : null}
              <label>
                <input type="checkbox" checked={selected.includes(item.value)} onChange={(event) => toggle(item.value, event.target.checked)} />
                {item.label}
              </label>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
