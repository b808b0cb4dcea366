import Link from "next/link";
import "@/components/consultation/consultation.css";
import { EmergencyForm } from "@/components/record/EmergencyForm";
import { EmergencyList } from "@/components/record/EmergencyList";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { EMERGENCY_DEFAULT_HOURS, EMERGENCY_REASON_MIN, myEmergencyAccesses } from "@/server/record/emergency";

export const dynamic = "force-dynamic";

/** Break-glass for clinicians: an exact identifier, a reason, a bounded time, a confirmation; and the clinician's own accesses. */
export default async function EmergencyAccessPage() {
  const user = await requirePageUser("record.emergency");
  const { t } = await getServerT();
  const mine = await myEmergencyAccesses(getDb(), user);
  return (
    <ClientMessages of={["EmergencyForm", "LimitedTextarea", "PendingButton"]}>
      <div className="stack" data-testid="emergency-page">
        <header className="page-header">
          <h1>{t("record.emergency.title")}</h1>
          <p className="notice notice--error">{t("record.emergency.intro")}</p>
        </header>
        <EmergencyForm reasonMin={EMERGENCY_REASON_MIN} defaultHours={EMERGENCY_DEFAULT_HOURS} />
        <section className="stack" aria-labelledby="mine-h">
          <h2 id="mine-h">{t("record.emergency.mine")}</h2>
          <EmergencyList
            accesses={mine}
            show="patient"
            actions={(a) =>
              a.active ? (
                <Link className="button button--ghost" href={`/patients/${a.residentId}/record`}>
                  {t("record.emergency.openRecord")}
                </Link>
              ) : null
            }
          />
        </section>
      </div>
    </ClientMessages>
  );
}
