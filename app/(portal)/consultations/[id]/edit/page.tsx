import { notFound } from "next/navigation";
import { RequestForm } from "@/components/consultation/RequestForm";
import "@/components/consultation/consultation.css";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { getConsultation } from "@/server/consultation/requests";
import { SPECIALTIES } from "@/server/consultation/specialties";
import { getDb } from "@/server/db/client";

export default async function EditDraftPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("consultation.request");
  const { t } = await getServerT();
  const { id } = await params;
  const db = getDb();
  let c;
  try {
    if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
    c = await getConsultation(db, user, id);
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  }
  if (c.requesterId !== user.id || c.status !== "DRAFT") notFound();
  const experts = await db.user.findMany({ where: { role: "SPECIALIST", disabled: false }, select: { id: true, displayName: true, department: { select: { code: true } } }, orderBy: { displayName: "asc" } });
  return (
    <ClientMessages of={["RequestForm", "useFieldErrors", "PatientPicker", "LimitedTextarea"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.edit.title", { number: c.number })}</h1>
        </header>
        <RequestForm
          specialties={SPECIALTIES}
          experts={experts.map((e) => ({ id: e.id, displayName: e.displayName, specialty: e.department?.code ?? "" }))}
          existing={{
            id: c.id,
            version: c.version,
            patient: { id: c.resident.id, name: c.resident.name, sex: c.resident.sex, birthDate: null, docNumberMasked: null },
            type: c.type,
            specialty: c.specialty,
            urgency: c.urgency,
            preferredExpertId: c.preferredExpertId,
            clinicalSummary: c.clinicalSummary,
            question: c.question,
            preferredTimes: c.preferredTimes,
          }}
        />
      </div>
    </ClientMessages>
  );
}
