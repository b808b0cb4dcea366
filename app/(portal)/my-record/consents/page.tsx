import Link from "next/link";
import { formatDateTime } from "@/components/consultation/format";
import { ConfirmAction } from "@/components/record/ConfirmAction";
import { ConsentForm } from "@/components/record/ConsentForm";
import { RecordSwitcher } from "@/components/record/RecordSwitcher";
import { Badge, type BadgeTone } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { shanghaiDateKey } from "@/server/scheduling/time";
import { consentCandidates, consentDateRange, listConsents } from "@/server/record/consent";
import { managedRecordOfPage } from "../managed";

export const dynamic = "force-dynamic";

const TONE: Record<string, BadgeTone> = { ACTIVE: "success", EXPIRED: "neutral", REVOKED: "warning" };

/** The resident's consents: grant (to a clinician or an institution, whole or by category, until a day), list with status, revoke with confirmation. */
export default async function ConsentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("record.manage");
  const { t, locale } = await getServerT();
  const { current, all } = await managedRecordOfPage(user, await searchParams);
  if (!current) return <EmptyState message={t("record.mine.noRecord")} action={<Link className="button button--primary" href="/register">{t("healthCard.ui.register.title")}</Link>} />;
  const db = getDb();
  const [consents, candidates] = await Promise.all([listConsents(db, user, current.residentId), consentCandidates(db, user, current.residentId)]);
  const range = consentDateRange();
  const sep = locale === "en" ? ", " : "、";
  const granteeName = (c: (typeof consents)[number]) =>
    c.grantee.kind === "user" ? `${c.grantee.name}${c.grantee.institution ? ` · ${locale === "en" && c.grantee.institution.nameEn ? c.grantee.institution.nameEn : c.grantee.institution.name}` : ""}` : locale === "en" && c.grantee.nameEn ? c.grantee.nameEn : c.grantee.name;
  return (
    <ClientMessages of={["ConsentForm", "useAction", "PendingButton"]}>
      <div className="stack" data-testid="consents-page">
        <header className="page-header">
          <p>
            <Link href={current.self ? "/my-record" : `/my-record?for=${current.residentId}`}>{t("record.myCons.back")}</Link>
          </p>
          <h1>{t("record.consent.title")}</h1>
          <p>{t("record.consent.intro")}</p>
        </header>
        <RecordSwitcher records={all} current={current.residentId} basePath="/my-record/consents" />
        <ConsentForm
          residentId={current.residentId}
          candidates={{ careTeam: candidates.careTeam, institutions: candidates.institutions }}
          minDate={range.min}
          maxDate={range.max}
        />
        <section className="stack" aria-labelledby="consent-list-h">
          <h2 id="consent-list-h">{t("record.consent.list")}</h2>
          {consents.length === 0 ? (
            <p className="muted">{t("record.consent.none")}</p>
          ) : (
            <ul className="record-entries" data-testid="consent-list">
              {consents.map((c) => (
                <li key={c.id} className="card" data-testid="consent" data-status={c.status}>
                  <p className="record-entry__title">
                    {granteeName(c)} <Badge tone={TONE[c.status]}>{t(`record.consent.status.${c.status}`)}</Badge>
                  </p>
                  <p className="record-entry__meta">{c.categories.length === 0 ? t("record.consent.whole") : c.categories.map((x) => t(`record.category.${x}`)).join(sep)}</p>
                  <p className="record-entry__meta">
                    {c.purpose ? `${c.purpose} · ` : ""}
                    {t("record.consent.grantedOn", { date: formatDateTime(c.grantedAt, locale) })} · {t("record.consent.until", { date: shanghaiDateKey(c.expiresAt) })}
                    {c.revokedAt ? ` · ${t("record.consent.revokedOn", { date: formatDateTime(c.revokedAt, locale) })}` : ""}
                  </p>
                  {c.status === "ACTIVE" ? (
                    <ConfirmAction
                      url={`/api/record/consents/${c.id}/revoke`}
                      label={t("record.consent.revoke")}
                      title={t("record.consent.revokeTitle", { grantee: granteeName(c) })}
                      body={t("record.consent.revokeBody")}
                      confirmLabel={t("record.consent.revokeConfirm")}
                      cancelLabel={t("record.consent.cancel")}
                      success={t("record.consent.revoked")}
                      testId="revoke-consent"
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
