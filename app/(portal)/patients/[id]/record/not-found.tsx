import Link from "next/link";
import { getServerT } from "@/app/_lib/i18n";
import { getSessionUser } from "@/app/_lib/session";
import { rolesFor } from "@/server/access/policy";

/** The record page's 404: the same words whether the record does not exist or may not be read; clinicians who may break the glass are shown where. */
export default async function RecordNotFound() {
  const { t } = await getServerT();
  const user = await getSessionUser();
  return (
    <div className="stack stack--narrow" data-testid="record-denied">
      <div className="card message-card">
        <p className="message-card__code">404</p>
        <h1>{t("record.denied.title")}</h1>
        <p>{t("record.denied.body")}</p>
        {user && rolesFor("record.emergency").includes(user.role) ? (
          <Link className="button button--ghost" href="/record/emergency">
            {t("record.denied.emergency")}
          </Link>
        ) : null}
        <Link className="button button--primary" href="/home">
          {t("page.notFound.back")}
        </Link>
      </div>
    </div>
  );
}
