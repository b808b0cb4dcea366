import "@/components/healthcard/healthcard.css";
import { IntegrationsAdmin } from "@/components/record/IntegrationsAdmin";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";

export default async function IntegrationsPage() {
  await requirePageUser("integration.administer");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["IntegrationsAdmin"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("record.integration.ui.title")}</h1>
          <p>{t("record.integration.ui.intro")}</p>
        </header>
        <IntegrationsAdmin />
      </div>
    </ClientMessages>
  );
}
