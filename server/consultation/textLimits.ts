/**
 * The longest texts of the consultation and advice forms, in characters (UTF-16 code units, as
 * zod and the browser count them): the schemas refuse longer ones with a message naming the limit
 * (lib/validation.ts), and the forms show a counter against the same numbers.
 */
export const TEXT_LIMITS = {
  clinicalSummary: 8000,
  question: 4000,
  preferredTimes: 500,
  findings: 8000,
  impression: 4000,
  recommendations: 8000,
  reason: 500,
  adviceBody: 4000,
  adviceQuestion: 2000,
  adviceAnswer: 4000,
  /** An opinion template's name (its texts have the opinion's own limits). */
  templateName: 100,
} as const;
