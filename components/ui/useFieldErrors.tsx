"use client";

import { useCallback, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import "./ui.css";

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * The app's own messages for a form's constraints (required, minimum length, format), in place of
 * the browser's bubble: the form has `noValidate`, `check(form)` on submit reads each control's
 * `validity`, keeps one message per field (by id), focuses the first, and answers whether all
 * is well. `fieldProps(id)` marks the control (aria-invalid, aria-describedby) and `<FieldError>`
 * shows the message under it. A control's own message (a custom validity, e.g. a text over its
 * limit) is shown by the control itself and counted here as invalid only.
 */
export function useFieldErrors() {
  const { t } = useI18n();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const messageOf = useCallback(
    (control: Control): string | null => {
      const v = control.validity;
      if (v.valid || v.customError) return null;
      if (v.valueMissing) return t(control instanceof HTMLInputElement && control.type === "checkbox" ? "form.field.tick" : control instanceof HTMLSelectElement ? "form.field.choose" : "form.field.required");
      if (v.tooShort) return t("form.field.tooShort", { min: (control as HTMLInputElement).minLength });
      if (v.rangeUnderflow || v.rangeOverflow) return t("form.field.range");
      return t("form.field.format");
    },
    [t],
  );

  const check = useCallback(
    (form: HTMLFormElement): boolean => {
      const next: Record<string, string> = {};
      let first: Control | null = null;
      for (const element of Array.from(form.elements)) {
        if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) || !element.willValidate) continue;
        if (element.validity.valid) continue;
        first ??= element;
        const message = messageOf(element);
        if (message && element.id) next[element.id] = message;
      }
      setErrors(next);
      first?.focus();
      return first === null;
    },
    [messageOf],
  );

  /** Clears a field's message once the person changes it. */
  const clear = useCallback((id: string) => setErrors((current) => (current[id] ? Object.fromEntries(Object.entries(current).filter(([key]) => key !== id)) : current)), []);

  const fieldProps = useCallback(
    (id: string, describedBy?: string) => {
      const error = errors[id];
      const ids = [describedBy, error ? `${id}-error` : null].filter(Boolean).join(" ");
      return { "aria-invalid": error ? (true as const) : undefined, "aria-describedby": ids || undefined, onInput: () => clear(id) };
    },
    [errors, clear],
  );

  return { errors, check, clear, fieldProps, hasErrors: Object.keys(errors).length > 0 };
}

/** A field's message under it, named by the control's aria-describedby (`<id>-error`). */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={`${id}-error`} className="field__error" data-testid={`${id}-error`}>
      {error}
    </span>
  );
}
