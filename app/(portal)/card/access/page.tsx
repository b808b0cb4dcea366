import Link from "next/link";
import "@/components/healthcard/access.css";
import { formatDateTime } from "@/components/consultation/format";
import { EmptyState } from "@/components/ui/EmptyState";
import { Pagination } from "@/components/ui/Pagination";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { listRecordAccess } from "@/server/healthcard/accessLog";
import { managedRecordOfPage } from "@/app/(portal)/my-record/managed";
import { RecordSwitcher } from "@/components/record/RecordSwitcher";
import { Badge } from "@/components/ui/Badge";


export const dynamic = "force-dynamic";

export default async function RecordAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("card.own");
  const { t, locale } = await getServerT();
  const params = await searchParams;
  const requested = typeof params.page === "string" && /^\d{1,6}$/.test(params.page) ? Number(params.page) : 1;
  const { current, all } = await managedRecordOfPage(user, params);
  const result = await listRecordAccess(getDb(), user, requested, undefined, current && !current.self ? current.residentId : undefined);
  const suffix = current && !current.self ? `&for=${current.residentId}` : "";
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));

  return (
    <div className="stack" data-testid="record-access-page">
      <header className="page-header">
        <h1>{t("healthCard.access.title")}</h1>
        <p>{t("healthCard.access.intro")}</p>
        <p className="muted">{t("healthCard.access.privacy")}</p>
      </header>
      <RecordSwitcher records={all} current={current?.residentId ?? null} basePath="/card/access" />
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
              <li key={entry.id} className={entry.emergency ? "card access-line--emergency" : "card"} data-testid="record-access-entry">
                <p className="entry-list__title">
                  {entry.labelKeys.map((key) => t(key)).join(locale === "en" ? "; " : "；")}{" "}
                  {entry.count > 1 ? <Badge tone="info" testId="record-access-count">{t("healthCard.access.count", { count: entry.count })}</Badge> : null}{" "}
                  {entry.emergency ? <Badge tone="danger" testId="record-access-emergency">{t("healthCard.access.emergency")}</Badge> : null}
                </p>
                <dl>
                  <dt>{t("healthCard.access.when")}</dt>
                  <dd>
                    {entry.count > 1 && formatDateTime(entry.firstAt, locale) !== formatDateTime(entry.at, locale) ? (
                      t("healthCard.access.span", { first: formatDateTime(entry.firstAt, locale), last: formatDateTime(entry.at, locale) })
                    ) : (
                      <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at, locale)}</time>
                    )}
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
        hrefFor={(page) => `/card/access?page=${page}${suffix}`}
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
