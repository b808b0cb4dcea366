/**
 * A person's display preferences, kept on their account so they follow them to any device:
 * large text (适老化) for the resident pages. Display only: nothing here is personal data of a
 * patient's record, so it is neither audited nor consent-bound.
 */
import { z } from "zod";
import type { Db } from "@/server/db/client";

export const preferencesSchema = z.object({ largeText: z.boolean() }).strict();

export interface Preferences {
  largeText: boolean;
}

export async function preferencesOf(db: Db, userId: string): Promise<Preferences> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { largeText: true } });
  return { largeText: row?.largeText ?? false };
}

export async function savePreferences(db: Db, userId: string, preferences: z.infer<typeof preferencesSchema>): Promise<Preferences> {
  const row = await db.user.update({ where: { id: userId }, data: { largeText: preferences.largeText }, select: { largeText: true } });
  return { largeText: row.largeText };
}
