import Link from "next/link";
import { notFound } from "next/navigation";
import "@/components/consultation/consultation.css";
import "@/components/record/record.css";
import "@/components/healthcard/healthcard.css";
import { formatDateTime } from "@/components/consultation/format";
import { Badge } from "@/components/ui/Badge";
import { isAppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { myConsultation } from "@/server/record/readConsultation";

export const dynamic = "force-dynamic";

/** The resident's own consultation: the request, the opinion in plain language beside the signed original, the advice. */
export default async function MyConsultationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("consultation.own");
  const { t, locale } = await getServerT();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const c = await myConsultation(getDb(), user, id).catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const institution = (x: { name: string; nameEn: string | null } | null | undefined) => (x ? (locale === "en" && x.nameEn ? x.nameEn : x.name) : "");
  return (
    <div className="stack" data-testid="my-consultation">
      <header className="page-header">
        <p>
          <Link href="/my-record">{t("record.myCons.back")}</Link>
        </p>
        <h1>{t("record.myCons.title", { number: c.number })}</h1>
        <p>
          {t(`cons.specialty.${c.specialty}`)} · <Badge>{t(`cons.status.${c.status}`)}</Badge>
        </p>
      </header>
      <section className="card" aria-labelledby="req-h">
        <h2 id="req-h">{t("record.myCons.request")}</h2>
        <dl className="cons-dl">
          <dt>{t("record.myCons.requestedBy")}</dt>
          <dd>
            {c.requester.displayName} · {institution(c.requestingInstitution)}
          </dd>
          <dt>{t("record.myCons.expert")}</dt>
          <dd>{c.expert ? `${c.expert.displayName} ${c.expert.title ?? ""} · ${institution(c.expert.institution)}` : "—"}</dd>
          <dt>{t("record.myCons.when")}</dt>
          <dd>{c.scheduledStart ? formatDateTime(c.scheduledStart, locale) : "—"}</dd>
          <dt>{t("record.myCons.summary")}</dt>
          <dd className="text-pre-wrap">{c.clinicalSummary || "—"}</dd>
          <dt>{t("record.myCons.question")}</dt>
          <dd className="text-pre-wrap">{c.question || "—"}</dd>
        </dl>
      </section>
      {c.opinion ? (
        <div className="two-columns">
          <section className="card stack" aria-labelledby="plain-h" data-testid="opinion-plain">
            <h2 id="plain-h">{t("record.myCons.plain")}</h2>
            <p className="muted">{t("record.myCons.plainIntro")}</p>
            <p className="record-plain">{t(`record.myCons.referral.${c.opinion.referralDecision}`)}</p>
            {c.advice.length === 0 ? (
              <p className="muted">{t("record.myCons.noAdvice")}</p>
            ) : (
              c.advice.map((a) => (
                <div key={a.id}>
                  <h3>{t("cons.patientAdvice.from", { doctor: a.author.displayName })}</h3>
                  <p className="record-plain text-pre-wrap">{a.body}</p>
                  <p className="muted">{formatDateTime(a.publishedAt, locale)}</p>
                </div>
              ))
            )}
            <p>
              <Link href="/advice">{t("record.myCons.adviceLink")}</Link>
            </p>
          </section>
          <section className="card stack" aria-labelledby="orig-h" data-testid="opinion-original">
            <h2 id="orig-h">{t("record.myCons.original")}</h2>
            <dl className="cons-dl">
              <dt>{t("record.myCons.findings")}</dt>
              <dd className="text-pre-wrap">{c.opinion.findings}</dd>
              <dt>{t("record.view.impression")}</dt>
              <dd className="text-pre-wrap">{c.opinion.impression}</dd>
              <dt>{t("record.view.recommendations")}</dt>
              <dd className="text-pre-wrap">{c.opinion.recommendations}</dd>
              <dt>{t("record.myCons.signature")}</dt>
              <dd>
                {t("record.view.signedBy", { author: `${c.opinion.author} ${c.opinion.authorTitle ?? ""}`.trim(), at: formatDateTime(c.opinion.signedAt, locale) })}
                <br />
                <span className={c.opinion.verification.valid ? "notice notice--success" : "notice notice--error"} data-testid="opinion-signature">
                  {t(c.opinion.verification.valid ? "record.myCons.signatureValid" : "record.myCons.signatureInvalid")}
                </span>
              </dd>
            </dl>
          </section>
        </div>
      ) : (
        <p className="notice notice--info">{t("record.myCons.noOpinion")}</p>
      )}
    </div>
  );
}
