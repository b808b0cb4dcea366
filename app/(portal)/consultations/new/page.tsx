import { RequestForm } from "@/components/consultation/RequestForm";
import "@/components/consultation/consultation.css";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { isAppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { getResidentSummary } from "@/server/healthcard/lookup";
import { SPECIALTIES } from "@/server/consultation/specialties";
import { getDb } from "@/server/db/client";

/** A new request; `?patient=<resident id>` (the patient's record page's action) starts with that patient picked. */
export default async function NewConsultationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("consultation.create");
  const { t } = await getServerT();
  const wanted = (await searchParams).patient;
  // The resident as the lookup answers them (resident.read: a patient this doctor may not see is "not found").
  const patient =
    typeof wanted !== "string" || !wanted
      ? null
      : !isUuid(wanted)
        ? ("missing" as const)
        : await getResidentSummary(getDb(), user, wanted).then(
            (found) => ({ id: found.id, name: found.name, sex: found.sex, birthDate: found.birthDate, docNumberMasked: found.docNumberMasked }),
            (error: unknown) => {
              if (!isAppError(error) || error.status !== 404) throw error;
              return "missing" as const;
            },
          );
  const experts = await getDb().user.findMany({
    where: { role: "SPECIALIST", disabled: false },
    select: { id: true, displayName: true, department: { select: { code: true } } },
    orderBy: { displayName: "asc" },
  });
  return (
    <ClientMessages of={["RequestForm", "useFieldErrors", "PatientPicker", "LimitedTextarea"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.new.title")}</h1>
          <p>{t("cons.new.intro")}</p>
        </header>
        {patient === "missing" ? (
          <p className="notice notice--error" role="alert">
            {t("cons.new.patientNotFound")}
          </p>
        ) : null}
        <RequestForm initialPatient={patient === "missing" ? null : patient} specialties={SPECIALTIES} experts={experts.map((e) => ({ id: e.id, displayName: e.displayName, specialty: e.department?.code ?? "" }))} />
      </div>
    </ClientMessages>
  );
}
