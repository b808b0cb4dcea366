import Link from "next/link";
import "@/components/healthcard/healthcard.css";
import { QrCard } from "@/components/healthcard/QrCard";
import { DemoVerifyForm } from "@/components/healthcard/RegisterForm";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { getOwnCard } from "@/server/healthcard/patientCard";
import { maskCardId } from "@/server/healthcard/cardId";
import { RecordSwitcher } from "@/components/record/RecordSwitcher";
import { managedRecordOfPage } from "@/app/(portal)/my-record/managed";

export const dynamic = "force-dynamic";

export default async function CardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("card.own");
  const { t } = await getServerT();
  const { current, all } = await managedRecordOfPage(user, await searchParams);
  // A family member's card (代管家人): its codes through the family route, its number masked as always.
  if (current && !current.self) {
    const card = await getDb().healthCard.findUnique({ where: { residentId: current.residentId }, select: { cardId: true } });
    return (
      <ClientMessages of={["QrCard", "PendingButton"]}>
        <div className="stack" data-testid="card-page">
          <header className="page-header">
            <h1>{t("record.family.cardOf", { name: current.name })}</h1>
          </header>
          <RecordSwitcher records={all} current={current.residentId} basePath="/card" />
          {card ? (
            <div className="two-columns">
              <QrCard source={`/api/my-record/family/${current.residentId}/qr`} />
              <section className="card stack">
                <dl className="detail-grid">
                  <dt>{t("healthCard.ui.field.name")}</dt>
                  <dd>{current.name}</dd>
                  <dt>{t("healthCard.ui.field.cardId")}</dt>
                  <dd className="break">{maskCardId(card.cardId)}</dd>
                </dl>
              </section>
            </div>
          ) : (
            <EmptyState message={t("record.family.noCard")} />
          )}
        </div>
      </ClientMessages>
    );
  }
  const card = await getOwnCard(getDb(), user);
  return (
    <ClientMessages of={["QrCard", "useFieldErrors", "PendingButton", "RegisterForm"]}>
      <div className="stack" data-testid="card-page">
        <header className="page-header">
          <h1>{t("healthCard.ui.card.title")}</h1>
          <p>{t("healthCard.ui.card.intro")}</p>
        </header>
        <RecordSwitcher records={all} current={current?.residentId ?? null} basePath="/card" />
        {!card?.cardIdMasked ? (
          <EmptyState
            message={t("healthCard.ui.card.none")}
            action={
              <Link className="button button--primary" href="/register">
                {t("healthCard.ui.register.title")}
              </Link>
            }
          />
        ) : (
          <div className="two-columns">
            <QrCard />
            <section className="card stack" aria-labelledby="card-details">
              <h2 id="card-details">{t("healthCard.ui.card.details")}</h2>
              <dl className="detail-grid">
                <dt>{t("healthCard.ui.field.name")}</dt>
                <dd>{card.name}</dd>
                <dt>{t("healthCard.ui.field.docNumber")}</dt>
                <dd>{card.docNumberMasked ?? "—"}</dd>
                <dt>{t("healthCard.ui.field.cardStatus")}</dt>
                <dd>{card.cardStatus ? t(`healthCard.ui.status.${card.cardStatus}`) : "—"}</dd>
                <dt>{t("healthCard.ui.field.verified")}</dt>
                <dd data-testid="card-verified">{t(card.verified ? "healthCard.ui.verified.yes" : "healthCard.ui.verified.no")}</dd>
                <dt>{t("healthCard.ui.field.cardId")}</dt>
                <dd className="break" data-testid="card-id">{card.cardIdMasked}</dd>
              </dl>
            </section>
            {!card.verified && getConfig().seedDemoData ? <DemoVerifyForm /> : null}
          </div>
        )}
      </div>
    </ClientMessages>
  );
}
