import "@/components/healthcard/healthcard.css";
import "@/components/admin/admin.css";
import { StaffAdmin } from "@/components/admin/StaffAdmin";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";

export default async function StaffPage() {
  await requirePageUser("staff.administer");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["StaffAdmin", "StaffEditDialog", "DepartmentsAdmin"]}>
      <div className="stack" data-testid="staff-page">
        <header className="page-header">
          <h1>{t("admin.ui.staffTitle")}</h1>
          <p>{t("admin.ui.staffIntro")}</p>
        </header>
        <StaffAdmin />
      </div>
    </ClientMessages>
  );
}
