/** Who may see one consultation. Unknown and forbidden look the same (404) to the caller. */
import type { SessionUser } from "@/server/auth/signIn";

export interface Visible {
  status: string;
  requesterId: string;
  expertId: string | null;
  requestingInstitutionId: string;
}

export function canView(actor: SessionUser, consultation: Visible): boolean {
  switch (actor.role) {
    case "COUNTY_DOCTOR":
      return consultation.requesterId === actor.id || (consultation.status !== "DRAFT" && consultation.requestingInstitutionId === actor.institutionId);
    case "SPECIALIST":
      // Experts may read open requests before accepting one.
      return consultation.expertId === actor.id || consultation.status === "SUBMITTED";
    case "COORDINATOR":
      return consultation.status !== "DRAFT";
    default:
      return false;
  }
}
