import type { AdviceView } from "@/components/consultation/AdviceDoctorPanel";
import { PatientAdvice } from "@/components/consultation/PatientAdvice";
import "@/components/consultation/consultation.css";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { adviceForPatient } from "@/server/consultation/advice";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";

/** The patient's follow-up advice (随访建议) in plain language. */
export default async function AdvicePage() {
  const user = await requirePageUser("advice.own");
  const { t } = await getServerT();
  const advice = plain(await adviceForPatient(getDb(), user)) as (AdviceView & { consultation: { number: string } })[];
  return (
    <ClientMessages of={["PatientAdvice", "PendingButton", "useAction", "LimitedTextarea"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.patientAdvice.title")}</h1>
          <p>{t("cons.patientAdvice.intro")}</p>
        </header>
        {advice.length === 0 ? <EmptyState message={t("cons.patientAdvice.empty")} /> : advice.map((item) => <PatientAdvice key={item.id} advice={item} />)}
      </div>
    </ClientMessages>
  );
}
