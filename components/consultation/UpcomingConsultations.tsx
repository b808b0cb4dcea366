import Link from "next/link";
import "@/components/healthcard/access.css";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import type { SessionUser } from "@/server/auth/signIn";
import { listUpcomingConsultations } from "@/server/consultation/upcoming";
import { getDb } from "@/server/db/client";
import { formatDateTime } from "./format";

/** The patient's home: upcoming consultations (Beijing time), or the empty text, and the record-access link. */
export async function UpcomingConsultations({ user }: { user: SessionUser }) {
  const { t, locale } = await getServerT();
  const upcoming = await listUpcomingConsultations(getDb(), user);
  return (
    <>
      {upcoming.length === 0 ? (
        <EmptyState message={t("home.PATIENT.empty")} />
      ) : (
        <section className="stack" aria-labelledby="upcoming-heading" data-testid="upcoming-consultations">
          <h2 id="upcoming-heading">{t("cons.upcoming.heading")}</h2>
          <ul className="entry-list">
            {upcoming.map((item) => {
              const institution = item.expert?.institution ? (locale === "en" && item.expert.institution.nameEn ? item.expert.institution.nameEn : item.expert.institution.name) : null;
              return (
                <li key={item.id} className="card" data-testid="upcoming-consultation">
                  <p className="entry-list__title">
                    <Link href={`/my-record/consultations/${item.id}`}>
                      {t(`cons.specialty.${item.specialty}`)} · {t(`cons.status.${item.status}`)}
                    </Link>
                  </p>
                  <dl>
                    <dt>{t("cons.upcoming.when")}</dt>
                    <dd>{item.scheduledStart ? <time dateTime={item.scheduledStart.toISOString()}>{formatDateTime(item.scheduledStart, locale)}</time> : t("cons.upcoming.notScheduled")}</dd>
                    <dt>{t("cons.upcoming.expert")}</dt>
                    <dd>{item.expert ? (institution ? `${item.expert.name} · ${institution}` : item.expert.name) : t("cons.upcoming.noExpert")}</dd>
                    <dt>{t("cons.upcoming.specialty")}</dt>
                    <dd>{t(`cons.specialty.${item.specialty}`)}</dd>
                  </dl>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <p>
        <Link href="/card/access" data-testid="home-record-access">
          {t("healthCard.access.homeLink")}
        </Link>
      </p>
    </>
  );
}
