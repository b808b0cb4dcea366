import { redirect } from "next/navigation";
import { LocaleSwitch } from "@/components/i18n/LocaleSwitch";
import { getServerT } from "@/app/_lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getSessionUser, publicPage } from "@/app/_lib/session";
import { DEMO_PASSWORD, DEMO_USERS } from "@/server/db/seed";
import { getPlatform } from "@/server/platform";
import { SignInForm } from "./SignInForm";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  publicPage("signing in is what makes a session");
  if (await getSessionUser()) redirect("/home");
  const { t } = await getServerT();
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" && params.callbackUrl.startsWith("/") ? params.callbackUrl : "/home";
  const demo = getPlatform().config.seedDemoData;
  return (
    <ClientMessages of={["LocaleSwitch", "SignInForm", "PendingButton"]}>
      <div className="auth-page">
        <header className="auth-page__bar">
          <span className="brand">{t("app.name")}</span>
          <LocaleSwitch />
        </header>
        <main id="main" className="auth-page__main">
          <section className="card auth-card" aria-labelledby="signin-title">
            <h1 id="signin-title">{t("signIn.title")}</h1>
            <p className="muted">{t("signIn.subtitle")}</p>
            {params.signedOut ? (
              <p className="notice notice--info" role="status">
                {t("signIn.signedOut")}
              </p>
            ) : params.expired ? (
              <p className="notice notice--info" role="status" data-testid="session-expired">
                {t("signIn.sessionExpired")}
              </p>
            ) : null}
            <SignInForm callbackUrl={callbackUrl} />
          </section>
          {demo ? (
            <section className="card demo-card" aria-labelledby="demo-title">
              <h2 id="demo-title">{t("signIn.demoAccounts")}</h2>
              <p className="muted">{t("signIn.demoHint", { password: DEMO_PASSWORD })}</p>
              <table className="table">
                <tbody>
                  {DEMO_USERS.map((user) => (
                    <tr key={user.username}>
                      <td>
                        <code>{user.username}</code>
                      </td>
                      <td>{t(`role.${user.role}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </main>
      </div>
    </ClientMessages>
  );
}
