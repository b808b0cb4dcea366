import Link from "next/link";
import "./admin.css";
import { getServerT } from "@/app/_lib/i18n";
import { listStaff } from "@/server/admin/staff";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";
import { listImportJobs } from "@/server/healthcard/import/jobs";
import { listTerminals } from "@/server/healthcard/terminals";
import { emergencyReviewList } from "@/server/record/emergency";
import { listIntegrationCredentials } from "@/server/record/integration";

/**
 * The institution admin's home: their real work, each card counted from the same query as the
 * list it links to (staff, terminals, imports, integration credentials, emergency accesses to review).
 */
export async function InstitutionAdminHome({ user }: { user: SessionUser }) {
  const { t } = await getServerT();
  const db = getDb();
  const [staff, terminals, imports, credentials, emergencies] = await Promise.all([
    listStaff(db, user),
    listTerminals(db, user),
    listImportJobs(db, user),
    listIntegrationCredentials(db, user),
    emergencyReviewList(db, user),
  ]);
  const cards: { href: string; title: string; testId: string; lines: string[]; attention?: boolean }[] = [
    {
      href: "/admin/staff",
      title: t("admin.home.staff"),
      testId: "home-staff",
      lines: [t("admin.home.staffActive", { count: staff.counts.ACTIVE }), t("admin.home.staffInvited", { count: staff.counts.pendingInvites }), t("admin.home.staffDisabled", { count: staff.counts.DISABLED })],
    },
    {
      href: "/record/emergency/review",
      title: t("admin.home.emergency"),
      testId: "home-emergency",
      lines: [t("admin.home.emergencyPending", { count: emergencies.filter((e) => !e.review).length })],
      attention: emergencies.some((e) => !e.review),
    },
    {
      href: "/admin/terminals",
      title: t("admin.home.terminals"),
      testId: "home-terminals",
      lines: [t("admin.home.active", { count: terminals.filter((x) => !x.revokedAt).length }), t("admin.home.revoked", { count: terminals.filter((x) => x.revokedAt).length })],
    },
    {
      href: "/admin/import",
      title: t("admin.home.imports"),
      testId: "home-imports",
      lines: [t("admin.home.importsRunning", { count: imports.filter((j) => j.status === "QUEUED" || j.status === "RUNNING").length }), t("admin.home.importsFailed", { count: imports.filter((j) => j.status === "FAILED").length })],
    },
    {
      href: "/admin/integrations",
      title: t("admin.home.integrations"),
      testId: "home-integrations",
      lines: [t("admin.home.active", { count: credentials.filter((c) => !c.revokedAt).length }), t("admin.home.revoked", { count: credentials.filter((c) => c.revokedAt).length })],
    },
  ];
  return (
    <section className="admin-home__grid" aria-label={t("admin.home.heading")} data-testid="admin-home">
      {cards.map((card) => (
        <Link key={card.href} className="card admin-home__card" href={card.href} data-testid={card.testId}>
          <h2>{card.title}</h2>
          <ul className="admin-home__lines">
            {card.lines.map((line, index) => (
              <li key={line} className={index === 0 && card.attention ? "" : "muted"}>
                {line}
              </li>
            ))}
          </ul>
        </Link>
      ))}
    </section>
  );
}
