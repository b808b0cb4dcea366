/** Specialties a request may ask for; an expert's specialty is their department's code. */
export const SPECIALTIES = ["CARD", "NEUR", "ENDO", "GSUR", "RADI", "HBS", "RESP"] as const;
export type Specialty = (typeof SPECIALTIES)[number];

/** What a request is, and how soon it must be seen (most urgent last). */
export const CONSULTATION_TYPES = ["REMOTE_CONSULTATION", "REMOTE_OUTPATIENT", "REFERRAL"] as const;
export const URGENCIES = ["ROUTINE", "URGENT", "EMERGENCY"] as const;
