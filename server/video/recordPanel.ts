/**
 * The patient record shown beside the video. The consultation domain supplies the content; until
 * it is wired (the platform's recordPanel, set by server/compose.ts), every room shows the empty state.
 */
import type { MessageKey } from "@/lib/i18n";
import type { SessionUser } from "@/server/auth/signIn";
import { getPlatform } from "@/server/platform";

export interface RecordPanelData {
  patientName?: string;
  summary?: { labelKey: MessageKey; value: string }[];
  attachments?: { id: string; name: string; href: string }[];
}

export type RecordPanelProvider = (input: { roomId: string; consultationId: string | null; user: SessionUser }) => Promise<RecordPanelData | null>;

/** Returns null (the panel's empty state) when nothing is shared or the user may not see it. */
export async function recordPanelFor(input: { roomId: string; consultationId: string | null; user: SessionUser }): Promise<RecordPanelData | null> {
  const provider = getPlatform().recordPanel;
  return provider ? provider(input) : null;
}
