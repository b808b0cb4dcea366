import { describe, expect, it } from "vitest";
import { parseJsonBody } from "@/lib/validation";
import { draftUpdateSchema, versionSchema } from "@/server/consultation/requests";
import { assignSchema } from "@/server/consultation/triage";
import { bookSchema } from "./booking";

describe("expectedVersion past a PostgreSQL integer (the fuzz suite's booking 500)", () => {
  it("is a 400 from every schema that carries it, before any SQL", () => {
    const body = (extra: object) => JSON.stringify({ startsAt: "2030-01-01T08:00:00Z", expertId: "5f0c3c9e-6d5a-4d8e-9a2b-1c2d3e4f5a6b", expectedVersion: 266_004_540_667_624, ...extra });
    for (const schema of [bookSchema, draftUpdateSchema, versionSchema, assignSchema]) {
      expect(() => parseJsonBody(schema, body({}))).toThrow(expect.objectContaining({ status: 400, code: "VALIDATION_FAILED" }));
    }
  });
});
