import "@/components/consultation/consultation.css";
import { NotificationCenter } from "@/components/notifications/NotificationCenter";
import "@/components/ui/ui.css";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";

export default async function NotificationsPage() {
  await requirePageUser("account.own");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["NotificationCenter", "PendingButton"]}>
      <div className="stack">
        <header className="page-header">
          <h1>{t("notify.center.title")}</h1>
        </header>
        <NotificationCenter />
      </div>
    </ClientMessages>
  );
}
