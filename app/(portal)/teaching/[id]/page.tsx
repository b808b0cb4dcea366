import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/Badge";
import { formatDateTime } from "@/components/consultation/format";
import "@/components/consultation/consultation.css";
import { CancelSessionButton } from "@/components/teaching/CancelSessionButton";
import { PHASE_TONE, timeRange } from "@/components/teaching/format";
import { RegistrationPanel } from "@/components/teaching/RegistrationPanel";
import "@/components/teaching/teaching.css";
import { isAppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { sessionAttendance, type AttendanceView } from "@/server/teaching/attendance";
import { getSessionView } from "@/server/teaching/sessions";

export const dynamic = "force-dynamic";

export default async function TeachingSessionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("teaching.read");
  const { t, locale } = await getServerT();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const session = await getSessionView(getDb(), user, id).catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const attendance: AttendanceView | null = session.can.attendance && session.phase !== "SCHEDULED" ? await sessionAttendance(getDb(), user, id) : null;
  const open = session.phase === "SCHEDULED" || session.phase === "LIVE";
  const watchLabel = session.can.present ? t("teaching.ui.detail.present") : session.can.moderate ? t("teaching.ui.detail.moderate") : t("teaching.ui.detail.watch");
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{session.title}</h1>
        <p>
          <Badge tone={PHASE_TONE[session.phase]} testId="teaching-phase">
            {t(`teaching.ui.status.${session.phase}`)}
          </Badge>{" "}
          {timeRange(session.startsAt, session.endsAt, locale)}
        </p>
        {session.phase === "CANCELLED" ? (
          <p className="notice notice--info" role="status">
            {t("teaching.ui.detail.cancelled", { reason: session.cancelReason ?? "—" })}
          </p>
        ) : null}
        {open && session.can.watch ? (
          <p className="row-actions">
            <Link className="button button--primary" href={`/teaching/${session.id}/watch`} data-testid="watch">
              {watchLabel}
            </Link>
          </p>
        ) : null}
      </header>

      <section className="card" aria-labelledby="details-h">
        <h2 id="details-h">{session.procedure}</h2>
        {session.description ? <p className="text-pre-wrap">{session.description}</p> : null}
        <dl className="cons-dl">
          <dt>{t("teaching.ui.field.surgeon")}</dt>
          <dd>{[session.surgeon.displayName, session.surgeon.title, session.surgeon.institutionName].filter(Boolean).join(" · ")}</dd>
          <dt>{t("teaching.ui.field.moderators")}</dt>
          <dd>{session.moderators.map((m) => m.displayName).join("、")}</dd>
          <dt>{t("teaching.ui.field.host")}</dt>
          <dd>{session.operatingRoom.institutionName}</dd>
          <dt>{t("teaching.ui.field.operatingRoom")}</dt>
          <dd>{session.operatingRoom.name}</dd>
          <dt>{t("teaching.ui.field.cameraKit")}</dt>
          <dd>{session.cameraKit.name}</dd>
          <dt>{t("teaching.ui.field.invited")}</dt>
          <dd>{session.invited.map((i) => i.name).join("、")}</dd>
        </dl>
      </section>

      <ClientMessages of={["RegistrationPanel", "CancelSessionButton", "useAction"]}>
        {session.can.register && open ? <RegistrationPanel sessionId={session.id} userId={user.id} registeredMe={session.registeredMe} clinicians={session.ownClinicians} /> : null}
        {!session.can.register && session.registeredMe && open ? (
          <p className="notice notice--info">{t("teaching.ui.register.youAre")}</p>
        ) : null}
        {session.can.register && !open ? <p className="notice notice--info">{t("teaching.ui.register.closed")}</p> : null}

        {session.registrations ? (
          <section className="card" aria-labelledby="registrations-h">
            <h2 id="registrations-h">{t("teaching.ui.detail.registrations", { count: session.registrationCount })}</h2>
            {session.registrations.length === 0 ? (
              <p className="muted">{t("teaching.ui.detail.noRegistrations")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="registrations">
                  <thead>
                    <tr>
                      <th scope="col">{t("teaching.ui.detail.site")}</th>
                      <th scope="col">{t("teaching.ui.role.TRAINEE")}</th>
                      <th scope="col">{t("teaching.ui.detail.registeredAt")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {session.registrations.map((r) => (
                      <tr key={r.traineeId}>
                        <td>{r.institutionName}</td>
                        <td>{r.displayName}</td>
                        <td>
                          {formatDateTime(r.registeredAt, locale)} · {t(`teaching.ui.detail.registeredBy.${r.source}`)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ) : null}

        {session.can.attendance ? (
          <section className="card" aria-labelledby="attendance-h" data-testid="attendance">
            <h2 id="attendance-h">{t("teaching.ui.detail.attendance")}</h2>
            {!attendance || attendance.sites.every((site) => site.people.every((p) => p.joins.length === 0)) ? <p className="muted">{t("teaching.ui.detail.attendanceEmpty")}</p> : null}
            {attendance?.sites.map((site) => (
              <div key={site.institutionId ?? "none"}>
                <h3>{t("teaching.ui.detail.attendanceSite", { site: site.institutionName, registered: site.registered, attended: site.attended })}</h3>
                <ul>
                  {site.people.map((person) => (
                    <li key={person.userId}>
                      {person.displayName} · {t(`teaching.ui.role.${person.role}`)} ·{" "}
                      {person.joins.length === 0 ? t("teaching.ui.detail.absent") : t("teaching.ui.detail.minutes", { minutes: person.minutes })}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            <p>
              <a className="button button--ghost" href={`/api/teaching/sessions/${session.id}/attendance?format=csv`} download data-testid="attendance-csv">
                {t("teaching.ui.detail.attendanceCsv")}
              </a>
            </p>
          </section>
        ) : null}

        {session.can.schedule && session.phase === "SCHEDULED" ? <CancelSessionButton sessionId={session.id} version={session.version} /> : null}
      </ClientMessages>
    </div>
  );
}
