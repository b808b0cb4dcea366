import Link from "next/link";
import { getServerT } from "@/app/_lib/i18n";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";
import { unreadCount } from "@/server/notifications/center";

const OPEN = ["SUBMITTED", "ASSIGNED", "SCHEDULED", "IN_SESSION", "OPINION_PENDING"] as const;

/** The consultation part of each role's home page: counts with links to act on them. */
export async function ConsultationHomeSection({ user }: { user: SessionUser }) {
  const { t } = await getServerT();
  const db = getDb();
  const unread = await unreadCount(db, user.id);
  const links: { href: string; text: string }[] = [{ href: "/notifications", text: t("cons.home.unread", { count: unread }) }];
  if (user.role === "COUNTY_DOCTOR") {
    links.unshift({ href: "/consultations", text: t("cons.home.open", { count: await db.consultation.count({ where: { requesterId: user.id, status: { in: [...OPEN] } } }) }) });
  } else if (user.role === "SPECIALIST") {
    links.unshift({ href: "/schedule", text: t("cons.home.open", { count: await db.consultation.count({ where: { expertId: user.id, status: { in: [...OPEN] } } }) }) });
  } else if (user.role === "COORDINATOR") {
    links.unshift({ href: "/triage", text: t("cons.home.queue", { count: await db.consultation.count({ where: { status: "SUBMITTED" } }) }) });
  } else if (user.role === "PATIENT") {
    const resident = await db.resident.findUnique({ where: { userId: user.id }, select: { id: true } });
    const pending = resident ? await db.followUpAdvice.count({ where: { residentId: resident.id, acknowledgedAt: null } }) : 0;
    links.unshift({ href: "/advice", text: t("cons.home.advice", { count: pending }) });
  } else {
    return null;
  }
  return (
    <section className="stats" aria-label={t("cons.home.heading")} data-testid="consultation-home">
      {links.map((link) => (
        <Link key={link.href} className="card stat" href={link.href}>
          <span className="stat__label">{link.text}</span>
        </Link>
      ))}
    </section>
  );
}
