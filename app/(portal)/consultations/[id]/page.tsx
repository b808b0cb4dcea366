import Link from "next/link";
import { notFound } from "next/navigation";
import { AdviceDoctorPanel, type AdviceView } from "@/components/consultation/AdviceDoctorPanel";
import { AssignPanel } from "@/components/consultation/AssignPanel";
import { BookingPanel } from "@/components/consultation/BookingPanel";
import { AttachmentUpload, DraftPanel } from "@/components/consultation/DraftPanel";
import { STATUS_TONE, URGENCY_TONE, formatDateTime } from "@/components/consultation/format";
import { OpinionForm } from "@/components/consultation/OpinionForm";
import { OpinionList } from "@/components/consultation/OpinionList";
import { WorkflowButtons } from "@/components/consultation/WorkflowButtons";
import { LiveConsultation } from "@/components/consultation/LiveConsultation";
import "@/components/consultation/consultation.css";
import { Badge } from "@/components/ui/Badge";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { adviceForConsultation } from "@/server/consultation/advice";
import { plain } from "@/server/consultation/api";
import { listOpinions } from "@/server/consultation/opinion";
import { viewConsultation } from "@/server/consultation/requests";
import { availableActions } from "@/server/consultation/stateMachine";
import { getDb } from "@/server/db/client";
import { readSharedRecord } from "@/server/record/read";
import { SharedRecordView } from "@/components/record/SharedRecordView";

const VIDEO_STATUSES = ["SCHEDULED", "IN_SESSION"];

