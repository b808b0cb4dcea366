/**
 * The one catalogue shape: every feature writes `defineMessages({ "key": { zh: "…", en: "…" } })`.
 * Both languages are required by the type, so a missing English (or Chinese) text is a tsc error.
 */
export interface Message {
  readonly zh: string;
  readonly en: string;
}

export type Messages = Readonly<Record<string, Message>>;

export function defineMessages<const M extends Record<string, Message>>(messages: M): M {
  return messages;
}
