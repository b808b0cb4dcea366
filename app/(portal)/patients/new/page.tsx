import "@/components/healthcard/healthcard.css";
import { WindowIssueForm } from "@/components/healthcard/WindowIssueForm";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";

export default async function IssueCardPage() {
  await requirePageUser("resident.register");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["WindowIssueForm", "useFieldErrors", "RegisterForm", "PendingButton"]}>
      <div className="stack stack--narrow">
        <header className="page-header">
          <h1>{t("healthCard.ui.window.title")}</h1>
          <p>{t("healthCard.ui.window.intro")}</p>
        </header>
        <WindowIssueForm />
      </div>
    </ClientMessages>
  );
}
