"use client";

import { useEffect, useRef, useState, type ChangeEvent, type ReactNode, type TextareaHTMLAttributes } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "maxLength" | "id"> & {
  id: string;
  label: ReactNode;
  /** The schema's limit (server/consultation/textLimits.ts): shown and enforced, never cut. */
  max: number;
  hint?: ReactNode;
  /** The form's message for this field (useFieldErrors: required, too short). */
  error?: string;
};

/**
 * A labelled textarea with a live counter ("1,234 / 8,000 字"). It has no maxLength: a browser
 * would cut a pasted text silently. Over the limit it says by how much, marks itself invalid
 * (the form cannot be submitted: setCustomValidity) and the server would refuse it with the
 * same limit. The counter is announced politely, and both the counter and the message describe
 * the field.
 */
export function LimitedTextarea({ id, label, max, hint, error, onChange, value, defaultValue, ...rest }: Props) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [typed, setTyped] = useState(() => String(defaultValue ?? "").length);
  const length = value === undefined ? typed : String(value).length;
  const over = length > max;
  const number = (n: number) => n.toLocaleString(locale);
  const overMessage = t("common.textLimit.over", { over: number(length - max), max: number(max) });

  useEffect(() => {
    ref.current?.setCustomValidity(over ? overMessage : "");
  }, [over, overMessage]);

  // A form reset puts the default text back without a change event.
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const onReset = () => setTimeout(() => setTyped(ref.current?.value.length ?? 0));
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);

  const handleChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    setTyped(event.target.value.length);
    onChange?.(event);
  };
  const describedBy = [hint ? `${id}-hint` : null, `${id}-count`, over ? `${id}-over` : null, error && !over ? `${id}-error` : null].filter(Boolean).join(" ");

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea ref={ref} id={id} value={value} defaultValue={defaultValue} onChange={handleChange} aria-describedby={describedBy} aria-invalid={over || Boolean(error) || undefined} data-max-length={max} {...rest} />
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      <span id={`${id}-count`} className={over ? "field__counter field__counter--over" : "field__counter"} aria-live="polite" data-testid={`${id}-count`}>
        {t("common.textLimit.count", { count: number(length), max: number(max) })}
      </span>
      {error && !over ? (
        <span id={`${id}-error`} className="field__error" data-testid={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {over ? (
        <span id={`${id}-over`} className="field__error" role="alert">
          {overMessage}
        </span>
      ) : null}
    </div>
  );
}
