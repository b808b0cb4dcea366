import Link from "next/link";
import "@/components/healthcard/access.css";
import { formatDateTime } from "@/components/consultation/format";
import { EmptyState } from "@/components/ui/EmptyState";
import { Pagination } from "@/components/ui/Pagination";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { listRecordAccess } from "@/server/healthcard/accessLog";

export const dynamic = "force-dynamic";

export default async function RecordAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("card.own");
  const { t, locale } = await getServerT();
  const params = await searchParams;
  const requested = typeof params.page === "string" && /^\d{1,6}$/.test(params.page) ? Number(params.page) : 1;
  const result = await listRecordAccess(getDb(), user, requested);
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));

  return (
    <div className="stack" data-testid="record-access-page">
      <header className="page-header">
        <h1>{t("healthCard.access.title")}</h1>
        <p>{t("healthCard.access.intro")}</p>
        <p className="muted">{t("healthCard.access.privacy")}</p>
      </header>
      {!result.hasRecord ? (
        <EmptyState
          message={t("healthCard.access.noCard")}
          action={
            <Link className="button button--primary" href="/register">
              {t("healthCard.ui.register.title")}
            </Link>
          }
        />
      ) : result.entries.length === 0 ? (
        <EmptyState message={t("healthCard.access.empty")} />
      ) : (
        <ol className="entry-list" aria-label={t("healthCard.access.listLabel")} data-testid="record-access-list">
          {result.entries.map((entry) => {
            const institution = entry.institution ? (locale === "en" && entry.institution.nameEn ? entry.institution.nameEn : entry.institution.name) : t("healthCard.access.unknownInstitution");
            const who = entry.who ?? t("healthCard.access.unknownPerson");
            const role = entry.viaTerminal ? t("healthCard.access.terminal") : entry.role ? t(`role.${entry.role}`) : null;
            return (
              <li key={entry.id} className="card" data-testid="record-access-entry">
                <p className="entry-list__title">{t(entry.labelKey)}</p>
                <dl>
                  <dt>{t("healthCard.access.when")}</dt>
                  <dd>
                    <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at, locale)}</time>
                  </dd>
                  <dt>{t("healthCard.access.who")}</dt>
                  <dd>{role ? (locale === "en" ? `${who} (${role})` : `${who}（${role}）`) : who}</dd>
                  <dt>{t("healthCard.access.institution")}</dt>
                  <dd>{institution}</dd>
                </dl>
              </li>
            );
          })}
        </ol>
      )}
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        hrefFor={(page) => `/card/access?page=${page}`}
        labels={{
          previous: t("healthCard.access.page.previous"),
          next: t("healthCard.access.page.next"),
          status: t("healthCard.access.page.status", { page: result.page, pages, total: result.total }),
          nav: t("healthCard.access.page.nav"),
        }}
      />
    </div>
  );
}
