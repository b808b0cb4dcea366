import Link from "next/link";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { PHASE_TONE, timeRange } from "@/components/teaching/format";
import "@/components/teaching/teaching.css";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { isAllowed } from "@/server/access/policy";
import { getDb } from "@/server/db/client";
import { listSessions } from "@/server/teaching/sessions";

export const dynamic = "force-dynamic";

/** Upcoming sessions (or past ones) the reader takes part in or is invited to; the centre sees all and schedules. */
export default async function TeachingListPage({ searchParams }: { searchParams: Promise<{ when?: string }> }) {
  const user = await requirePageUser("teaching.list");
  const { t, locale } = await getServerT();
  const when = (await searchParams).when === "past" ? "past" : "upcoming";
  const sessions = await listSessions(getDb(), user, when);
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("teaching.ui.list.title")}</h1>
        <p>{t("teaching.ui.list.intro")}</p>
        <nav className="row-actions" aria-label={t("teaching.ui.list.tabs")}>
          <Link className={`button ${when === "upcoming" ? "button--primary" : "button--ghost"}`} href="/teaching" aria-current={when === "upcoming" ? "page" : undefined}>
            {t("teaching.ui.list.upcoming")}
          </Link>
          <Link className={`button ${when === "past" ? "button--primary" : "button--ghost"}`} href="/teaching?when=past" aria-current={when === "past" ? "page" : undefined}>
            {t("teaching.ui.list.past")}
          </Link>
          {isAllowed(user, "teaching.schedule") ? (
            <Link className="button button--ghost" href="/teaching/new" data-testid="schedule-teaching">
              {t("teaching.ui.list.schedule")}
            </Link>
          ) : null}
        </nav>
      </header>
      {sessions.length === 0 ? (
        <EmptyState message={t("teaching.ui.list.empty")} />
      ) : (
        <ul className="teaching-list" data-testid="teaching-list">
          {sessions.map((session) => (
            <li key={session.id} className="card teaching-card">
              <div className="teaching-card__head">
                <h2>
                  <Link href={`/teaching/${session.id}`}>{session.title}</Link>
                </h2>
                <Badge tone={PHASE_TONE[session.phase]}>{t(`teaching.ui.status.${session.phase}`)}</Badge>
                {session.registeredMe ? <Badge tone="success">{t("teaching.ui.list.registeredMe")}</Badge> : null}
              </div>
              <p>{session.procedure}</p>
              <p className="muted">
                {timeRange(session.startsAt, session.endsAt, locale)} · {session.surgeonName} · {session.hostInstitutionName} {session.operatingRoomName}
              </p>
              <p className="muted">{t("teaching.ui.list.registrations", { count: session.registrations })}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
