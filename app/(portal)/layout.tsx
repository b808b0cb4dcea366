import Link from "next/link";
import type { ReactNode } from "react";
import { LocaleSwitch } from "@/components/i18n/LocaleSwitch";
import { NotificationBell } from "@/components/notifications/NotificationBell";
import { NotificationsProvider } from "@/components/notifications/NotificationsProvider";
import "@/components/notifications/bell.css";
import { SignOutButton } from "@/components/SignOutButton";
import { LinkPending } from "@/components/ui/LinkPending";
import { navFor } from "@/app/_lib/nav";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { preferencesOf } from "@/server/account/preferences";
import { getDb } from "@/server/db/client";
import { unreadCount } from "@/server/notifications/center";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("portal.enter");
  // A call's guest (server/video/guests.ts) sees the call and nothing else: no navigation, no notifications, no account menu.
  if (user.role === "GUEST") {
    const { t: tGuest } = await getServerT();
    return (
      <ClientMessages of={["LocaleSwitch"]}>
        <div className="portal portal--guest">
          <header className="topbar">
            <span className="brand">{tGuest("app.name")}</span>
            <div className="topbar__user">
              <span className="muted" data-testid="signed-in-as">
                {tGuest("video.guest.call.header", { name: user.displayName })}
              </span>
              <LocaleSwitch />
            </div>
          </header>
          <main id="main" className="portal__main">
            {children}
          </main>
        </div>
      </ClientMessages>
    );
  }
  const [{ t }, unread, { largeText }] = await Promise.all([getServerT(), unreadCount(getDb(), user.id), user.role === "PATIENT" ? preferencesOf(getDb(), user.id) : { largeText: false }]);
  return (
    <ClientMessages of={["NotificationBell", "LocaleSwitch", "SignOutButton", "TextSizeToggle"]}>
      <NotificationsProvider initialUnread={unread}>
        <div className="portal" data-text-size={largeText ? "large" : undefined}>
          <header className="topbar">
            <Link href="/home" className="brand">
              {t("app.name")}
            </Link>
            <nav aria-label={t("nav.mainNavigation")} className="topbar__nav">
              {navFor(user.role).map((entry) => (
                <Link key={entry.href} href={entry.href}>
                  <LinkPending>{t(entry.labelKey)}</LinkPending>
                </Link>
              ))}
            </nav>
            <div className="topbar__user">
              <NotificationBell />
              <span className="muted" data-testid="signed-in-as">
                {t("nav.signedInAs", { name: user.displayName, role: t(`role.${user.role}`) })}
              </span>
              <LocaleSwitch />
              <SignOutButton />
            </div>
          </header>
          <main id="main" className="portal__main">
            {children}
          </main>
        </div>
      </NotificationsProvider>
    </ClientMessages>
  );
}
