import Link from "next/link";
import "@/components/consultation/consultation.css";
import { formatDateTime } from "@/components/consultation/format";
import { RecordSwitcher } from "@/components/record/RecordSwitcher";
import { SharedRecordView } from "@/components/record/SharedRecordView";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { managedRecordOfPage } from "./managed";
import { readSharedRecord, recordQuerySchema } from "@/server/record/read";
import { myConsultations } from "@/server/record/readConsultation";

export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

/** The resident's own record (or a family member's they manage), phone-first: by category and by institution, their consultations, and where to manage it. */
export default async function MyRecordPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageUser("record.mine");
  const { t, locale } = await getServerT();
  const params = await searchParams;
  const db = getDb();
  const { current, all } = await managedRecordOfPage(user, params);
  if (!current) {
    return (
      <div className="stack">
        <header className="page-header">
          <h1>{t("record.mine.title")}</h1>
        </header>
        <EmptyState
          message={t("record.mine.noRecord")}
          action={
            <Link className="button button--primary" href="/register">
              {t("healthCard.ui.register.title")}
            </Link>
          }
        />
      </div>
    );
  }
  const parsed = recordQuerySchema.safeParse({ category: one(params.category), institution: one(params.institution) });
  const [record, consultations] = await Promise.all([readSharedRecord(db, user, current.residentId, parsed.success ? parsed.data : {}), myConsultations(db, user, current.residentId)]);
  const forQuery = current.self ? "" : `?for=${current.residentId}`;
  const links: { href: string; label: string; testId: string }[] = [
    { href: `/my-record/vitals${forQuery}`, label: t("record.mine.vitals"), testId: "my-record-vitals" },
    { href: `/my-record/devices${forQuery}`, label: t("record.mine.devices"), testId: "my-record-devices" },
    { href: `/my-record/consents${forQuery}`, label: t("record.mine.consents"), testId: "my-record-consents" },
    { href: `/card/access${forQuery}`, label: t("record.mine.access"), testId: "my-record-access" },
    { href: `/my-record/emergency${forQuery}`, label: t("record.mine.emergency"), testId: "my-record-emergency" },
    { href: `/card${forQuery}`, label: t("record.mine.card"), testId: "my-record-card" },
    { href: "/my-record/family", label: t("record.mine.family"), testId: "my-record-family" },
  ];
  return (
    <div className="stack" data-testid="my-record-page">
      <header className="page-header">
        <h1>{current.self ? t("record.mine.title") : t("record.view.titleFor", { name: current.name })}</h1>
        <p>{t("record.mine.intro")}</p>
      </header>
      <RecordSwitcher records={all} current={current.residentId} basePath="/my-record" />
      <nav className="record-links" aria-label={t("record.mine.title")}>
        {links.map((link) => (
          <Link key={link.href} className="button button--ghost" href={link.href} data-testid={link.testId}>
            {link.label}
          </Link>
        ))}
      </nav>
      <section className="card record-section" aria-labelledby="my-consultations-h" data-testid="my-consultations">
        <h2 id="my-consultations-h">{t("record.mine.consultations")}</h2>
        {consultations.length === 0 ? (
          <p className="muted">{t("record.mine.noConsultations")}</p>
        ) : (
          <ul className="record-entries">
            {consultations.map((c) => (
              <li key={c.id}>
                <p className="record-entry__title">
                  <Link href={`/my-record/consultations/${c.id}`}>{t("record.view.consultation", { number: c.number })}</Link> · {t(`cons.specialty.${c.specialty}`)}{" "}
                  {c.hasOpinion ? <Badge tone="success">{t("record.mine.opinionReady")}</Badge> : null}
                </p>
                <p className="record-entry__meta">
                  {t(`cons.status.${c.status}`)}
                  {c.expert ? ` · ${c.expert.displayName}` : ""}
                  {c.scheduledStart ? ` · ${formatDateTime(c.scheduledStart, locale)}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <SharedRecordView record={record} filterAction="/my-record" hidden={current.self ? {} : { for: current.residentId }} />
    </div>
  );
}
