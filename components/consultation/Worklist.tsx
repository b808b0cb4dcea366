import Link from "next/link";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { Pagination } from "@/components/ui/Pagination";
import { codeOptions, SelectField } from "@/components/ui/SelectField";
import { getServerT } from "@/app/_lib/i18n";
import { SPECIALTIES, URGENCIES } from "@/server/consultation/specialties";
import { ALL_STATUSES } from "@/server/consultation/stateMachine";
import type { Worklist as WorklistData, WorklistParam, WorklistQuery, WorklistRole } from "@/server/consultation/worklist";
import { STATUS_TONE, URGENCY_TONE, formatDateTime } from "./format";
import "./consultation.css";

const FILTERS: WorklistParam[] = ["status", "urgency", "specialty", "from", "to"];

/** A role home's worklist: filters in the address (GET form), the rows, their count, pages, and what to do when empty. */
export async function Worklist({ role, data, query, invalid }: { role: WorklistRole; data: WorklistData; query: WorklistQuery; invalid: WorklistParam[] }) {
  const { t, locale } = await getServerT();
  const current: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = query[name as keyof WorklistQuery];
    if (value !== undefined) current[name] = String(value);
  }
  const filtered = Object.keys(current).length > 0;
  const hrefFor = (page: number) => `/home?${new URLSearchParams({ ...current, page: String(page) }).toString()}`;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <section className="stack" aria-labelledby="worklist-h" data-testid="worklist">
      <h2 id="worklist-h">{t(`home.worklist.${role}.title`)}</h2>
      {invalid.length > 0 ? (
        <p className="notice notice--error" role="alert" data-testid="worklist-bad-filter">
          {t("home.worklist.badFilter", { fields: invalid.map((name) => t(`home.worklist.param.${name}`)).join(locale === "en" ? ", " : "、") })}
        </p>
      ) : null}
      <form className="card toolbar" role="search" aria-label={t("cons.list.filters")} action="/home">
        <SelectField id="wl-status" name="status" label={t("cons.field.status")} emptyLabel={t(`home.worklist.${role}.defaultStatus`)} defaultValue={current.status ?? ""} options={codeOptions(ALL_STATUSES, t, "cons.status")} />
        <SelectField id="wl-urgency" name="urgency" label={t("cons.field.urgency")} emptyLabel={t("cons.list.all")} defaultValue={current.urgency ?? ""} options={codeOptions(URGENCIES, t, "cons.urgency")} />
        <SelectField id="wl-specialty" name="specialty" label={t("cons.field.specialty")} emptyLabel={t("cons.list.all")} defaultValue={current.specialty ?? ""} options={codeOptions(SPECIALTIES, t, "cons.specialty")} />
        <div className="field">
          <label htmlFor="wl-from">{t("home.worklist.param.from")}</label>
          <input id="wl-from" name="from" type="date" defaultValue={current.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="wl-to">{t("home.worklist.param.to")}</label>
          <input id="wl-to" name="to" type="date" defaultValue={current.to ?? ""} />
        </div>
        <button type="submit" className="button button--ghost">
          {t("cons.list.apply")}
        </button>
        {filtered ? (
          <Link className="button button--ghost" href="/home">
            {t("home.worklist.clear")}
          </Link>
        ) : null}
      </form>
      {data.items.length === 0 ? (
        <EmptyState
          message={t(filtered ? "home.worklist.emptyFiltered" : `home.worklist.${role}.empty`)}
          action={
            filtered ? (
              <Link className="button button--ghost" href="/home">
                {t("home.worklist.clear")}
              </Link>
            ) : role === "COUNTY_DOCTOR" ? (
              <Link className="button button--primary" href="/consultations/new">
                {t("cons.list.new")}
              </Link>
            ) : null
          }
        />
      ) : (
        <div className="card table-wrap">
          <table className="table" data-testid="worklist-table">
            <caption className="muted" data-testid="worklist-total">
              {t("cons.list.count", { total: data.total })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("cons.field.number")}</th>
                <th scope="col">{t("cons.field.patient")}</th>
                <th scope="col">{t("cons.field.specialty")}</th>
                <th scope="col">{t("cons.field.urgency")}</th>
                <th scope="col">{t("cons.field.status")}</th>
                <th scope="col">{t(role === "COUNTY_DOCTOR" ? "cons.field.expert" : "cons.field.requester")}</th>
                <th scope="col">{t("home.worklist.when")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id} data-testid="worklist-row">
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
                  <td>
                    {role === "COUNTY_DOCTOR"
                      ? (c.expert?.displayName ?? "—")
                      : `${c.requester.displayName} · ${locale === "en" && c.requestingInstitution.nameEn ? c.requestingInstitution.nameEn : c.requestingInstitution.name}`}
                  </td>
                  <td>{formatDateTime(c.scheduledStart ?? c.submittedAt ?? c.createdAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={data.page}
        pageSize={data.pageSize}
        total={data.total}
        hrefFor={hrefFor}
        labels={{ previous: t("cons.page.previous"), next: t("cons.page.next"), nav: t("cons.page.nav"), status: t("cons.page.status", { page: data.page, pages }) }}
      />
    </section>
  );
}
