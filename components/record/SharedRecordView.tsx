import Link from "next/link";
import { formatDateTime } from "@/components/consultation/format";
import { Badge } from "@/components/ui/Badge";
import { getServerT } from "@/app/_lib/i18n";
import type { Locale } from "@/lib/i18n";
import type { RecordCategory } from "@/server/db/generated/enums";
import { ENTRY_CATEGORIES, type InstitutionName, type SharedRecord } from "@/server/record/read";
import "./record.css";

const name = (institution: InstitutionName | { name: string; nameEn: string | null } | null, locale: Locale) =>
  institution ? (locale === "en" && institution.nameEn ? institution.nameEn : institution.name) : "";

/**
 * The shared record as its reader may see it (server component): the categories the grant
 * covers, each entry with its source institution and author, the withheld categories named.
 * `filterAction` is the page the filter form submits to (GET); `compact` is the consultation's side panel.
 */
export async function SharedRecordView({ record, filterAction, hidden = {}, compact = false }: { record: SharedRecord; filterAction?: string; hidden?: Record<string, string>; compact?: boolean }) {
  const { t, locale } = await getServerT();
  const sep = locale === "en" ? ", " : "、";
  const shows = (category: RecordCategory) => record.categories.includes(category) && (!record.query.category || record.query.category === category);
  const nothing = record.entries.length === 0 && record.vitals.length === 0 && record.consultations.length === 0;
  return (
    <div className="stack" data-testid="shared-record">
      {record.withheld.length > 0 ? (
        <p className="notice notice--info" data-testid="record-withheld">
          {t("record.view.withheld", { categories: record.withheld.map((c) => t(`record.category.${c}`)).join(sep) })}
        </p>
      ) : null}
      {filterAction && !compact ? (
        <form className="record-filter card" method="get" action={filterAction} aria-label={t("record.view.filter")}>
          {Object.entries(hidden).map(([key, value]) => (
            <input key={key} type="hidden" name={key} value={value} />
          ))}
          <div className="field">
            <label htmlFor="record-category">{t("record.view.category")}</label>
            <select id="record-category" name="category" defaultValue={record.query.category ?? ""}>
              <option value="">{t("record.view.allCategories")}</option>
              {record.categories.map((c) => (
                <option key={c} value={c}>
                  {t(`record.category.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="record-institution">{t("record.view.institution")}</label>
            <select id="record-institution" name="institution" defaultValue={record.query.institution ?? ""}>
              <option value="">{t("record.view.allInstitutions")}</option>
              {record.institutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {name(i, locale)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--primary">
            {t("record.view.filter")}
          </button>
        </form>
      ) : null}
      {nothing && (record.query.category || record.query.institution) ? <p className="muted">{t("record.view.nothing")}</p> : null}
      {record.more ? <p className="notice notice--info">{t("record.view.more", { limit: record.entries.length })}</p> : null}
      {shows("VITAL") && (record.vitals.length > 0 || !compact) ? (
        <section className="record-section card" aria-labelledby="rec-VITAL" data-testid="record-category-VITAL">
          <h2 id="rec-VITAL">{t("record.category.VITAL")}</h2>
          {record.vitals.length === 0 ? (
            <p className="muted">{t("record.view.empty")}</p>
          ) : (
            <>
              <p className="muted">{t("record.view.latestVitals")}</p>
              <ul className="record-vitals">
                {record.vitals.map((v) => (
                  <li key={v.kind} className={v.flag ? "record-vital--flagged" : undefined}>
                    <span>{t(`record.vital.${v.kind}`)}</span>
                    <span className="record-vital__value">
                      {v.value2 !== null ? `${v.value}/${v.value2}` : v.value} <small>{v.unit}</small>
                    </span>
                    <span className="muted">
                      <time dateTime={v.measuredAt.toISOString()}>{formatDateTime(v.measuredAt, locale)}</time> · {v.source === "DEVICE" ? t("record.vital.device") : name(v.institution, locale)}
                    </span>
                    {v.flag ? <Badge tone="danger">{t("record.vital.flagged")}</Badge> : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ) : null}
      {ENTRY_CATEGORIES.filter(shows).map((category) => {
        const entries = record.entries.filter((e) => e.category === category);
        if (compact && entries.length === 0) return null;
        return (
          <section key={category} className="record-section card" aria-labelledby={`rec-${category}`} data-testid={`record-category-${category}`}>
            <h2 id={`rec-${category}`}>{t(`record.category.${category}`)}</h2>
            {entries.length === 0 ? (
              <p className="muted">{t("record.view.empty")}</p>
            ) : (
              <ul className="record-entries">
                {entries.map((entry) => (
                  <li key={entry.id} data-testid="record-entry">
                    <p className="record-entry__title">{entry.title}</p>
                    <p className="record-entry__meta">
                      {entry.effectiveAt ? <time dateTime={entry.effectiveAt.toISOString()}>{formatDateTime(entry.effectiveAt, locale)}</time> : null}
                      {entry.effectiveAt ? " · " : null}
                      {name(entry.institution, locale)} · {t("record.view.author")}
                      {locale === "en" ? ": " : "："}
                      {entry.author ?? t("record.view.unknownAuthor")}
                      {entry.status ? ` · ${entry.status}` : null}
                    </p>
                    {entry.files.length > 0 ? (
                      <ul className="record-files" aria-label={t("record.view.files")}>
                        {entry.files.map((file) => (
                          <li key={file.id}>
                            <a href={`/api/record/files/${file.id}`} aria-label={t("record.view.download", { name: file.fileName })}>
                              {file.fileName}
                            </a>{" "}
                            <span className="muted">({Math.max(1, Math.ceil(file.sizeBytes / 1024))} KB)</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      {shows("CONSULTATION") && (record.consultations.length > 0 || !compact) ? (
        <section className="record-section card" aria-labelledby="rec-CONSULTATION" data-testid="record-category-CONSULTATION">
          <h2 id="rec-CONSULTATION">{t("record.category.CONSULTATION")}</h2>
          {record.consultations.length === 0 ? (
            <p className="muted">{t("record.view.empty")}</p>
          ) : (
            <ul className="record-entries">
              {record.consultations.map((c) => (
                <li key={c.id}>
                  <p className="record-entry__title">
                    {record.ground === "self" || record.ground === "guardian" ? (
                      <Link href={`/my-record/consultations/${c.id}`}>{t("record.view.consultation", { number: c.number })}</Link>
                    ) : (
                      t("record.view.consultation", { number: c.number })
                    )}{" "}
                    · {t(`cons.specialty.${c.specialty}`)}
                  </p>
                  {c.opinion ? (
                    <dl className="cons-dl">
                      <dt>{t("record.view.impression")}</dt>
                      <dd>{c.opinion.impression}</dd>
                      <dt>{t("record.view.recommendations")}</dt>
                      <dd>{c.opinion.recommendations}</dd>
                    </dl>
                  ) : null}
                  {c.opinion ? (
                    <p className="record-entry__meta">
                      {t("record.view.signedBy", { author: c.opinion.author, at: formatDateTime(c.opinion.signedAt, locale) })} · {name(c.opinion.institution, locale)}
                    </p>
                  ) : null}
                  {c.advice.map((a) => (
                    <p key={a.id} className="text-advice">
                      <strong>{t("record.view.advice")}</strong> {locale === "en" ? `(${a.author}): ` : `（${a.author}）：`}
                      {a.body}
                    </p>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}

/** The reason the reader may see the record, said at the top of the page. */
export async function RecordGround({ record }: { record: SharedRecord }) {
  const { t } = await getServerT();
  return (
    <p className={record.ground === "emergencyAccess" ? "notice notice--error record-ground--emergency" : "notice notice--info"} data-testid="record-ground">
      {t(`record.view.ground.${record.ground}`)}
    </p>
  );
}
