import "@/components/healthcard/healthcard.css";
import "@/components/admin/admin.css";
import { InstitutionsAdmin } from "@/components/admin/InstitutionsAdmin";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";

export default async function InstitutionsPage() {
  await requirePageUser("institution.onboard");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["InstitutionsAdmin"]}>
      <div className="stack" data-testid="institutions-page">
        <header className="page-header">
          <h1>{t("admin.ui.inst.title")}</h1>
          <p>{t("admin.ui.inst.intro")}</p>
        </header>
        <InstitutionsAdmin />
      </div>
    </ClientMessages>
  );
}
