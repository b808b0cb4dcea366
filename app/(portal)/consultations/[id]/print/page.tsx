import { notFound } from "next/navigation";
import { formatDateTime } from "@/components/consultation/format";
import { OpinionList, type OpinionView } from "@/components/consultation/OpinionList";
import { PrintButton } from "@/components/consultation/PrintButton";
import "@/components/consultation/consultation.css";
import { isAppError } from "@/lib/errors";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { plain } from "@/server/consultation/api";
import { listOpinions } from "@/server/consultation/opinion";
import { viewConsultation } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";

/** 会诊意见书: a printable (save as PDF) opinion with its signature details. */
export default async function OpinionPrintPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("consultation.read");
  const { t, locale } = await getServerT();
  const { id } = await params;
  let c;
  try {
    if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
    c = await viewConsultation(getDb(), user, id);
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  }
  const opinions = plain(await listOpinions(getDb(), user, id)) as OpinionView[];
  return (
    <ClientMessages of={["PrintButton"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.print.title")}</h1>
          <p>
            {t("cons.detail.title", { number: c.number })} · {c.resident.name} · {c.requestingInstitution.name}
          </p>
          <p className="muted">{t("cons.print.generated", { at: formatDateTime(new Date(), locale) })}</p>
          <PrintButton />
        </header>
        {opinions.length === 0 ? <p className="notice notice--info">{t("cons.print.none")}</p> : <OpinionList consultationId={c.id} opinions={opinions.slice(0, 1)} print />}
        <p className="muted">{t("cons.print.verifyHint")}</p>
      </div>
    </ClientMessages>
  );
}
