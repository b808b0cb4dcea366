import Link from "next/link";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { isAppError } from "@/lib/errors";
import { AUDIT_ACTIONS, AUDIT_GROUPS, actionLabelKey, groupOf } from "@/server/audit/actions";
import { actionLabel, targetText } from "@/server/audit/export";
import { auditFilterQuery, parseAuditFilters, searchAuditLog, type AuditFilters, type AuditPage } from "@/server/audit/log";
import { getDb } from "@/server/db/client";
import { shanghaiTimestamp } from "@/server/scheduling/time";

export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("audit.read");
  const { t, locale } = await getServerT();
  const params = await searchParams;
  let filters: AuditFilters = {};
  let filterError: string | null = null;
  try {
    filters = parseAuditFilters(params);
  } catch (error) {
    if (!isAppError(error) || error.status !== 400) throw error;
    filterError = t(error.messageKey);
  }
  const pageNumber = typeof params.page === "string" && /^\d{1,5}$/.test(params.page) ? Math.max(1, Number(params.page)) : 1;
  const result: AuditPage = filterError ? { rows: [], page: 1, hasNext: false } : await searchAuditLog(getDb(), user, filters, pageNumber);
  const selectedAction = filters.action ?? filters.group ?? "";
  const link = (page: number) => `/audit?${auditFilterQuery(filters, page > 1 ? { page: String(page) } : {})}`;

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("audit.title")}</h1>
        <p>{t(user.role === "PLATFORM_ADMIN" ? "audit.introPlatform" : "audit.introInstitution")}</p>
      </header>
      <form className="card stack" method="get" aria-labelledby="audit-filter-heading" data-testid="audit-filters">
        <h2 id="audit-filter-heading">{t("audit.filter.heading")}</h2>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="audit-actor">{t("audit.filter.actor")}</label>
            <input id="audit-actor" name="actor" defaultValue={filters.actor ?? ""} maxLength={100} autoComplete="off" aria-describedby="audit-actor-hint" />
            <span id="audit-actor-hint" className="field__hint">
              {t("audit.filter.actorHint")}
            </span>
          </div>
          <div className="field">
            <label htmlFor="audit-resident">{t("audit.filter.resident")}</label>
            <input id="audit-resident" name="resident" defaultValue={filters.resident ?? ""} maxLength={100} autoComplete="off" aria-describedby="audit-resident-hint" />
            <span id="audit-resident-hint" className="field__hint">
              {t("audit.filter.residentHint")}
            </span>
          </div>
          <div className="field">
            <label htmlFor="audit-action">{t("audit.filter.action")}</label>
            <select id="audit-action" name="action" defaultValue={selectedAction}>
              <option value="">{t("audit.filter.allActions")}</option>
              {AUDIT_GROUPS.map((group) => (
                <optgroup key={group} label={t(`audit.group.${group}`)}>
                  <option value={group}>{t("audit.filter.allOfGroup", { group: t(`audit.group.${group}`) })}</option>
                  {AUDIT_ACTIONS.filter((action) => groupOf(action) === group).map((action) => (
                    <option key={action} value={action}>
                      {t(actionLabelKey(action))}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t("audit.filter.from")}</label>
            <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t("audit.filter.to")}</label>
            <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} />
          </div>
        </div>
        <div className="button-row">
          <button className="button button--primary" type="submit">
            {t("audit.filter")}
          </button>
          <Link className="button button--ghost" href="/audit">
            {t("audit.filter.clear")}
          </Link>
          {filterError ? null : (
            <a className="button button--ghost" href={`/api/audit/export?${auditFilterQuery(filters)}`} download data-testid="audit-export" aria-describedby="audit-export-hint">
              {t("audit.export")}
            </a>
          )}
        </div>
        <p id="audit-export-hint" className="field__hint">
          {t("audit.exportHint")}
        </p>
      </form>
      {filterError ? (
        <p className="notice notice--error" role="alert">
          {filterError}
        </p>
      ) : null}
      <p className="muted">{t("audit.timeNote")}</p>
      {result.rows.length === 0 ? (
        <EmptyState message={t("audit.empty")} />
      ) : (
        <div className="card table-wrap">
          <table className="table" data-testid="audit-table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.time")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <time dateTime={row.at.toISOString()} data-testid="audit-time">
                      {shanghaiTimestamp(row.at)}
                    </time>
                  </td>
                  <td data-testid="audit-actor">
                    {row.actor ? (
                      <>
                        {row.actor.name}
                        {row.actor.institution ? <span className="muted"> · {row.actor.institution}</span> : null}
                      </>
                    ) : (
                      t("audit.system")
                    )}
                  </td>
                  <td data-testid="audit-action">{row.known ? actionLabel(row.action, locale) : <code>{row.action}</code>}</td>
                  <td data-testid="audit-target">{targetText(row, locale)}</td>
                  <td>{row.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.page > 1 || result.hasNext ? (
        <nav className="button-row" aria-label={t("audit.pages")}>
          {result.page > 1 ? (
            <Link className="button button--ghost" href={link(result.page - 1)} rel="prev">
              {t("audit.newer")}
            </Link>
          ) : null}
          <span aria-current="page">{t("audit.page", { page: result.page })}</span>
          {result.hasNext ? (
            <Link className="button button--ghost" href={link(result.page + 1)} rel="next">
              {t("audit.older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
