import Link from "next/link";
import { STATUS_TONE, URGENCY_TONE, formatDateTime } from "@/components/consultation/format";
import "@/components/consultation/consultation.css";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { codeOptions, SelectField } from "@/components/ui/SelectField";
import { getServerT } from "@/app/_lib/i18n";
import type { Translate } from "@/lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { SPECIALTIES } from "@/server/consultation/specialties";
import { queueQuerySchema, triageQueue } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";

function waited(from: Date | null, t: Translate): string {
  if (!from) return "—";
  const minutes = Math.max(0, Math.round((Date.now() - from.getTime()) / 60_000));
  return minutes < 60 ? t("cons.triage.minutes", { n: minutes }) : t("cons.triage.hours", { n: Math.round(minutes / 60) });
}

/** The coordinator's queue: urgency first, then the longest wait. */
export default async function TriagePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser("consultation.assign");
  const { t, locale } = await getServerT();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v));
  const parsed = queueQuerySchema.safeParse(raw);
  const db = getDb();
  const [queue, institutions] = await Promise.all([
    triageQueue(db, parsed.success ? parsed.data : {}),
    db.institution.findMany({ where: { level: { in: ["COUNTY", "CITY", "TOWNSHIP"] } }, select: { id: true, name: true, nameEn: true }, orderBy: { name: "asc" } }),
  ]);
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("cons.triage.title")}</h1>
        <p>{t("cons.triage.intro")}</p>
      </header>
      <form className="card toolbar" role="search" aria-label={t("cons.list.filters")}>
        <SelectField id="specialty" name="specialty" label={t("cons.field.specialty")} emptyLabel={t("cons.list.all")} defaultValue={raw.specialty ?? ""} options={codeOptions(SPECIALTIES, t, "cons.specialty")} />
        <SelectField
          id="institutionId"
          name="institutionId"
          label={t("cons.triage.institution")}
          emptyLabel={t("cons.list.all")}
          defaultValue={raw.institutionId ?? ""}
          options={institutions.map((i) => ({ value: i.id, label: locale === "en" && i.nameEn ? i.nameEn : i.name }))}
        />
        <SelectField id="status" name="status" label={t("cons.field.status")} emptyLabel={t("cons.triage.open")} defaultValue={raw.status ?? ""} options={codeOptions(["SUBMITTED", "ASSIGNED"], t, "cons.status")} />
        <button type="submit" className="button button--ghost">
          {t("cons.list.apply")}
        </button>
      </form>
      {queue.length === 0 ? (
        <EmptyState message={t("cons.triage.empty")} />
      ) : (
        <div className="card table-wrap">
          <table className="table" data-testid="triage-queue">
            <thead>
              <tr>
                <th scope="col">{t("cons.field.urgency")}</th>
                <th scope="col">{t("cons.field.number")}</th>
                <th scope="col">{t("cons.field.specialty")}</th>
                <th scope="col">{t("cons.triage.institution")}</th>
                <th scope="col">{t("cons.triage.waiting")}</th>
                <th scope="col">{t("cons.field.status")}</th>
                <th scope="col">{t("cons.field.expert")}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Badge tone={URGENCY_TONE[c.urgency]}>{t(`cons.urgency.${c.urgency}`)}</Badge>
                  </td>
                  <td>
                    <Link href={`/consultations/${c.id}`}>{c.number}</Link>
                  </td>
                  <td>{t(`cons.specialty.${c.specialty}`)}</td>
                  <td>{locale === "en" && c.requestingInstitution.nameEn ? c.requestingInstitution.nameEn : c.requestingInstitution.name}</td>
                  <td title={c.submittedAt ? formatDateTime(c.submittedAt, locale) : undefined}>{waited(c.submittedAt, t)}</td>
                  <td>
                    <Badge tone={STATUS_TONE[c.status]}>{t(`cons.status.${c.status}`)}</Badge>
                  </td>
                  <td>{c.expert?.displayName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
