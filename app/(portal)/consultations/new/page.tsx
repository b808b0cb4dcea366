import { RequestForm } from "@/components/consultation/RequestForm";
import "@/components/consultation/consultation.css";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { SPECIALTIES } from "@/server/consultation/specialties";
import { getDb } from "@/server/db/client";

export default async function NewConsultationPage() {
  await requirePageUser("consultation.create");
  const { t } = await getServerT();
  const experts = await getDb().user.findMany({
    where: { role: "SPECIALIST", disabled: false },
    select: { id: true, displayName: true, department: { select: { code: true } } },
    orderBy: { displayName: "asc" },
  });
  return (
    <ClientMessages of={["RequestForm", "PatientPicker", "LimitedTextarea"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.new.title")}</h1>
          <p>{t("cons.new.intro")}</p>
        </header>
        <RequestForm specialties={SPECIALTIES} experts={experts.map((e) => ({ id: e.id, displayName: e.displayName, specialty: e.department?.code ?? "" }))} />
      </div>
    </ClientMessages>
  );
}
