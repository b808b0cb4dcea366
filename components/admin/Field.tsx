import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * A labelled input of the admin forms with its hint and, when the server named this field, the
 * message beside it (aria-invalid and aria-describedby point at it).
 */
export function Field({ id, label, hint, error, children, ...input }: InputHTMLAttributes<HTMLInputElement> & { id: string; label: string; hint?: string; error?: string | null; children?: ReactNode }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children ?? <input id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />}
      {hint ? (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** A row's button text with the row it acts on for screen readers ("停用" + hidden " 李明"): the accessible name starts with what is seen. */
export function ActionLabel({ text, of }: { text: string; of: string }) {
  return (
    <>
      {text}
      <span className="visually-hidden"> {of}</span>
    </>
  );
}
