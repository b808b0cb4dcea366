import Link from "next/link";
import { STATUS_TONE, URGENCY_TONE, formatDateTime } from "@/components/consultation/format";
import "@/components/consultation/consultation.css";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { Pagination } from "@/components/ui/Pagination";
import { codeOptions, SelectField } from "@/components/ui/SelectField";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { listConsultations, listQuerySchema } from "@/server/consultation/requests";
import { SPECIALTIES, URGENCIES } from "@/server/consultation/specialties";
import { ALL_STATUSES } from "@/server/consultation/stateMachine";
import { getDb } from "@/server/db/client";

export default async function ConsultationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePageUser("consultation.list");
  const { t, locale } = await getServerT();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v));
  const parsed = listQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : { page: 1 };
  const result = await listConsultations(getDb(), user, query);
  const hrefFor = (page: number) => `/consultations?${new URLSearchParams({ ...raw, page: String(page) }).toString()}`;
  return (
    <div className="stack">
      <header className="page-header cons-title">
        <h1>{t("cons.list.title")}</h1>
        {user.role === "COUNTY_DOCTOR" ? (
          <Link className="button button--primary" href="/consultations/new">
            {t("cons.list.new")}
          </Link>
        ) : null}
      </header>
      {!parsed.success ? <p className="notice notice--error">{t("cons.list.badFilter")}</p> : null}
      <form className="card toolbar" role="search" aria-label={t("cons.list.filters")}>
        <div className="field">
          <label htmlFor="q">{t("cons.list.search")}</label>
          <input id="q" name="q" defaultValue={raw.q ?? ""} placeholder={t("cons.list.searchHint")} />
        </div>
        <SelectField id="status" name="status" label={t("cons.field.status")} emptyLabel={t("cons.list.all")} defaultValue={raw.status ?? ""} options={codeOptions(ALL_STATUSES, t, "cons.status")} />
        <SelectField id="urgency" name="urgency" label={t("cons.field.urgency")} emptyLabel={t("cons.list.all")} defaultValue={raw.urgency ?? ""} options={codeOptions(URGENCIES, t, "cons.urgency")} />
        <SelectField id="specialty" name="specialty" label={t("cons.field.specialty")} emptyLabel={t("cons.list.all")} defaultValue={raw.specialty ?? ""} options={codeOptions(SPECIALTIES, t, "cons.specialty")} />
        <button type="submit" className="button button--ghost">
          {t("cons.list.apply")}
        </button>
      </form>
      {result.items.length === 0 ? (
        <EmptyState message={t(`cons.list.empty.${user.role}`)} />
      ) : (
        <div className="card table-wrap">
          <table className="table" data-testid="consultation-list">
            <caption className="muted">{t("cons.list.count", { total: result.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("cons.field.number")}</th>
                <th scope="col">{t("cons.field.patient")}</th>
                <th scope="col">{t("cons.field.specialty")}</th>
                <th scope="col">{t("cons.field.urgency")}</th>
                <th scope="col">{t("cons.field.status")}</th>
                <th scope="col">{t("cons.field.expert")}</th>
                <th scope="col">{t("cons.field.scheduled")}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/consultations/${c.id}`}>{c.number}</Link>
                  </td>
                  <td>{c.resident.name}</td>
                  <td>{t(`cons.specialty.${c.specialty}`)}</td>
                  <td>
                    <Badge tone={URGENCY_TONE[c.urgency]}>{t(`cons.urgency.${c.urgency}`)}</Badge>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[c.status]}>{t(`cons.status.${c.status}`)}</Badge>
                  </td>
                  <td>{c.expert?.displayName ?? "—"}</td>
                  <td>{c.scheduledStart ? formatDateTime(c.scheduledStart, locale) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        hrefFor={hrefFor}
        labels={{ previous: t("cons.page.previous"), next: t("cons.page.next"), nav: t("cons.page.nav"), status: t("cons.page.status", { page: result.page, pages: Math.ceil(result.total / result.pageSize) }) }}
      />
    </div>
  );
}
