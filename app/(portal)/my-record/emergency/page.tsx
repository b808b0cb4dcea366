import Link from "next/link";
import { RecordSwitcher } from "@/components/record/RecordSwitcher";
import { EmergencyList } from "@/components/record/EmergencyList";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { emergencyAccessesOf } from "@/server/record/emergency";
import { managedRecordOfPage } from "../managed";

export const dynamic = "force-dynamic";

/** Emergency accesses to the resident's record: who, why, how long, and the review's outcome. */
export default async function MyEmergencyAccessesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("record.manage");
  const { t } = await getServerT();
  const { current, all } = await managedRecordOfPage(user, await searchParams);
  if (!current) return <EmptyState message={t("record.mine.noRecord")} />;
  const accesses = await emergencyAccessesOf(getDb(), user, current.residentId);
  return (
    <div className="stack" data-testid="my-emergency-page">
      <header className="page-header">
        <p>
          <Link href={current.self ? "/my-record" : `/my-record?for=${current.residentId}`}>{t("record.myCons.back")}</Link>
        </p>
        <h1>{t("record.emergency.residentTitle")}</h1>
        <p>{t("record.emergency.residentIntro")}</p>
      </header>
      <RecordSwitcher records={all} current={current.residentId} basePath="/my-record/emergency" />
      <EmergencyList accesses={accesses} show="clinician" />
    </div>
  );
}
