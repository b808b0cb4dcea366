import type { ChangeEvent } from "react";
import type { TextKey } from "@/lib/i18n";

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
/** One option per code, labelled by the catalogue entry `<prefix>.<code>`. */
export function codeOptions<const Code extends string, const Prefix extends string>(codes: readonly Code[], t: (key: TextKey) => string, prefix: Prefix & (`${Prefix}.${Code}` extends TextKey ? unknown : never)): SelectOption[] {
  return codes.map((code) => ({ value: code, label: t(`${prefix}.${code}` as TextKey) }));
}
