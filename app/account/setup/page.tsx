import { AccountSetupForm } from "@/components/admin/AccountSetupForm";
import { LocaleSwitch } from "@/components/i18n/LocaleSwitch";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { publicPage } from "@/app/_lib/session";

/** Choosing a password with a one-time invitation or reset link (server/admin/links.ts). */
export default async function AccountSetupPage() {
  publicPage("an invited person has no session yet: the link's token, posted by the form, is the credential");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["LocaleSwitch", "AccountSetupForm", "PendingButton"]}>
      <div className="auth-page">
        <header className="auth-page__bar">
          <span className="brand">{t("app.name")}</span>
          <LocaleSwitch />
        </header>
        <main id="main" className="auth-page__main">
          <section className="card auth-card" aria-labelledby="setup-title">
            <h1 id="setup-title">{t("admin.setup.title")}</h1>
            <AccountSetupForm />
          </section>
        </main>
      </div>
    </ClientMessages>
  );
}