export default async function ConsultationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("consultation.read");
  const { t, locale } = await getServerT();
  const { id } = await params;
  const db = getDb();
  let c;
  try {
    if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
    c = await viewConsultation(db, user, id);
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  }
  const [opinions, advice, record] = await Promise.all([
    listOpinions(db, user, id),
    adviceForConsultation(db, id),
    // The resident's shared record beside the request, for those the record policy allows (the requesting doctor, the assigned expert…).
    readSharedRecord(db, user, c.resident.id).catch((error: unknown) => {
      if (isAppError(error) && error.status === 404) return null;
      throw error;
    }),
  ]);
  const actions = availableActions(c, user);
  const isRequester = c.requesterId === user.id;
  const isExpert = c.expertId === user.id;
  const latest = opinions[0];
  return (
    <ClientMessages of={["AdviceDoctorPanel", "useFieldErrors", "useAction", "AssignPanel", "BookingPanel", "DraftPanel", "OpinionForm", "WorkflowButtons", "ReasonAction", "LimitedTextarea"]}>
      <div className="stack">
        <LiveConsultation id={c.id} />
        <header className="page-header">
          <p className="muted">
            <Link href="/consultations">{t("cons.detail.back")}</Link>
          </p>
          <div className="cons-title">
            <h1>{t("cons.detail.title", { number: c.number })}</h1>
            <Badge tone={STATUS_TONE[c.status]} testId="consultation-status">
              {t(`cons.status.${c.status}`)}
            </Badge>
            <Badge tone={URGENCY_TONE[c.urgency]}>{t(`cons.urgency.${c.urgency}`)}</Badge>
          </div>
        </header>
        {c.scheduledStart && VIDEO_STATUSES.includes(c.status) ? (
          <section className="card notice--info" aria-label={t("cons.video.region")} data-testid="video-slot">
            <p>{t("cons.video.when", { start: formatDateTime(c.scheduledStart, locale), end: c.scheduledEnd ? formatDateTime(c.scheduledEnd, locale) : "" })}</p>
            <Link className="button button--primary" href={`/consultations/${c.id}/video`}>
              {t("cons.video.join")}
            </Link>
          </section>
        ) : null}
        <div className="cons-grid">
          <div className="stack">
            <section className="card" aria-labelledby="summary-h">
              <h2 id="summary-h">{t("cons.detail.request")}</h2>
              <dl className="cons-dl">
                <dt>{t("cons.field.patient")}</dt>
                <dd>
                  {c.resident.name} · {t(`cons.sex.${c.resident.sex}`)}
                </dd>
                <dt>{t("cons.field.type")}</dt>
                <dd>{t(`cons.type.${c.type}`)}</dd>
                <dt>{t("cons.field.specialty")}</dt>
                <dd>{t(`cons.specialty.${c.specialty}`)}</dd>
                <dt>{t("cons.field.requester")}</dt>
                <dd>
                  {c.requester.displayName} · {locale === "en" && c.requestingInstitution.nameEn ? c.requestingInstitution.nameEn : c.requestingInstitution.name}
                </dd>
                <dt>{t("cons.field.expert")}</dt>
                <dd>{c.expert ? `${c.expert.displayName} ${c.expert.title ?? ""}` : t("cons.detail.unassigned")}</dd>
                <dt>{t("cons.field.summary")}</dt>
                <dd>{c.clinicalSummary || "—"}</dd>
                <dt>{t("cons.field.question")}</dt>
                <dd>{c.question || "—"}</dd>
                <dt>{t("cons.field.preferredTimes")}</dt>
                <dd>{c.preferredTimes || "—"}</dd>
                <dt>{t("cons.field.consent")}</dt>
                <dd>{c.consentAt ? t("cons.detail.consent", { by: c.consentGivenBy ?? "", method: t(`cons.consent.${c.consentMethod}`), at: formatDateTime(c.consentAt, locale) }) : t("cons.detail.noConsent")}</dd>
                {c.closedReason ? (
                  <>
                    <dt>{t("cons.common.reason")}</dt>
                    <dd>{c.closedReason}</dd>
                  </>
                ) : null}
              </dl>
              <h3>{t("cons.attach.heading")}</h3>
              {c.attachments.length === 0 ? (
                <p className="muted">{t("cons.attach.none")}</p>
              ) : (
                <ul data-testid="attachments">
                  {c.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={`/api/consultations/${c.id}/attachments/${a.id}`}>{a.fileName}</a> <span className="muted">({Math.ceil(a.sizeBytes / 1024)} KB)</span>
                    </li>
                  ))}
                </ul>
              )}
              {isRequester && ["SUBMITTED", "ASSIGNED", "SCHEDULED"].includes(c.status) ? <AttachmentUpload id={c.id} /> : null}
            </section>
            {c.status === "DRAFT" && isRequester ? <DraftPanel id={c.id} version={c.version} consentAt={c.consentAt?.toISOString() ?? null} canSubmit={actions.includes("submit")} /> : null}
            {actions.includes("assign") ? (
              <section className="card" aria-labelledby="assign-h">
                <h2 id="assign-h">{t("cons.assign.heading")}</h2>
                <AssignPanel id={c.id} version={c.version} />
              </section>
            ) : null}
            {actions.includes("schedule") ? <BookingPanel id={c.id} version={c.version} mode="book" /> : null}
            {actions.includes("reschedule") ? <BookingPanel id={c.id} version={c.version} mode="reschedule" /> : null}
            <WorkflowButtons id={c.id} version={c.version} actions={actions} />
            {isExpert && (c.status === "OPINION_PENDING" || c.status === "COMPLETED") ? (
              <div id="opinion">
              <OpinionForm id={c.id} previous={latest ? { findings: latest.findings, impression: latest.impression, recommendations: latest.recommendations, referralDecision: latest.referralDecision } : null} />
              </div>
            ) : null}
            <OpinionList consultationId={c.id} opinions={plain(opinions) as never} />
            {c.status === "COMPLETED" ? <AdviceDoctorPanel id={c.id} advice={plain(advice) as AdviceView[]} canWrite={isRequester || isExpert} /> : null}
          </div>
          <div className="stack">
          <aside className="card record-side" aria-labelledby="record-h" data-testid="consultation-record">
            <h2 id="record-h">{t("record.view.sideTitle")}</h2>
            {record ? (
              <>
                <p>
                  <Link href={`/patients/${c.resident.id}/record`}>{t("record.view.openFull")}</Link>
                </p>
                <SharedRecordView record={record} compact />
              </>
            ) : (
              <p className="muted">{t("record.view.noAccessSide")}</p>
            )}
          </aside>
          <aside className="card" aria-labelledby="history-h">
            <h2 id="history-h">{t("cons.detail.history")}</h2>
            <ol className="timeline" data-testid="history">
              {c.events.map((event) => (
                <li key={String(event.id)}>
                  <strong>{t(`cons.action.${event.action}`)}</strong>
                  <br />
                  <span className="muted">{formatDateTime(event.at, locale)}</span>
                  {event.reason ? <p>{event.reason}</p> : null}
                </li>
              ))}
            </ol>
          </aside>
          </div>
        </div>
      </div>
    </ClientMessages>
  );
}
