import "@/components/healthcard/healthcard.css";
import { PatientSearch } from "@/components/healthcard/PatientSearch";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { rolesFor } from "@/server/access/policy";

export default async function PatientsPage() {
  const user = await requirePageUser("resident.browse");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["PatientSearch", "QrScanner"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("healthCard.ui.search.title")}</h1>
          <p>{t("healthCard.ui.search.intro")}</p>
        </header>
        <PatientSearch canIssue={rolesFor("resident.register").includes(user.role)} />
      </div>
    </ClientMessages>
  );
}
