import { AvailabilityEditor } from "@/components/consultation/AvailabilityEditor";
import "@/components/consultation/consultation.css";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { listAvailability } from "@/server/scheduling/availability";

export default async function AvailabilityPage() {
  const user = await requirePageUser("calendar.own");
  const { t } = await getServerT();
  const availability = plain(await listAvailability(getDb(), user.id)) as Awaited<ReturnType<typeof listAvailability>> & { exceptions: { id: string; kind: string; startsAt: string; endsAt: string; note: string | null }[] };
  return (
    <ClientMessages of={["AvailabilityEditor", "useAction"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("cons.avail.title")}</h1>
          <p>{t("cons.avail.intro")}</p>
        </header>
        <AvailabilityEditor initialTemplates={availability.templates} exceptions={availability.exceptions} />
      </div>
    </ClientMessages>
  );
}
