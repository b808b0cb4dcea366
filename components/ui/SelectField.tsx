import type { ChangeEvent } from "react";

export interface SelectOption {
  value: string;
  label: string;
}

/**
 * A labelled drop-down. `emptyLabel` adds a first option whose value is "" (all, any, none).
 * Uncontrolled with `defaultValue` (filter forms submitted as GET), controlled with `value` + `onChange`.
 */
export function SelectField({
  id,
  name,
  label,
  options,
  emptyLabel,
  defaultValue,
  value,
  onChange,
}: {
  id: string;
  name?: string;
  label: string;
  options: readonly SelectOption[];
  emptyLabel?: string;
  defaultValue?: string;
  value?: string;
  onChange?: (event: ChangeEvent<HTMLSelectElement>) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} {...(value === undefined ? { defaultValue } : { value, onChange })}>
        {emptyLabel === undefined ? null : <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Options from a list of codes, labelled through the catalogue: `${prefix}.${code}`. */
export function codeOptions(codes: readonly string[], t: (key: string) => string, prefix: string): SelectOption[] {
  return codes.map((code) => ({ value: code, label: t(`${prefix}.${code}`) }));
}
