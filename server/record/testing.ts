/**
 * Test data for the shared record: entries, files and vital readings written directly (the FHIR
 * ingest writes them in production), and a world where each ground of record.read can be set up.
 */
import { randomBytes } from "node:crypto";
import { makeUser, makeWorld, type World } from "@/server/consultation/testing";
import type { Db } from "@/server/db/client";
import type { RecordCategory, VitalKind } from "@/server/db/generated/enums";
import { unique } from "@/test/db";

const RESOURCE_TYPE: Record<RecordCategory, string> = {
  SUMMARY: "Condition",
  ENCOUNTER: "Encounter",
  DOCUMENT: "DocumentReference",
  REPORT: "DiagnosticReport",
  IMAGE: "DocumentReference",
  VITAL: "Observation",
  CONSULTATION: "Communication",
};

export interface EntryInput {
  residentId: string;
  institutionId: string;
  category: RecordCategory;
  title?: string;
  author?: string | null;
  resourceType?: string;
  effectiveAt?: Date;
}

export function makeRecordEntry(db: Db, input: EntryInput) {
  const sourceId = unique("src");
  const resourceType = input.resourceType ?? RESOURCE_TYPE[input.category];
  return db.recordEntry.create({
    data: {
      residentId: input.residentId,
      category: input.category,
      resourceType,
      sourceInstitutionId: input.institutionId,
      sourceId,
      author: input.author === undefined ? "王医生" : input.author,
      title: input.title ?? `${input.category} ${sourceId}`,
      status: "final",
      effectiveAt: input.effectiveAt ?? new Date(),
      resource: { resourceType, id: sourceId },
      contentHash: randomBytes(32).toString("hex"),
    },
  });
}

export function makeRecordFile(db: Db, entry: { id: string; residentId: string }, content = Buffer.from("%PDF-1.4 test\n"), fileName = "报告.pdf") {
  return db.recordFile.create({
    data: { entryId: entry.id, residentId: entry.residentId, fileName, contentType: "application/pdf", sizeBytes: content.length, sm3: "0".repeat(64), content },
  });
}

export function makeVitalReading(db: Db, residentId: string, kind: VitalKind, value: number, measuredAt: Date, value2: number | null = null) {
  return db.vitalReading.create({
    data: { residentId, kind, value, value2, unit: kind === "BLOOD_PRESSURE" ? "mmHg" : kind === "GLUCOSE" ? "mmol/L" : "/min", measuredAt, source: "DEVICE", sourceKey: unique("vital") },
  });
}

export interface RecordWorld extends World {
  /** The resident's card ID (an exact identifier for an emergency access). */
  cardId: string;
  /** A county doctor of the resident's own institution (the card was issued there). */
  colleague: Awaited<ReturnType<typeof makeUser>>;
  /** A county doctor of another hospital: no relationship at all. */
  stranger: Awaited<ReturnType<typeof makeUser>>;
  strangerInstitutionId: string;
  /** The admin of the stranger's hospital (reviews the stranger's emergency accesses). */
  strangerAdmin: Awaited<ReturnType<typeof makeUser>>;
  /** The admin of the resident's hospital. */
  admin: Awaited<ReturnType<typeof makeUser>>;
}

/** makeWorld, with the resident's card issued by the county hospital and people without a relationship. */
export async function makeRecordWorld(db: Db): Promise<RecordWorld> {
  const world = await makeWorld(db);
  const cardId = randomBytes(32).toString("hex").toUpperCase();
  await db.healthCard.create({ data: { residentId: world.residentId, cardId, keyVersion: 1, channel: "WINDOW", issuingInstitutionId: world.institutionId } });
  const other = await db.institution.create({ data: { code: unique("O").slice(0, 32), name: "另一县医院", level: "COUNTY", regionCode: "441500" } });
  return {
    ...world,
    cardId,
    colleague: await makeUser(db, "COUNTY_DOCTOR", world.institutionId),
    stranger: await makeUser(db, "COUNTY_DOCTOR", other.id),
    strangerInstitutionId: other.id,
    strangerAdmin: await makeUser(db, "INSTITUTION_ADMIN", other.id),
    admin: await makeUser(db, "INSTITUTION_ADMIN", world.institutionId),
  };
}
