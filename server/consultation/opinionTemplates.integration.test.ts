/**
 * Opinion templates on the real database: a specialist sees their specialty's shared templates at
 * their hospital and their own personal ones, nothing of another specialty, hospital or colleague
 * (404); bad input is refused with a message through the real routes; edits are versioned, deletes
 * are final, every change is audited.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/opinion-templates/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/opinion-templates/route";
import type { SessionUser } from "@/server/auth/signIn";
import { signedInSession } from "@/server/auth/testing";
import { getDb, type Db } from "@/server/db/client";
import { unique, useTestDatabase } from "@/test/db";
import { createOpinionTemplate, deleteOpinionTemplate, getOpinionTemplate, listOpinionTemplates, updateOpinionTemplate, type OpinionTemplateView } from "./opinionTemplates";
import { makeUser } from "./testing";
import { TEXT_LIMITS } from "./textLimits";

let db: Db;
/** Hospital P: two cardiologists, an endocrinologist, a specialist without a department, a coordinator. Hospital Q: a cardiologist. */
let card: SessionUser;
let cardColleague: SessionUser;
let endo: SessionUser;
let noDepartment: SessionUser;
let coordinator: SessionUser;
let otherHospitalCard: SessionUser;

async function hospital(): Promise<{ id: string; card: string; endo: string }> {
  const row = await db.institution.create({ data: { code: unique("TP").slice(0, 32), name: "省医院", level: "PROVINCIAL", regionCode: "440100" } });
  const dept = (code: string) => db.department.create({ data: { institutionId: row.id, code, name: code } }).then((d) => d.id);
  return { id: row.id, card: await dept("CARD"), endo: await dept("ENDO") };
}

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  const p = await hospital();
  const q = await hospital();
  card = await makeUser(db, "SPECIALIST", p.id, p.card);
  cardColleague = await makeUser(db, "SPECIALIST", p.id, p.card);
  endo = await makeUser(db, "SPECIALIST", p.id, p.endo);
  noDepartment = await makeUser(db, "SPECIALIST", p.id);
  coordinator = await makeUser(db, "COORDINATOR", p.id);
  otherHospitalCard = await makeUser(db, "SPECIALIST", q.id, q.card);
});

const text = { findings: "心电图示 V4–V6 导联 ST 段压低。", impression: "稳定型心绞痛。", recommendations: "完善冠脉 CTA。" };
const create = (actor: SessionUser, personal: boolean, name = unique("模板")) => createOpinionTemplate(db, actor, { name, ...text, personal });
const status = (promise: Promise<unknown>) => promise.then(() => 200, (e: { status?: number }) => e.status);

type Answer = { status: number; json: { error?: { code: string; message: string; details?: unknown } } & Partial<OpinionTemplateView> & { templates?: OpinionTemplateView[] } };

