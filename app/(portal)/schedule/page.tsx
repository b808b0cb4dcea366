import Link from "next/link";
import { STATUS_TONE, formatDay, formatTime } from "@/components/consultation/format";
import "@/components/consultation/consultation.css";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { dayBoard, expertWeek } from "@/server/scheduling/calendar";
import { DAY_MS, parseDateKey, shanghaiDateKey, startOfShanghaiDay, toShanghai } from "@/server/scheduling/time";
import { getDb } from "@/server/db/client";

/** Specialists see their week; coordinators see the day board of every session. */
export default async function SchedulePage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  const user = await requirePageUser("calendar.manage");
  const { t, locale } = await getServerT();
  const { date } = await searchParams;
  const day = (date && parseDateKey(date)) || startOfShanghaiDay(new Date());
  if (user.role === "COORDINATOR") {
    const board = await dayBoard(getDb(), day);
    const link = (offset: number) => `/schedule?date=${shanghaiDateKey(new Date(day.getTime() + offset * DAY_MS))}`;
    return (
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.board.title", { day: formatDay(day, locale) })}</h1>
          <nav className="row-actions" aria-label={t("cons.board.days")}>
            <Link className="button button--ghost" href={link(-1)}>{t("cons.board.previous")}</Link>
            <Link className="button button--ghost" href="/schedule">{t("cons.board.today")}</Link>
            <Link className="button button--ghost" href={link(1)}>{t("cons.board.next")}</Link>
          </nav>
        </header>
        {board.length === 0 ? (
          <EmptyState message={t("cons.board.empty")} />
        ) : (
          <div className="card table-wrap">
            <table className="table" data-testid="day-board">
              <thead>
                <tr>
                  <th scope="col">{t("cons.board.time")}</th>
                  <th scope="col">{t("cons.field.number")}</th>
                  <th scope="col">{t("cons.field.specialty")}</th>
                  <th scope="col">{t("cons.field.expert")}</th>
                  <th scope="col">{t("cons.field.requester")}</th>
                  <th scope="col">{t("cons.field.status")}</th>
                </tr>
              </thead>
              <tbody>
                {board.map((a) => (
                  <tr key={a.id}>
                    <td>
                      {formatTime(a.startsAt, locale)}–{formatTime(a.endsAt, locale)}
                    </td>
                    <td>
                      <Link href={`/consultations/${a.consultation.id}`}>{a.consultation.number}</Link>
                    </td>
                    <td>{t(`cons.specialty.${a.consultation.specialty}`)}</td>
                    <td>{a.consultation.expert?.displayName ?? "—"}</td>
                    <td>
                      {a.consultation.requester.displayName} · {locale === "en" && a.consultation.requestingInstitution.nameEn ? a.consultation.requestingInstitution.nameEn : a.consultation.requestingInstitution.name}
                    </td>
                    <td>
                      <Badge tone={STATUS_TONE[a.consultation.status]}>{t(`cons.status.${a.consultation.status}`)}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    );
  }
  const monday = new Date(day.getTime() - (toShanghai(day).weekday - 1) * DAY_MS);
  const week = await expertWeek(getDb(), user.id, monday);
  const days = Array.from({ length: 7 }, (_, i) => new Date(monday.getTime() + i * DAY_MS));
  const link = (offset: number) => `/schedule?date=${shanghaiDateKey(new Date(monday.getTime() + offset * 7 * DAY_MS))}`;
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("cons.week.title")}</h1>
        <nav className="row-actions" aria-label={t("cons.week.weeks")}>
          <Link className="button button--ghost" href={link(-1)}>{t("cons.week.previous")}</Link>
          <Link className="button button--ghost" href="/schedule">{t("cons.week.thisWeek")}</Link>
          <Link className="button button--ghost" href={link(1)}>{t("cons.week.next")}</Link>
          <Link className="button button--ghost" href="/availability">{t("cons.week.editAvailability")}</Link>
        </nav>
      </header>
      <div className="week" data-testid="expert-week">
        {days.map((d) => {
          const key = shanghaiDateKey(d);
          const booked = week.appointments.filter((a) => shanghaiDateKey(a.startsAt) === key);
          const free = week.free.filter((s) => shanghaiDateKey(s.start) === key);
          return (
            <section key={key} className="week__day" aria-label={formatDay(d, locale)}>
              <h3>{formatDay(d, locale)}</h3>
              {booked.map((a) => (
                <Link key={a.id} className="week__item" href={`/consultations/${a.consultation.id}`}>
                  {formatTime(a.startsAt, locale)} {a.consultation.number}
                  <br />
                  {a.consultation.resident.name} · {a.consultation.requester.displayName}
                </Link>
              ))}
              {free.length > 0 ? <span className="week__item week__item--open">{t("cons.week.free", { count: free.length })}</span> : null}
              {booked.length === 0 && free.length === 0 ? <span className="muted">{t("cons.week.nothing")}</span> : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}
