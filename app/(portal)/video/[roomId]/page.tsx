import { redirect } from "next/navigation";
import { RoomRefused } from "@/components/video/RoomRefused";
import { VideoConsultation } from "@/components/video/VideoConsultation";
import { isAppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { recordPanelFor } from "@/server/video/recordPanel";
import { requireRoomAccess } from "@/server/video/rooms";
import "@/components/video/video.css";

export const dynamic = "force-dynamic";

export default async function VideoRoomPage({ params }: { params: Promise<{ roomId: string }> }) {
  const user = await requirePageUser("room.join");
  const { t } = await getServerT();
  const { roomId } = await params;
  // A teaching broadcast's room is watched from its session's page (viewers receive only).
  const teaching = isUuid(roomId) ? await getDb().teachingSession.findUnique({ where: { videoRoomId: roomId }, select: { id: true } }) : null;
  if (teaching) redirect(`/teaching/${teaching.id}/watch`);
  // A guest by link (server/video/guests.ts) sees the call only: never the record beside it.
  const guest = user.role === "GUEST";
  const loaded = await requireRoomAccess(getDb(), roomId, user).then(
    async (room) => ({
      room,
      record: guest ? null : await recordPanelFor({ roomId: room.id, consultationId: room.consultationId, user }),
      // The host of a scheduled consultation starts its session by joining (server/consultation/video.ts).
      startsSession: room.myRole === "HOST" && room.consultationId !== null && (await getDb().consultation.findUnique({ where: { id: room.consultationId }, select: { status: true } }))?.status === "SCHEDULED",
    }),
    (error: unknown) => {
      if (!isAppError(error)) throw error;
      return { refusal: t(error.messageKey, error.params) };
    },
  );
  if ("refusal" in loaded) return <RoomRefused title={t("video.room.cannotEnter")} reason={loaded.refusal} backLabel={guest ? null : t("video.room.backToList")} />;
  return (
    <ClientMessages of={["PreJoin", "ConnectivityTest", "VideoRoomView", "AnnotationStage", "ConfirmButton", "SidePanel", "Tile", "GuestInvite", "useFieldErrors"]}>
      <VideoConsultation roomId={loaded.room.id} title={loaded.room.title} record={loaded.record} consultationId={guest ? null : loaded.room.consultationId} startsSession={loaded.startsSession} guest={guest} smsEnabled={getPlatform().sms !== null} />
    </ClientMessages>
  );
}