async function call(route: (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>, actor: SessionUser, method: string, options: { id?: string; body?: unknown; raw?: string; locale?: "en" | "zh-CN" } = {}): Promise<Answer> {
  const { cookie } = await signedInSession(actor.id, { locale: options.locale ?? "zh-CN" });
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const request = new NextRequest(`http://127.0.0.1/api/opinion-templates${options.id ? `/${options.id}` : ""}`, {
    method,
    headers: { cookie, ...(hasBody ? { "content-type": "application/json" } : {}) },
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const response = await route(request, { params: Promise.resolve<Record<string, string>>(options.id ? { id: options.id } : {}) });
  return { status: response.status, json: (await response.json()) as Answer["json"] };
}

describe("opinion templates: who sees which", () => {
  it("a specialist sees their specialty's shared templates and their own, never a colleague's personal one or another specialty's or hospital's", async () => {
    const shared = await create(card, false);
    const mine = await create(card, true);
    const colleagues = await create(cardColleague, true);
    const endocrinology = await create(endo, false);
    const elsewhere = await create(otherHospitalCard, false);

    const ids = async (actor: SessionUser) => (await listOpinionTemplates(db, actor)).map((x) => x.id);
    expect(await ids(card)).toEqual(expect.arrayContaining([shared.id, mine.id]));
    for (const hidden of [colleagues, endocrinology, elsewhere]) expect(await ids(card)).not.toContain(hidden.id);
    // The colleague of the same specialty has the shared one, not card's personal one.
    expect(await ids(cardColleague)).toEqual(expect.arrayContaining([shared.id, colleagues.id]));
    expect(await ids(cardColleague)).not.toContain(mine.id);
    // Shared first, then personal.
    const list = await listOpinionTemplates(db, card);
    expect(list.findIndex((x) => x.personal)).toBeGreaterThan(list.findLastIndex((x) => !x.personal));

    // Each id the list does not show answers 404 to read, edit and delete, and stays as it was.
    for (const [actor, template] of [
      [card, colleagues],
      [card, endocrinology],
      [card, elsewhere],
      [endo, shared],
      [otherHospitalCard, shared],
      [cardColleague, mine],
    ] as const) {
      await expect(getOpinionTemplate(db, actor, template.id)).rejects.toMatchObject({ status: 404, code: "OPINION_TEMPLATE_NOT_FOUND" });
      await expect(updateOpinionTemplate(db, actor, template.id, { name: "改写", ...text, expectedVersion: 1 })).rejects.toMatchObject({ status: 404 });
      await expect(deleteOpinionTemplate(db, actor, template.id)).rejects.toMatchObject({ status: 404 });
      expect((await db.opinionTemplate.findUniqueOrThrow({ where: { id: template.id } })).name).toBe(template.name);
    }
    await expect(getOpinionTemplate(db, card, crypto.randomUUID())).rejects.toMatchObject({ status: 404 });
  });

  it("through the routes: another hospital's template is 404, a coordinator is refused (403), a malformed id is 404", async () => {
    const shared = await create(card, false);
    expect((await call(getRoute, card, "GET", { id: shared.id })).json.name).toBe(shared.name);
    const foreign = await call(getRoute, otherHospitalCard, "GET", { id: shared.id });
    expect(foreign.status).toBe(404);
    expect(foreign.json.error).toMatchObject({ code: "OPINION_TEMPLATE_NOT_FOUND", message: "找不到这个意见模板，或您无权使用。" });
    expect((await call(deleteRoute, otherHospitalCard, "DELETE", { id: shared.id })).status).toBe(404);
    expect((await call(listRoute, coordinator, "GET")).status).toBe(403);
    expect((await call(createRoute, coordinator, "POST", { body: { name: "协调员模板", ...text, personal: false } })).status).toBe(403);
    expect((await call(getRoute, card, "GET", { id: "not-a-uuid" })).status).toBe(404);
    const listed = await call(listRoute, cardColleague, "GET");
    expect(listed.status).toBe(200);
    expect(listed.json.templates?.map((x) => x.id)).toContain(shared.id);
  });

  it("a specialist without a department has no specialty: an empty list, and creating says why (403)", async () => {
    expect(await listOpinionTemplates(db, noDepartment)).toEqual([]);
    const answer = await call(createRoute, noDepartment, "POST", { body: { name: "无科室", ...text, personal: true } });
    expect(answer.status).toBe(403);
    expect(answer.json.error?.message).toContain("还没有科室");
  });
});

describe("opinion templates: bad input, through the real routes", () => {
  it("an empty name, no text at all, a text over its limit and a NUL byte are refused with a message naming the problem; nothing is stored", async () => {
    const before = await db.opinionTemplate.count({ where: { createdById: card.id } });
    const emptyName = await call(createRoute, card, "POST", { body: { name: "   ", ...text, personal: false } });
    expect(emptyName.status).toBe(400);
    expect(emptyName.json.error).toMatchObject({ message: "请填写模板名称。", details: { field: "name" } });
    const english = await call(createRoute, card, "POST", { body: { name: "", ...text, personal: false }, locale: "en" });
    expect(english.json.error?.message).toBe("Give the template a name.");

    const noText = await call(createRoute, card, "POST", { body: { name: unique("空"), findings: " ", impression: "", recommendations: "\n", personal: false } });
    expect(noText.status).toBe(400);
    expect(noText.json.error?.message).toContain("至少需要");

    const tooLong = await call(createRoute, card, "POST", { body: { name: unique("长"), ...text, recommendations: "建".repeat(TEXT_LIMITS.recommendations + 1), personal: false } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatchObject({ code: "TEXT_TOO_LONG", message: expect.stringContaining("最多 8,000 个字符，现在是 8,001 个") });
    const longName = await call(createRoute, card, "POST", { body: { name: "名".repeat(TEXT_LIMITS.templateName + 1), ...text, personal: false }, locale: "en" });
    expect(longName.json.error).toMatchObject({ code: "TEXT_TOO_LONG", message: expect.stringContaining("at most 100 characters") });

    const nul = await call(createRoute, card, "POST", { raw: JSON.stringify({ name: unique("零"), ...text, impression: "心绞痛\u0000", personal: false }) });
    expect(nul.status).toBe(400);
    expect(nul.json.error?.code).toBe("NUL_BYTE");
    expect(nul.json.error?.message).toContain("impression");

    const unknownField = await call(createRoute, card, "POST", { body: { name: unique("多"), ...text, personal: false, ownerId: endo.id } });
    expect(unknownField.status).toBe(400);
    expect(await db.opinionTemplate.count({ where: { createdById: card.id } })).toBe(before);
  });

  it("a name already taken in the same list is 409 naming the field; the same name elsewhere is fine", async () => {
    const name = unique("重名");
    await create(card, false, name);
    const again = await call(createRoute, cardColleague, "POST", { body: { name, ...text, personal: false } });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "OPINION_TEMPLATE_NAME_TAKEN", details: { field: "name" } });
    // Personal lists and other specialties have names of their own.
    expect(await status(create(cardColleague, true, name))).toBe(200);
    expect(await status(create(endo, false, name))).toBe(200);
  });
});

describe("opinion templates: edit and delete", () => {
  it("any cardiologist edits a shared one against its version; a stale edit is 409 and changes nothing; every change is audited", async () => {
    const shared = await create(card, false);
    const edited = await call(patchRoute, cardColleague, "PATCH", { id: shared.id, body: { name: `${shared.name}（修订）`, ...text, impression: "不稳定型心绞痛。", expectedVersion: shared.version } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ impression: "不稳定型心绞痛。", version: 2, personal: false });
    const stale = await call(patchRoute, card, "PATCH", { id: shared.id, body: { name: "过期的修改", ...text, expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: "OPINION_TEMPLATE_CHANGED", message: expect.stringContaining("刚被其他人修改过") });
    expect((await getOpinionTemplate(db, card, shared.id)).name).toBe(`${shared.name}（修订）`);
    const emptied = await call(patchRoute, card, "PATCH", { id: shared.id, body: { name: "", ...text, expectedVersion: 2 } });
    expect(emptied.status).toBe(400);

    const entries = await db.auditLog.findMany({ where: { targetType: "opinionTemplate", targetId: shared.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ["opinionTemplate.created", card.id],
      ["opinionTemplate.updated", cardColleague.id],
    ]);
    expect(entries[1]?.details).toMatchObject({ name: `${shared.name}（修订）`, renamedFrom: shared.name, version: 2, specialty: "CARD", personal: false });
  });

  it("the owner edits and deletes a personal one; once deleted it is gone for everyone (404) and the log keeps its name", async () => {
    const mine = await create(card, true);
    expect((await updateOpinionTemplate(db, card, mine.id, { name: mine.name, ...text, findings: "", expectedVersion: 1 })).findings).toBe("");
    const removed = await call(deleteRoute, card, "DELETE", { id: mine.id });
    expect(removed.status).toBe(200);
    expect((await call(getRoute, card, "GET", { id: mine.id })).status).toBe(404);
    expect((await call(deleteRoute, card, "DELETE", { id: mine.id })).status).toBe(404);
    expect(await listOpinionTemplates(db, card)).not.toContainEqual(expect.objectContaining({ id: mine.id }));
    const deleted = await db.auditLog.findFirstOrThrow({ where: { action: "opinionTemplate.deleted", targetId: mine.id } });
    expect(deleted).toMatchObject({ actorId: card.id, details: { name: mine.name, personal: true } });
  });
});
