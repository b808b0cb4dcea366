import Link from "next/link";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { openConsultationRoom } from "@/server/consultation/video";
import { getDb } from "@/server/db/client";

export const dynamic = "force-dynamic";

/** "Join video" on a consultation: opens (or creates) its room, then goes there. */
export default async function ConsultationVideoPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("consultation.read");
  const { t } = await getServerT();
  const { id } = await params;
  let roomId: string;
  try {
    ({ roomId } = await openConsultationRoom(getDb(), user, id));
  } catch (error) {
    if (!isAppError(error)) throw error;
    return (
      <section className="card" role="alert" data-testid="video-refused">
        <h1>{t("video.room.cannotEnter")}</h1>
        <p>{t(error.messageKey, error.params)}</p>
        <Link className="button button--primary" href={`/consultations/${encodeURIComponent(id)}`}>
          {t("cons.detail.back")}
        </Link>
      </section>
    );
  }
  redirect(`/video/${roomId}`);
}
