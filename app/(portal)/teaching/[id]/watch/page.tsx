import { notFound } from "next/navigation";
import { RoomRefused } from "@/components/video/RoomRefused";
import { TeachingWatch } from "@/components/teaching/TeachingWatch";
import "@/components/teaching/teaching.css";
import "@/components/video/video.css";
import { isAppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { authorizeTeaching } from "@/server/teaching/access";
import { getSessionView } from "@/server/teaching/sessions";
import { requireRoomAccess } from "@/server/video/rooms";

export const dynamic = "force-dynamic";

/** Watching (or, for the surgeon and moderators, broadcasting and moderating): registered trainees, the presenter, the moderators. */
export default async function TeachingWatchPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("teaching.watch");
  const { t } = await getServerT();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const loaded = await (async () => {
    await authorizeTeaching(getDb(), user, id, "teaching.watch");
    const session = await getSessionView(getDb(), user, id);
    // The room's own check too: membership (derived from the session) and not ended.
    await requireRoomAccess(getDb(), session.videoRoomId, user);
    return { session };
  })().catch((error: unknown) => {
    if (!isAppError(error)) throw error;
    if (error.status === 404) notFound();
    return { refusal: t(error.messageKey, error.params) };
  });
  if ("refusal" in loaded) return <RoomRefused title={t("video.room.cannotEnter")} reason={loaded.refusal} backLabel={t("teaching.ui.watch.back")} backHref={`/teaching/${id}`} />;
  const { session } = loaded;
  return (
    <ClientMessages of={["TeachingWatch", "Tile"]}>
      <TeachingWatch sessionId={session.id} roomId={session.videoRoomId} title={session.title} host={session.can.present || session.can.moderate} />
    </ClientMessages>
  );
}
