import "@/components/healthcard/healthcard.css";
import { TerminalsAdmin } from "@/components/healthcard/TerminalsAdmin";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";

export default async function TerminalsPage() {
  await requirePageUser("institution.administer");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["TerminalsAdmin"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("healthCard.ui.terminals.title")}</h1>
          <p>{t("healthCard.ui.terminals.intro")}</p>
        </header>
        <TerminalsAdmin />
      </div>
    </ClientMessages>
  );
}
