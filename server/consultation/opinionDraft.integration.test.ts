/**
 * Opinion drafts on the real database: only the assigned expert reads and writes theirs, only while
 * an opinion can be written; signing turns the draft into the opinion and removes it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { signOpinion } from "./opinion";
import { opinionDraftOf, opinionDraftSchema, saveOpinionDraft } from "./opinionDraft";
import { makeConsultation, makeUser, makeWorld, type World } from "./testing";
import { TEXT_LIMITS } from "./textLimits";

let db: Db;
let world: World;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
});

const pending = () => makeConsultation(db, world, { status: "OPINION_PENDING", expertId: world.expert.id });
const text = { findings: "心电图示前壁 ST 段压低", impression: "", recommendations: "", referralDecision: null };

describe("opinion drafts", () => {
  it("are saved and read back by the assigned expert, the later save winning; signing removes the draft", async () => {
    const c = await pending();
    expect(await opinionDraftOf(db, world.expert, c.id)).toBeNull();
    const first = await saveOpinionDraft(db, world.expert, c.id, text);
    const second = await saveOpinionDraft(db, world.expert, c.id, { ...text, impression: "不稳定型心绞痛", referralDecision: "REFER_TO_PROVINCIAL" });
    expect(new Date(second.savedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.savedAt).getTime());
    expect(await opinionDraftOf(db, world.expert, c.id)).toMatchObject({ findings: text.findings, impression: "不稳定型心绞痛", recommendations: "", referralDecision: "REFER_TO_PROVINCIAL", savedAt: second.savedAt });
    await signOpinion(db, world.expert, c.id, { findings: text.findings, impression: "不稳定型心绞痛", recommendations: "建议冠脉造影。", referralDecision: "REFER_TO_PROVINCIAL" });
    expect(await db.opinionDraft.count({ where: { consultationId: c.id } })).toBe(0);
    // A revision after signing starts a new draft.
    await saveOpinionDraft(db, world.expert, c.id, { ...text, recommendations: "复查" });
    expect((await opinionDraftOf(db, world.expert, c.id))?.recommendations).toBe("复查");
  });

  it("are the expert's alone: the requesting doctor and another specialist can neither read nor change one", async () => {
    const c = await pending();
    const otherExpert = await makeUser(db, "SPECIALIST", world.provincialId);
    await saveOpinionDraft(db, world.expert, c.id, text);
    for (const refused of [world.doctor, otherExpert]) {
      const writing = await saveOpinionDraft(db, refused, c.id, { ...text, findings: "改写" }).catch((e: unknown) => e as { status: number });
      const reading = await opinionDraftOf(db, refused, c.id).catch((e: unknown) => e as { status: number });
      expect([403, 404]).toContain((writing as { status: number }).status);
      expect([403, 404]).toContain((reading as { status: number }).status);
    }
    expect((await opinionDraftOf(db, world.expert, c.id))?.findings).toBe(text.findings);
  });

  it("cannot be written before the session (400 with the reason) or for an unknown consultation (404)", async () => {
    const scheduled = await makeConsultation(db, world, { status: "SCHEDULED", expertId: world.expert.id });
    await expect(saveOpinionDraft(db, world.expert, scheduled.id, text)).rejects.toMatchObject({ status: 400, messageKey: "consultation.opinionNotYet" });
    await expect(saveOpinionDraft(db, world.expert, crypto.randomUUID(), text)).rejects.toMatchObject({ status: 404 });
  });

  it("refuse what the opinion would refuse: over the field limits, unknown fields, a bad referral decision", () => {
    expect(opinionDraftSchema.safeParse({ ...text, findings: "x".repeat(TEXT_LIMITS.findings + 1) }).success).toBe(false);
    expect(opinionDraftSchema.safeParse({ ...text, extra: 1 }).success).toBe(false);
    expect(opinionDraftSchema.safeParse({ ...text, referralDecision: "SEND_HOME" }).success).toBe(false);
    expect(opinionDraftSchema.safeParse(text).success).toBe(true);
  });
});
