import Link from "next/link";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { RoomRefused } from "@/components/video/RoomRefused";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { readSessionRecord } from "@/server/video/record";
import "@/components/video/video.css";

export const dynamic = "force-dynamic";

/** The session record of a room: sittings (start, end, who ended it), attendance, saved snapshots. */
export default async function VideoRecordPage({ params }: { params: Promise<{ roomId: string }> }) {
  const user = await requirePageUser("room.record");
  const { t, locale } = await getServerT();
  const { roomId } = await params;
  const loaded = await readSessionRecord(getDb(), user, roomId).catch((error: unknown) => {
    if (!isAppError(error)) throw error;
    return { refusal: t(error.messageKey, error.params) };
  });
  if ("refusal" in loaded) return <RoomRefused title={t("video.record.title")} reason={loaded.refusal} backLabel={t("video.record.back")} />;

  const { room, record } = loaded;
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Shanghai" });
  const time = (iso: string | null) => (iso ? format.format(new Date(iso)) : "—");
  return (
    <div className="stack" data-testid="video-record">
      <header className="page-header">
        <h1>{t("video.record.title")}</h1>
        <p>
          {room.title} <Badge tone={room.status === "LIVE" ? "success" : room.status === "ENDED" ? "neutral" : "info"} testId="record-status">{t(`video.status.${room.status}`)}</Badge>
        </p>
        <p>
          <Link href="/video">{t("video.record.back")}</Link>
        </p>
      </header>

      <section aria-labelledby="record-sessions">
        <h2 id="record-sessions">{t("video.record.sessions")}</h2>
        {record.sessions.length === 0 ? <EmptyState message={t("video.record.noSessions")} /> : null}
        {record.sessions.map((session) => (
          <article key={session.id} className="card stack" aria-label={t("video.record.sessionLabel", { start: time(session.startedAt) })} data-testid="record-session">
            <dl className="video-record__facts">
              <div>
                <dt>{t("video.record.started")}</dt>
                <dd>{time(session.startedAt)}</dd>
              </div>
              <div>
                <dt>{t("video.record.ended")}</dt>
                <dd data-testid="session-ended-at">{session.endedAt ? <time dateTime={session.endedAt}>{time(session.endedAt)}</time> : t("video.record.stillLive")}</dd>
              </div>
              {session.endedAt ? (
                <div>
                  <dt>{t("video.record.endedBy")}</dt>
                  <dd data-testid="session-ended-by">{session.endedByName ? t("video.record.endedByHost", { name: session.endedByName }) : t("video.record.endedByLeaving")}</dd>
                </div>
              ) : null}
            </dl>
            <div className="table-wrap">
              <table className="table" data-testid="record-attendance">
                <caption className="visually-hidden">{t("video.record.sessionLabel", { start: time(session.startedAt) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("video.record.person")}</th>
                    <th scope="col">{t("video.record.joinedAt")}</th>
                    <th scope="col">{t("video.record.leftAt")}</th>
                    <th scope="col">{t("video.record.leftReason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {session.attendance.map((row, index) => (
                    <tr key={`${row.userId}-${index}`}>
                      <td>{row.displayName}</td>
                      <td>{time(row.joinedAt)}</td>
                      <td>{time(row.leftAt)}</td>
                      <td>{row.leftReason ? t(`video.record.reason.${row.leftReason}`) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </article>
        ))}
        <p className="muted">{t("video.record.chatCount", { count: record.chatCount })}</p>
      </section>

      <section aria-labelledby="record-snapshots">
        <h2 id="record-snapshots">{t("video.record.snapshots")}</h2>
        {record.snapshots.length === 0 ? (
          <EmptyState message={t("video.record.noSnapshots")} />
        ) : (
          <ul className="video-snapshots" data-testid="record-snapshots">
            {record.snapshots.map((snapshot) => {
              const href = `/api/video/rooms/${room.id}/snapshots/${snapshot.id}`;
              return (
                <li key={snapshot.id} className="card" data-testid={`snapshot-${snapshot.id}`}>
                  <a href={href} target="_blank" rel="noreferrer">
                    <img src={href} alt={t("video.record.snapshotAlt", { author: snapshot.authorName, time: time(snapshot.createdAt) })} loading="lazy" />
                  </a>
                  <p>
                    {snapshot.authorName} · {time(snapshot.createdAt)}
                  </p>
                  {snapshot.caption ? <p>{snapshot.caption}</p> : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
