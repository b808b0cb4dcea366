import "@/components/healthcard/healthcard.css";
import { ImportAdmin } from "@/components/healthcard/ImportAdmin";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";

export default async function ImportPage() {
  await requirePageUser("institution.administer");
  const { t } = await getServerT();
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("healthCard.ui.import.title")}</h1>
        <p>{t("healthCard.ui.import.intro")}</p>
      </header>
      <ImportAdmin />
    </div>
  );
}
