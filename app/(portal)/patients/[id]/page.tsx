import Link from "next/link";
import { notFound } from "next/navigation";
import "@/components/healthcard/healthcard.css";
import { formatDateTime } from "@/components/consultation/format";
import { MergeForm } from "@/components/healthcard/MergeForm";
import { LinkIdentifierForm, VerifyButton } from "@/components/healthcard/PatientActions";
import { UnmergeButton } from "@/components/healthcard/UnmergeButton";
import type { IdentityField } from "@/server/healthcard/mergeRules";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { isAllowed } from "@/server/access/policy";
import { getDb } from "@/server/db/client";
import { getResidentDetail } from "@/server/healthcard/residentDetail";
import { familyLinksOf } from "@/server/record/family";
import { ConfirmAction } from "@/components/record/ConfirmAction";
import { FamilyLinkForm } from "@/components/record/FamilyLinkForm";
import "@/components/record/record.css";

export const dynamic = "force-dynamic";

export default async function PatientPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("resident.browse");
  const { t, locale } = await getServerT();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const detail = await getResidentDetail(getDb(), user, id).catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const { resident } = detail;
  // Family members managing the record: shown to the staff who may link them (family.link), else not at all.
  const family = await familyLinksOf(getDb(), user, resident.id).catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) return null;
    throw error;
  });
  return (
    <ClientMessages of={["MergeForm", "MergeComparison", "UnmergeButton", "PatientActions", "FamilyLinkForm", "useAction", "PendingButton"]}>
      <div className="stack" data-testid="patient-detail">
        <header className="page-header">
          <p>
            <Link href="/patients">{t("healthCard.ui.detail.back")}</Link>
          </p>
          <h1>{resident.name}</h1>
          {resident.id !== id ? <p className="notice notice--info">{t("healthCard.ui.detail.mergedNotice")}</p> : null}
          {user.role !== "INSTITUTION_ADMIN" && user.role !== "PLATFORM_ADMIN" ? (
            <p>
              <Link className="button button--primary" href={`/patients/${resident.id}/record`} data-testid="open-shared-record">
                {t("record.view.link")}
              </Link>{" "}
              {isAllowed(user, "consultation.create", {}) ? (
                <Link className="button button--ghost" href={`/consultations/new?patient=${resident.id}`} data-testid="new-consultation-for-patient">
                  {t("cons.new.forPatient")}
                </Link>
              ) : null}
            </p>
          ) : null}
        </header>
        <div className="two-columns">
          <section className="card stack" aria-labelledby="identity-heading">
            <h2 id="identity-heading">{t("healthCard.ui.detail.identity")}</h2>
            <dl className="detail-grid">
              <dt>{t("healthCard.ui.field.sex")}</dt>
              <dd>{t(`healthCard.ui.sex.${resident.sex}`)}</dd>
              <dt>{t("healthCard.ui.field.birthDate")}</dt>
              <dd>{resident.birthDate ?? "—"}</dd>
              <dt>{t("healthCard.ui.field.docType")}</dt>
              <dd>{resident.docType ? t(`healthCard.ui.docType.${resident.docType}`) : "—"}</dd>
              <dt>{t("healthCard.ui.field.docNumber")}</dt>
              <dd>{resident.docNumberMasked ?? "—"}</dd>
              <dt>{t("healthCard.ui.field.phone")}</dt>
              <dd>{resident.phoneMasked ?? "—"}</dd>
              <dt>{t("healthCard.ui.field.cardStatus")}</dt>
              <dd>{resident.cardStatus ? t(`healthCard.ui.status.${resident.cardStatus}`) : "—"}</dd>
              <dt>{t("healthCard.ui.field.verified")}</dt>
              <dd>{t(resident.verified ? "healthCard.ui.verified.yes" : "healthCard.ui.verified.no")}</dd>
              <dt>{t("healthCard.ui.field.cardId")}</dt>
              <dd className="break">{resident.cardIdMasked ?? "—"}</dd>
              <dt>{t("healthCard.ui.field.masterIndex")}</dt>
              <dd className="break">{resident.masterIndexId}</dd>
              <dt>{t("healthCard.ui.field.recordId")}</dt>
              <dd className="break">{resident.id}</dd>
            </dl>
            {!resident.verified && detail.can.verify ? <VerifyButton residentId={resident.id} /> : null}
          </section>
          <section className="card stack" aria-labelledby="identifiers-heading">
            <h2 id="identifiers-heading">{t("healthCard.ui.detail.identifiers")}</h2>
            {detail.identifiers.length === 0 ? (
              <p className="muted">{t("healthCard.ui.detail.noIdentifiers")}</p>
            ) : (
              <table className="table" data-testid="identifiers">
                <thead>
                  <tr>
                    <th scope="col">{t("healthCard.ui.field.identifierKind")}</th>
                    <th scope="col">{t("healthCard.ui.field.issuer")}</th>
                    <th scope="col">{t("healthCard.ui.field.identifierValue")}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.identifiers.map((identifier) => (
                    <tr key={identifier.id}>
                      <td>{t(`healthCard.ui.kind.${identifier.kind}`)}</td>
                      <td>{identifier.issuer}</td>
                      <td>{identifier.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {detail.merges.length > 0 ? (
              <>
                <h3>{t("healthCard.ui.history.heading")}</h3>
                <ul className="merge-history" data-testid="merge-history">
                  {detail.merges.map((merge) => (
                    <li key={merge.id} data-testid="merge-history-item">
                      <p>
                        {t("healthCard.ui.history.mergedInto", { at: formatDateTime(merge.at, locale), actor: merge.mergedBy ?? "—", from: merge.fromName, into: merge.intoName, reason: merge.reason })}
                      </p>
                      {merge.overrideReason ? (
                        <p className="muted">
                          {t("healthCard.ui.history.override", { fields: merge.conflicts.map((f) => t(`healthCard.ui.merge.conflictField.${f as IdentityField}`)).join(locale === "en" ? ", " : "、"), reason: merge.overrideReason })}
                        </p>
                      ) : null}
                      {merge.undone ? (
                        <p>
                          {t("healthCard.ui.history.undone", { at: formatDateTime(merge.undone.at, locale), actor: merge.undone.by ?? "—", reason: merge.undone.reason ?? "—" })}{" "}
                          <Link href={`/patients/${merge.fromResidentId === resident.id ? merge.intoResidentId : merge.fromResidentId}`}>{t("healthCard.ui.unmerge.openOther")}</Link>
                        </p>
                      ) : detail.can.unmerge && merge.intoResidentId === resident.id ? (
                        <UnmergeButton mergeId={merge.id} fromName={merge.fromName} fromResidentId={merge.fromResidentId} />
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          {family ? (
            <section className="card stack" aria-labelledby="family-heading" data-testid="family-section">
              <h2 id="family-heading">{t("record.family.current")}</h2>
              {family.length === 0 ? (
                <p className="muted">{t("record.family.none")}</p>
              ) : (
                <ul className="record-entries">
                  {family.map((link) => (
                    <li key={link.id}>
                      <p className="record-entry__title">
                        {link.guardian.name}（{link.guardian.username}）· {t(`record.family.relationship.${link.relationship}`)}
                      </p>
                      <p className="record-entry__meta">{t("record.family.establishedBy", { by: link.establishedBy ?? "—", at: formatDateTime(link.createdAt, locale) })}</p>
                      <ConfirmAction
                        url={`/api/patients/${resident.id}/family/${link.id}`}
                        method="DELETE"
                        label={t("record.family.end")}
                        title={t("record.family.endTitle", { name: resident.name })}
                        body={t("record.family.endBody")}
                        confirmLabel={t("record.family.end")}
                        cancelLabel={t("record.consent.cancel")}
                        success={t("record.family.ended")}
                      />
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t("record.family.linkHeading")}</h3>
              <FamilyLinkForm residentId={resident.id} />
            </section>
          ) : null}
          {detail.can.update ? <LinkIdentifierForm residentId={resident.id} /> : null}
          {detail.can.update ? <MergeForm residentId={resident.id} /> : null}
        </div>
      </div>
    </ClientMessages>
  );
}
