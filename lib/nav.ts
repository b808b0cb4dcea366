/** The portal's navigation, per role. Each feature adds its entry here. */
import type { Role } from "@/server/db/generated/enums";

export interface NavEntry {
  href: string;
  labelKey: string;
  roles: readonly Role[];
}

export const NAV_ENTRIES: NavEntry[] = [
  { href: "/home", labelKey: "nav.home", roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR", "INSTITUTION_ADMIN", "PLATFORM_ADMIN", "PATIENT"] },
  { href: "/audit", labelKey: "nav.audit", roles: ["PLATFORM_ADMIN", "INSTITUTION_ADMIN"] },
];

export function navFor(role: Role): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.roles.includes(role));
}
