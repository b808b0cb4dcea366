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

export const dynamic = "force-dynamic";

export default async function CardPage() {
  const user = await requirePageUser("card.own");
  const { t } = await getServerT();
  const card = await getOwnCard(getDb(), user);
  return (
    <ClientMessages of={["QrCard", "PendingButton", "RegisterForm"]}>
      <div className="stack" data-testid="card-page">
        <header className="page-header">
          <h1>{t("healthCard.ui.card.title")}</h1>
          <p>{t("healthCard.ui.card.intro")}</p>
        </header>
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
