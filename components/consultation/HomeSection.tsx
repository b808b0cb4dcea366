import Link from "next/link";
import { getServerT } from "@/app/_lib/i18n";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";
import { unreadCount } from "@/server/notifications/center";

/**
 * The consultation part of each role's home page: counts with links to act on them. A worklist
 * role's count is its worklist's total (server/consultation/worklist.ts), handed in by the page.
 */
export async function ConsultationHomeSection({ user, worklistTotal, filtered = false }: { user: SessionUser; worklistTotal?: number; filtered?: boolean }) {
  const { t } = await getServerT();
  const db = getDb();
  const unread = await unreadCount(db, user.id);
  const links: { href: string; text: string; testId?: string }[] = [{ href: "/notifications", text: t("cons.home.unread", { count: unread }) }];
  if (worklistTotal !== undefined && (user.role === "COUNTY_DOCTOR" || user.role === "SPECIALIST" || user.role === "COORDINATOR")) {
    links.unshift({ href: "#worklist-h", text: t(filtered ? "home.worklist.matching" : `home.worklist.${user.role}.count`, { count: worklistTotal }), testId: "worklist-count" });
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
        <Link key={link.href} className="card stat" href={link.href} data-testid={link.testId}>
          <span className="stat__label">{link.text}</span>
        </Link>
      ))}
    </section>
  );
}
