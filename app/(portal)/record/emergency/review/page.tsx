import "@/components/consultation/consultation.css";
import { EmergencyList } from "@/components/record/EmergencyList";
import { ReviewForm } from "@/components/record/ReviewForm";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { emergencyReviewList } from "@/server/record/emergency";

export const dynamic = "force-dynamic";

/** The institution admin's review of its clinicians' emergency accesses: those awaiting review first. */
export default async function EmergencyReviewPage() {
  const user = await requirePageUser("record.emergency.review");
  const { t } = await getServerT();
  const accesses = await emergencyReviewList(getDb(), user);
  return (
    <ClientMessages of={["ReviewForm", "useAction", "PendingButton"]}>
      <div className="stack" data-testid="emergency-review-page">
        <header className="page-header">
          <h1>{t("record.review.title")}</h1>
          <p>{t("record.review.intro")}</p>
        </header>
        {accesses.length === 0 ? <p className="muted">{t("record.review.none")}</p> : <EmergencyList accesses={accesses} show="both" actions={(a) => (a.review ? null : <ReviewForm id={a.id} />)} />}
      </div>
    </ClientMessages>
  );
}
