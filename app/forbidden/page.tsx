import Link from "next/link";
import { getServerT } from "@/app/_lib/i18n";
import { publicPage } from "@/app/_lib/session";

export default async function ForbiddenPage() {
  publicPage("the notice a refused page redirects to; it shows no data");
  const { t } = await getServerT();
  return (
    <main id="main" className="centered-page">
      <div className="card message-card">
        <p className="message-card__code">403</p>
        <h1>{t("page.forbidden.title")}</h1>
        <p>{t("page.forbidden.body")}</p>
        <Link className="button button--primary" href="/home">
          {t("page.notFound.back")}
        </Link>
      </div>
    </main>
  );
}
