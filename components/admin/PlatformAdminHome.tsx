import Link from "next/link";
import "./admin.css";
import { getServerT } from "@/app/_lib/i18n";
import { Badge } from "@/components/ui/Badge";
import { STATUS_TONE } from "./status";
import { listInstitutions } from "@/server/admin/institutions";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";


/** The platform admin's home: the institutions and their admins, counted from the list they link to. */
export async function PlatformAdminHome({ user }: { user: SessionUser }) {
  const { t, locale } = await getServerT();
  const { institutions, counts } = await listInstitutions(getDb(), user);
  const nameOf = (i: { name: string; nameEn: string | null }) => (locale === "en" && i.nameEn ? i.nameEn : i.name);
  return (
    <section className="stack" aria-labelledby="platform-home-title" data-testid="platform-home">
      <div className="admin-home__grid">
        <Link className="card admin-home__card" href="/admin/institutions" data-testid="home-institutions">
          <h2 id="platform-home-title">{t("admin.home.institutions")}</h2>
          <ul className="admin-home__lines">
            <li>{t("admin.home.institutionsTotal", { count: counts.institutions })}</li>
            <li className="muted">{t("admin.home.institutionsNoAdmin", { count: counts.withoutActiveAdmin })}</li>
            <li className="muted">{t("admin.home.adminsInvited", { count: counts.pendingAdmins })}</li>
          </ul>
        </Link>
      </div>
      {institutions.length === 0 ? (
        <p className="card empty-state">
          {t("admin.home.noInstitutions")} <Link href="/admin/institutions">{t("admin.ui.inst.onboard")}</Link>
        </p>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("admin.home.institutions")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.ui.inst.name")}</th>
                <th scope="col">{t("admin.ui.inst.level")}</th>
                <th scope="col">{t("admin.ui.inst.admins")}</th>
                <th scope="col">{t("admin.home.staffCount")}</th>
              </tr>
            </thead>
            <tbody>
              {institutions.map((i) => (
                <tr key={i.id}>
                  <td>
                    {nameOf(i)} <code className="muted">{i.code}</code>
                  </td>
                  <td>{t(`level.${i.level}`)}</td>
                  <td>
                    {i.admins.length === 0 ? <span className="muted">{t("admin.ui.inst.noAdmin")}</span> : null}
                    {i.admins.map((a) => (
                      <div key={a.id}>
                        {a.displayName} <Badge tone={STATUS_TONE[a.status]}>{t(`admin.ui.status.${a.status}`)}</Badge>
                      </div>
                    ))}
                  </td>
                  <td>{i.staffCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
