import { ResourceForm } from "@/components/teaching/ResourceForm";
import { ScheduleForm } from "@/components/teaching/ScheduleForm";
import "@/components/teaching/teaching.css";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { DAY_MS, shanghaiDateKey } from "@/server/scheduling/time";
import { schedulingOptions } from "@/server/teaching/resources";

export const dynamic = "force-dynamic";

/** The form starts on tomorrow (Beijing date). */
function tomorrow(): string {
  return shanghaiDateKey(new Date(Date.now() + DAY_MS));
}

export default async function NewTeachingPage() {
  await requirePageUser("teaching.schedule");
  const { t } = await getServerT();
  const options = await schedulingOptions(getDb());
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("teaching.ui.new.title")}</h1>
        <p>{t("teaching.ui.new.intro")}</p>
      </header>
      {options.operatingRooms.length === 0 || options.cameraKits.length === 0 ? <p className="notice notice--info">{t("teaching.ui.new.noRooms")}</p> : null}
      <ClientMessages of={["ScheduleForm", "CheckList", "ResourceForm", "useAction"]}>
        <ScheduleForm options={options} defaultDate={tomorrow()} />
        <ResourceForm options={options} />
      </ClientMessages>
    </div>
  );
}
