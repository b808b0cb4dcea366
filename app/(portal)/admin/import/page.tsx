import "@/components/healthcard/healthcard.css";
import { ImportAdmin } from "@/components/healthcard/ImportAdmin";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";

export default async function ImportPage() {
  await requirePageUser("institution.administer");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["ImportAdmin"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("healthCard.ui.import.title")}</h1>
          <p>{t("healthCard.ui.import.intro")}</p>
        </header>
        <ImportAdmin />
      </div>
    </ClientMessages>
  );
}
