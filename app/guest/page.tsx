import { GuestLanding } from "@/components/video/GuestLanding";
import { LocaleSwitch } from "@/components/i18n/LocaleSwitch";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { publicPage } from "@/app/_lib/session";

/** Where a host's one-time guest link lands (server/video/guests.ts): the phone is let into the call. */
export default async function GuestPage() {
  publicPage("a guest has no account: the one-time link's token, posted from the fragment, is the credential");
  const { t } = await getServerT();
  return (
    <ClientMessages of={["LocaleSwitch", "GuestLanding"]}>
      <div className="auth-page">
        <header className="auth-page__bar">
          <span className="brand">{t("app.name")}</span>
          <LocaleSwitch />
        </header>
        <main id="main" className="auth-page__main">
          <section className="card auth-card" aria-labelledby="guest-title">
            <h1 id="guest-title">{t("video.guest.page.title")}</h1>
            <GuestLanding />
          </section>
        </main>
      </div>
    </ClientMessages>
  );
}
