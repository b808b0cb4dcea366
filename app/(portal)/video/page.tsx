import Link from "next/link";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { listRoomsFor } from "@/server/video/rooms";
import "@/components/video/video.css";

export const dynamic = "force-dynamic";

export default async function VideoRoomsPage() {
  const user = await requirePageUser("room.list");
  const { t, locale } = await getServerT();
  const rooms = await listRoomsFor(getDb(), user);
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" });
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("video.list.title")}</h1>
        <p>{t("video.list.intro")}</p>
      </header>
      {rooms.length === 0 ? (
        <EmptyState message={t("video.list.empty")} />
      ) : (
        <ul className="video-room-list" data-testid="video-room-list">
          {rooms.map((room) => (
            <li key={room.id} className="card">
              <div>
                <h2>{room.title}</h2>
                <p className="muted">
                  {format.format(room.scheduledStart)} – {format.format(room.scheduledEnd)} · {t(`video.status.${room.status}`)}
                </p>
                <p className="muted">{room.participants.map((participant) => participant.displayName).join("、")}</p>
              </div>
              <div className="video-list__actions">
                <Link className="button button--ghost" href={`/video/${room.id}/record`} data-testid={`record-${room.id}`}>
                  {t("video.record.link")}
                </Link>
                {room.status === "ENDED" ? (
                  <span className="muted">{t("video.status.ENDED")}</span>
                ) : (
                  <Link className="button button--primary" href={`/video/${room.id}`} data-testid={`enter-${room.id}`}>
                    {room.myRole === "HOST" ? t("video.list.enterAsHost") : t("video.list.enter")}
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
