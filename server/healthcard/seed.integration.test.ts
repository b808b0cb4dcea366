import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { getDb } from "@/server/db/client";
import { seedDemoData } from "@/server/db/seed";
import { parseResidentId } from "./identity";
import { DEMO_RESIDENTS } from "./seed";

describe("demo health cards (real PostgreSQL)", () => {
  beforeAll(() => useTestDatabase());

  it("gives each demo patient a card with a valid resident ID and a WHXPH visit card, idempotently", async () => {
    for (const demo of DEMO_RESIDENTS) expect(parseResidentId(demo.docNumber).regionCode).toBe("441424");
    await seedDemoData(getDb());
    await seedDemoData(getDb());
    for (const demo of DEMO_RESIDENTS) {
      const user = await getDb().user.findUniqueOrThrow({ where: { username: demo.username }, include: { resident: { include: { card: true, identifiers: true } } } });
      expect(user.resident?.card?.status).toBe("ACTIVE");
      expect(user.resident?.identifiers).toEqual([expect.objectContaining({ kind: "VISIT_CARD", issuer: "WHXPH", value: demo.visitCard })]);
    }
  });
});
