/** Specialties a request may ask for; an expert's specialty is their department's code. */
export const SPECIALTIES = ["CARD", "NEUR", "ENDO", "GSUR", "RADI", "HBS", "RESP"] as const;
export type Specialty = (typeof SPECIALTIES)[number];
