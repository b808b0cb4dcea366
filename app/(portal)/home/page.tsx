import Link from "next/link";
import { redirect } from "next/navigation";
import { InstitutionAdminHome } from "@/components/admin/InstitutionAdminHome";
import { PlatformAdminHome } from "@/components/admin/PlatformAdminHome";
import { ConsultationHomeSection } from "@/components/consultation/HomeSection";
import { Worklist } from "@/components/consultation/Worklist";
import { UpcomingConsultations } from "@/components/consultation/UpcomingConsultations";
import { EmptyState } from "@/components/ui/EmptyState";
import { TextSizeToggle } from "@/components/ui/TextSizeToggle";
import { preferencesOf } from "@/server/account/preferences";
import { LinkPending } from "@/components/ui/LinkPending";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { isWorklistRole, parseWorklistQuery, worklist } from "@/server/consultation/worklist";
import { getDb } from "@/server/db/client";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("home.view");
  // home.view never admits a call's guest (GUEST); the check narrows the role for the labels below.
  if (user.role === "GUEST") redirect("/forbidden");
  const { t, locale } = await getServerT();
  const db = getDb();
  const institution = user.institutionId ? await db.institution.findUnique({ where: { id: user.institutionId } }) : null;
  const institutionName = institution ? (locale === "en" && institution.nameEn ? institution.nameEn : institution.name) : null;
  // The coordinator's, county doctor's and specialist's homes are worklists: the count beside
  // the list is the list's own total (one query answers both).
  const role = user.role;
  const work = isWorklistRole(role) ? { role, ...parseWorklistQuery(await searchParams) } : null;
  const workData = work ? await worklist(db, user, work.query) : null;

  return (
    <div className="stack" data-testid={`home-${user.role}`}>
      <header className="page-header">
        <p className="muted">{t("home.welcome", { name: user.displayName })}</p>
        <h1>{t(`home.${user.role}.title`)}</h1>
        <p>{t(`home.${user.role}.intro`)}</p>
        {institutionName ? <p className="muted">{t("home.institution", { institution: institutionName })}</p> : null}
        {user.role === "PATIENT" ? (
          <div className="button-row">
            <Link className="button button--primary" href="/card" data-testid="home-show-card">
              <LinkPending>{t("home.PATIENT.showCard")}</LinkPending>
            </Link>
            {/* On the home page, not in the top bar: on a phone the card's QR code must stay on the first screen. */}
            <TextSizeToggle large={(await preferencesOf(db, user.id)).largeText} />
          </div>
        ) : null}
      </header>
      <ConsultationHomeSection user={user} worklistTotal={workData?.total} filtered={work ? work.query.status !== undefined || work.query.urgency !== undefined || work.query.specialty !== undefined || work.query.from !== undefined || work.query.to !== undefined : false} />
      {work && workData ? (
        <Worklist role={work.role} data={workData} query={work.query} invalid={work.invalid} />
      ) : user.role === "PATIENT" ? (
        <UpcomingConsultations user={user} />
      ) : user.role === "INSTITUTION_ADMIN" || user.role === "PLATFORM_ADMIN" ? null : (
        <EmptyState message={t(`home.${user.role}.empty`)} />
      )}
      {/* The admins' homes (components/admin): their real work, counted from the lists they link to. */}
      {user.role === "INSTITUTION_ADMIN" ? <InstitutionAdminHome user={user} /> : null}
      {user.role === "PLATFORM_ADMIN" ? <PlatformAdminHome user={user} /> : null}
    </div>
  );
}
