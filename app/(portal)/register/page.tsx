import Link from "next/link";
import { redirect } from "next/navigation";
import "@/components/healthcard/healthcard.css";
import { RegisterForm } from "@/components/healthcard/RegisterForm";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { requirePageUser } from "@/app/_lib/session";
import { getDb } from "@/server/db/client";
import { getOwnCard } from "@/server/healthcard/patientCard";

export const dynamic = "force-dynamic";

export default async function RegisterPage() {
  const user = await requirePageUser("card.own");
  const { t } = await getServerT();
  if ((await getOwnCard(getDb(), user))?.cardIdMasked) redirect("/card");
  return (
    <ClientMessages of={["RegisterForm", "useFieldErrors", "PendingButton"]}>
      <div className="stack stack--narrow">
        <header className="page-header">
          <h1>{t("healthCard.ui.register.title")}</h1>
          <p>{t("healthCard.ui.register.intro")}</p>
        </header>
        <RegisterForm />
        <p>
          <Link href="/my-record/family">{t("record.family.registerChild")}</Link>
        </p>
      </div>
    </ClientMessages>
  );
}
