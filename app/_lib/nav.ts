/** The portal's navigation, per role. Each feature adds its entry here (notifications: the top bar's bell). */
import type { MessageKey } from "@/lib/i18n";
import type { Role } from "@/server/db/generated/enums";

export interface NavEntry {
  href: string;
  labelKey: MessageKey;
  roles: readonly Role[];
}

export const NAV_ENTRIES: NavEntry[] = [
  { href: "/home", labelKey: "nav.home", roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR", "INSTITUTION_ADMIN", "PLATFORM_ADMIN", "PATIENT"] },
  { href: "/consultations", labelKey: "nav.consultations", roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR"] },
  { href: "/triage", labelKey: "nav.triage", roles: ["COORDINATOR"] },
  { href: "/schedule", labelKey: "nav.schedule", roles: ["SPECIALIST", "COORDINATOR"] },
  { href: "/availability", labelKey: "nav.availability", roles: ["SPECIALIST"] },
  { href: "/consultations/templates", labelKey: "nav.opinionTemplates", roles: ["SPECIALIST"] },
  { href: "/advice", labelKey: "nav.advice", roles: ["PATIENT"] },
  { href: "/video", labelKey: "nav.video", roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR"] },
  { href: "/teaching", labelKey: "nav.teaching", roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR", "INSTITUTION_ADMIN"] },
  { href: "/audit", labelKey: "nav.audit", roles: ["PLATFORM_ADMIN", "INSTITUTION_ADMIN"] },
  { href: "/my-record", labelKey: "record.nav.mine", roles: ["PATIENT"] },
  { href: "/my-record/consents", labelKey: "record.nav.consents", roles: ["PATIENT"] },
  { href: "/card", labelKey: "healthCard.ui.nav.card", roles: ["PATIENT"] },
  { href: "/card/access", labelKey: "healthCard.access.nav", roles: ["PATIENT"] },
  { href: "/my-record/vitals", labelKey: "vitals.nav.mine", roles: ["PATIENT"] },
  { href: "/vitals", labelKey: "vitals.nav.worklist", roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR"] },
  { href: "/patients", labelKey: "healthCard.ui.nav.patients", roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR", "INSTITUTION_ADMIN", "PLATFORM_ADMIN"] },
  { href: "/record/emergency", labelKey: "record.nav.emergency", roles: ["COUNTY_DOCTOR", "SPECIALIST"] },
  { href: "/record/emergency/review", labelKey: "record.nav.review", roles: ["INSTITUTION_ADMIN"] },
  { href: "/admin/terminals", labelKey: "healthCard.ui.nav.terminals", roles: ["INSTITUTION_ADMIN"] },
  { href: "/admin/import", labelKey: "healthCard.ui.nav.import", roles: ["INSTITUTION_ADMIN"] },
  { href: "/admin/integrations", labelKey: "record.integration.ui.nav", roles: ["INSTITUTION_ADMIN"] },
  { href: "/admin/staff", labelKey: "admin.nav.staff", roles: ["INSTITUTION_ADMIN"] },
  { href: "/admin/institutions", labelKey: "admin.nav.institutions", roles: ["PLATFORM_ADMIN"] },
];

export function navFor(role: Role): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.roles.includes(role));
}
