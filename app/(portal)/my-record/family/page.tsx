import Link from "next/link";
import "@/components/healthcard/healthcard.css";
import { formatDateTime } from "@/components/consultation/format";
import { ConfirmAction } from "@/components/record/ConfirmAction";
import { RegisterChildForm } from "@/components/record/RegisterChildForm";
import "@/components/record/record.css";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { familyLinksOf, managedRecords } from "@/server/record/family";

export const dynamic = "force-dynamic";

/** Family members (代管家人): whose records I manage (their cards, records, ending it), who manages mine, registering a child online. */
export default async function FamilyPage() {
  const user = await requirePageUser("record.mine");
  const { t, locale } = await getServerT();
  const db = getDb();
  const records = await managedRecords(db, user);
  const links = await Promise.all(records.map(async (r) => ({ record: r, links: await familyLinksOf(db, user, r.residentId) })));
  const own = links.find((l) => l.record.self);
  const managed = links.filter((l) => !l.record.self);
  const endAction = (linkId: string, name: string) => (
    <ConfirmAction
      url={`/api/my-record/family/${linkId}/end`}
      label={t("record.family.end")}
      title={t("record.family.endTitle", { name })}
      body={t("record.family.endBody")}
      confirmLabel={t("record.family.end")}
      cancelLabel={t("record.consent.cancel")}
      success={t("record.family.ended")}
    />
  );
  return (
    <ClientMessages of={["RegisterChildForm", "useFieldErrors", "RegisterForm", "useAction", "PendingButton"]}>
      <div className="stack" data-testid="family-page">
        <header className="page-header">
          <p>
            <Link href="/my-record">{t("record.myCons.back")}</Link>
          </p>
          <h1>{t("record.family.title")}</h1>
          <p>{t("record.family.intro")}</p>
        </header>
        <section className="card stack" aria-labelledby="managed-h">
          <h2 id="managed-h">{t("record.family.managed")}</h2>
          {managed.length === 0 ? (
            <p className="muted">{t("record.family.none")}</p>
          ) : (
            <ul className="record-entries" data-testid="family-managed">
              {managed.map(({ record, links: rows }) => {
                const mine = rows.find((l) => l.guardian.id === user.id);
                return (
                  <li key={record.residentId}>
                    <p className="record-entry__title">
                      {record.name}（{t(`record.family.relationship.${record.relationship ?? "GUARDIAN"}`)}）
                    </p>
                    <div className="button-row">
                      <Link className="button button--primary" href={`/my-record?for=${record.residentId}`}>
                        {t("record.nav.mine")}
                      </Link>
                      <Link className="button button--ghost" href={`/card?for=${record.residentId}`}>
                        {t("record.mine.card")}
                      </Link>
                    </div>
                    {mine ? endAction(mine.id, record.name) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        {own && own.links.length > 0 ? (
          <section className="card stack" aria-labelledby="mine-h">
            <h2 id="mine-h">{t("record.family.current")}</h2>
            <ul className="record-entries">
              {own.links.map((l) => (
                <li key={l.id}>
                  <p className="record-entry__title">
                    {l.guardian.name}（{t(`record.family.relationship.${l.relationship}`)}）
                  </p>
                  <p className="record-entry__meta">{t("record.family.establishedBy", { by: l.establishedBy ?? "—", at: formatDateTime(l.createdAt, locale) })}</p>
                  {endAction(l.id, own.record.name)}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section className="card stack" aria-labelledby="child-h">
          <h2 id="child-h">{t("record.family.registerChild")}</h2>
          <RegisterChildForm />
        </section>
      </div>
    </ClientMessages>
  );
}
