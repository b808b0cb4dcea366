import Link from "next/link";
import { notFound } from "next/navigation";
import { RecordGround, SharedRecordView } from "@/components/record/SharedRecordView";
import "@/components/consultation/consultation.css";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { isAllowed } from "@/server/access/policy";
import { getDb } from "@/server/db/client";
import { readSharedRecord, recordQuerySchema } from "@/server/record/read";

export const dynamic = "force-dynamic";

/** A clinician's view of a resident's shared record: allowed by a care relationship, a consent or an emergency access; otherwise "not found". */
export default async function SharedRecordPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("record.read");
  const { t } = await getServerT();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const raw = await searchParams;
  const parsed = recordQuerySchema.safeParse({ category: typeof raw.category === "string" && raw.category ? raw.category : undefined, institution: typeof raw.institution === "string" && raw.institution ? raw.institution : undefined });
  const record = await readSharedRecord(getDb(), user, id, parsed.success ? parsed.data : {}).catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  return (
    <div className="stack" data-testid="shared-record-page">
      <header className="page-header">
        <p>
          <Link href={`/patients/${id}`}>{t("healthCard.ui.detail.back")}</Link>
        </p>
        <h1>{t("record.view.titleFor", { name: record.resident.name })}</h1>
        <p>{t("record.view.intro")}</p>
        {isAllowed(user, "consultation.create", {}) ? (
          <p>
            <Link className="button button--primary" href={`/consultations/new?patient=${record.resident.id}`} data-testid="new-consultation-for-patient">
              {t("cons.new.forPatient")}
            </Link>
          </p>
        ) : null}
      </header>
      <RecordGround record={record} />
      <SharedRecordView record={record} filterAction={`/patients/${id}/record`} />
    </div>
  );
}
