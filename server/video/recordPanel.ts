/**
 * The patient record shown beside the video. The consultation domain supplies the content; until
 * it is wired (setRecordPanelProvider), every room shows the empty state.
 */
import type { SessionUser } from "@/server/auth/signIn";

export interface RecordPanelData {
  patientName?: string;
  summary?: { labelKey: string; value: string }[];
  attachments?: { id: string; name: string; href: string }[];
}

export type RecordPanelProvider = (input: { roomId: string; consultationId: string | null; user: SessionUser }) => Promise<RecordPanelData | null>;

interface ProviderGlobal {
  __rmpVideoRecordPanel?: RecordPanelProvider;
}
const holder = globalThis as unknown as ProviderGlobal;

export function setRecordPanelProvider(provider: RecordPanelProvider): void {
  holder.__rmpVideoRecordPanel = provider;
}

/** Returns null (the panel's empty state) when nothing is shared or the user may not see it. */
export async function recordPanelFor(input: { roomId: string; consultationId: string | null; user: SessionUser }): Promise<RecordPanelData | null> {
  const provider = holder.__rmpVideoRecordPanel;
  return provider ? provider(input) : null;
}
