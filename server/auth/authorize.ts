/**
 * The one authorisation check: pages, API handlers and socket handlers all call `authorize`.
 * Identity, role and institution always come from the verified session, never from the request.
 */
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import type { Role } from "@/server/db/generated/enums";
import type { SessionUser } from "./signIn";

export const STAFF_ROLES: readonly Role[] = ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR", "INSTITUTION_ADMIN", "PLATFORM_ADMIN"];
export const ALL_ROLES: readonly Role[] = [...STAFF_ROLES, "PATIENT"];

export function authorize(user: SessionUser | null | undefined, allowed: readonly Role[] = ALL_ROLES): SessionUser {
  if (!user) throw new UnauthenticatedError();
  if (!allowed.includes(user.role)) throw new ForbiddenError();
  return user;
}
