import Link from "next/link";
import { STATUS_TONE, URGENCY_TONE, formatDateTime } from "@/components/consultation/format";
import "@/components/consultation/consultation.css";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { Pagination } from "@/components/ui/Pagination";
import { getServerT } from "@/lib/next/i18n";
import { requirePageUser } from "@/lib/next/session";
import { listConsultations, listQuerySchema } from "@/server/consultation/requests";
import { SPECIALTIES } from "@/server/consultation/specialties";
import { ALL_STATUSES } from "@/server/consultation/stateMachine";
import { getDb } from "@/server/db/client";

export default async function ConsultationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePageUser(["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR"]);
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
        <div className="field">
          <label htmlFor="status">{t("cons.field.status")}</label>
          <select id="status" name="status" defaultValue={raw.status ?? ""}>
            <option value="">{t("cons.list.all")}</option>
            {ALL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cons.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="urgency">{t("cons.field.urgency")}</label>
          <select id="urgency" name="urgency" defaultValue={raw.urgency ?? ""}>
            <option value="">{t("cons.list.all")}</option>
            {["ROUTINE", "URGENT", "EMERGENCY"].map((u) => (
              <option key={u} value={u}>
                {t(`cons.urgency.${u}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="specialty">{t("cons.field.specialty")}</label>
          <select id="specialty" name="specialty" defaultValue={raw.specialty ?? ""}>
            <option value="">{t("cons.list.all")}</option>
            {SPECIALTIES.map((s) => (
              <option key={s} value={s}>
                {t(`cons.specialty.${s}`)}
              </option>
            ))}
          </select>
        </div>
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
