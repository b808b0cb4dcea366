import Link from "next/link";
import "@/components/vitals/vitals.css";
import { EmptyState } from "@/components/ui/EmptyState";
import { DevicesManager } from "@/components/vitals/DevicesManager";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { DEVICE_READINGS_PATH } from "@/server/http/deviceRoute";
import { listDevices } from "@/server/record/devices";
import { portalResident } from "@/server/record/vitalsHistory";

export const dynamic = "force-dynamic";

/** The resident's home devices (their own record's, or a family member's they manage): pair, see last uploads, revoke. */
export default async function DevicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("record.manage");
  const { t } = await getServerT();
  const params = await searchParams;
  const db = getDb();
  const resident = await portalResident(db, user, typeof params.resident === "string" ? params.resident : undefined);
  if (!resident) {
    return (
      <div className="stack" data-testid="devices-page">
        <header className="page-header">
          <h1>{t("vitals.devices.title")}</h1>
        </header>
        <EmptyState message={t("vitals.chart.noRecord")} action={<Link className="button button--primary" href="/register">{t("vitals.chart.register")}</Link>} />
      </div>
    );
  }
  const devices = await listDevices(db, user, resident.id);
  return (
    <ClientMessages of={["DevicesManager", "PendingButton"]}>
      <div className="stack stack--narrow" data-testid="devices-page">
        <header className="page-header">
          <h1>{resident.own ? t("vitals.devices.title") : t("vitals.devices.titleFor", { name: resident.name })}</h1>
          <p>{t("vitals.devices.intro")}</p>
          <p>
            <Link href={`/my-record/vitals${resident.own ? "" : `?resident=${resident.id}`}`}>{t("vitals.devices.seeVitals")}</Link>
          </p>
        </header>
        <DevicesManager residentId={resident.id} endpoint={`${getConfig().publicUrl.replace(/\/$/, "")}${DEVICE_READINGS_PATH}`} initial={devices} />
      </div>
    </ClientMessages>
  );
}
