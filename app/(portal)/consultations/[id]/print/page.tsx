import { notFound } from "next/navigation";
import { formatDateTime } from "@/components/consultation/format";
import { OpinionList, type OpinionView } from "@/components/consultation/OpinionList";
import { PrintButton } from "@/components/consultation/PrintButton";
import "@/components/consultation/consultation.css";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { plain } from "@/server/consultation/api";
import { listOpinions } from "@/server/consultation/opinion";
import { opinionPrintView } from "@/server/consultation/printView";
import { getDb } from "@/server/db/client";

/** 会诊意见书: a printable (save as PDF) opinion with its signature details. */
export default async function OpinionPrintPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("consultation.read");
  const { t, locale } = await getServerT();
  const { id } = await params;
  let view;
  try {
    if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
    view = await opinionPrintView(getDb(), user, id);
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  }
  const { consultation: c, patient, request } = view;
  const opinions = plain(await listOpinions(getDb(), user, id)) as OpinionView[];
  return (
    <ClientMessages of={["PrintButton"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.print.title")}</h1>
          <p>
            {t("cons.detail.title", { number: c.number })} · {c.resident.name} · {c.requestingInstitution.name}
          </p>
          <p className="muted">{t("cons.print.generated", { at: formatDateTime(new Date(), locale) })}</p>
          <PrintButton />
        </header>
        <section className="card" aria-labelledby="print-patient-h" data-testid="print-patient">
          <h2 id="print-patient-h">{t("cons.print.patient")}</h2>
          <dl className="cons-dl">
            <dt>{t("cons.field.patient")}</dt>
            <dd>{patient.name}</dd>
            <dt>{t("cons.print.sex")}</dt>
            <dd data-testid="print-sex">{t(`cons.sex.${patient.sex}`)}</dd>
            <dt>{t("cons.print.age")}</dt>
            <dd data-testid="print-age">{patient.age === null ? "—" : t("cons.print.years", { age: patient.age })}</dd>
            <dt>{t("cons.print.document")}</dt>
            <dd data-testid="print-document">{patient.docNumberMasked ? `${patient.docType ? t(`healthCard.ui.docType.${patient.docType}`) : ""} ${patient.docNumberMasked}`.trim() : "—"}</dd>
            <dt>{t("cons.print.card")}</dt>
            <dd data-testid="print-card">{patient.cardIdMasked ?? "—"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="print-request-h" data-testid="print-request">
          <h2 id="print-request-h">{t("cons.print.request")}</h2>
          <dl className="cons-dl">
            <dt>{t("cons.field.type")}</dt>
            <dd>{t(`cons.type.${c.type}`)}</dd>
            <dt>{t("cons.field.specialty")}</dt>
            <dd>{t(`cons.specialty.${c.specialty}`)}</dd>
            <dt>{t("cons.field.requester")}</dt>
            <dd>
              {c.requester.displayName} · {c.requestingInstitution.name}
            </dd>
            <dt>{t("cons.print.requestedAt")}</dt>
            <dd>{formatDateTime(request.requestedAt, locale)}</dd>
            <dt>{t("cons.field.summary")}</dt>
            <dd>{request.clinicalSummary || "—"}</dd>
            <dt>{t("cons.field.question")}</dt>
            <dd>{request.question || "—"}</dd>
          </dl>
        </section>
        {opinions.length === 0 ? <p className="notice notice--info">{t("cons.print.none")}</p> : <OpinionList consultationId={c.id} opinions={opinions.slice(0, 1)} print />}
        <p className="muted">{t("cons.print.verifyHint")}</p>
      </div>
    </ClientMessages>
  );
}
