import { describe, expect, it } from "vitest";
import { authorize, STAFF_ROLES } from "./authorize";
import type { SessionUser } from "./signIn";

const patient: SessionUser = { id: "p", username: "p", displayName: "P", role: "PATIENT", institutionId: null };

describe("authorize", () => {
  it("refuses a missing session with 401", () => {
    expect(() => authorize(undefined)).toThrow(expect.objectContaining({ status: 401, code: "UNAUTHENTICATED" }));
  });
  it("refuses a role that is not allowed with 403", () => {
    expect(() => authorize(patient, STAFF_ROLES)).toThrow(expect.objectContaining({ status: 403, code: "FORBIDDEN" }));
  });
  it("returns the user when the role is allowed", () => {
    expect(authorize(patient, ["PATIENT"])).toBe(patient);
  });
});
