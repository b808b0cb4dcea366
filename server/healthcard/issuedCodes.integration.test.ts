/**
 * Unforgeable health-card codes (issue 10), on both databases: a dynamic code verifies only as the
 * card it was issued to and once, a static code only identifies and is rate-limited per terminal,
 * and the pages' APIs send the card ID masked.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind, unique, useTestDatabase } from "@/test/db";
import type { SessionUser } from "@/server/auth/signIn";
import { parseQrStepPolicy } from "@/server/config";
import { getDb } from "@/server/db/client";
import { FailureLimit, FailureTally, postgresLimitStore, staticCodeLimit, type VerifyLimits } from "@/server/limits";
import type { Platform } from "@/server/platform";
import { maskCardId } from "./cardId";
import { issueDynamicQrCode } from "./issuedCodes";
import { setHealthCardKeys } from "./keyStore";
import { getResidentSummary } from "./lookup";
import { getOwnCard, getOwnQrCodes } from "./patientCard";
import { createStaticQrCode } from "./qr";
import { issuedCardView, registerAtWindow, type IssuedCard } from "./residents";
import { issueTerminal } from "./terminals";
import { makeResidentId, randomTestKeys } from "./testKeys";
import { verifyAtTerminal, type VerifyRequest } from "./verify";

const keys = randomTestKeys();
let platform: Platform;
let admin: SessionUser;
let alice: IssuedCard;
let bob: IssuedCard;
const terminals: { token: string; code: string; id: string }[] = [];

const request = (terminal: (typeof terminals)[number], body: { code: string; step: string }, overrides: Partial<VerifyRequest> = {}): VerifyRequest => ({
  authorization: `Bearer ${terminal.token}`,
  signature: undefined,
  rawBody: JSON.stringify({ ...body, terminalId: terminal.code }),
  ip: "127.0.0.1",
  requestId: unique("req"),
  ...overrides,
});

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: { code?: string }) => error.code ?? "THROWN",
  );

const issue = (card: IssuedCard) => issueDynamicQrCode(getDb(), card.cardId, keys.cards.current);

beforeAll(async () => {
  platform = await useTestDatabase();
  setHealthCardKeys(keys);
  const code = unique("Q").toUpperCase().replace(/_/g, "");
  const institution = await getDb().institution.create({ data: { code, name: "扫码测试医院", level: "COUNTY", regionCode: "441424" } });
  const user = await getDb().user.create({ data: { username: unique("adm"), passwordHash: "x", displayName: "管理员", role: "INSTITUTION_ADMIN", institutionId: institution.id } });
  admin = { id: user.id, username: user.username, displayName: user.displayName, role: "INSTITUTION_ADMIN", institutionId: institution.id };
  for (const station of ["REG-1", "REG-2"]) {
    const issued = await issueTerminal(getDb(), admin, { code: station, name: "挂号窗口" });
    terminals.push({ token: issued.token, code: issued.terminal.code, id: issued.terminal.id });
  }
  alice = await registerAtWindow(getDb(), admin, keys, { docType: "01", docNumber: makeResidentId(2 * randomInt(0, 498) + 2, "441424", "19800101"), name: "李丽" });
  bob = await registerAtWindow(getDb(), admin, keys, { docType: "01", docNumber: makeResidentId(2 * randomInt(0, 498) + 1, "441424", "19810202"), name: "王强" });
});
afterAll(() => platform.verifyStore.flush());

describe(`issued health-card codes (${testDatabaseKind()})`, () => {
  it("refuses one resident's validity block spliced onto another's card ID with QR_SPLICED, and audits it under the card it was presented as", async () => {
    const [terminal] = terminals as [(typeof terminals)[number]];
    const alicesCode = await issue(alice);
    const spliced = `${bob.cardId}:0:${alicesCode.validity}`;
    const requestId = unique("splice");
    await expect(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code: spliced, step: "registration" }, { requestId }))).rejects.toMatchObject({
      status: 422,
      code: "QR_SPLICED",
      messageKey: "healthCard.qr.spliced",
    });
    await platform.verifyStore.flush();
    const row = await getDb().auditLog.findFirstOrThrow({ where: { requestId } });
    expect(row).toMatchObject({ action: "ehc.verify", targetId: bob.cardId, details: { outcome: "QR_SPLICED", terminalId: terminal.id } });
    // The splice did not use up Alice's code.
    await expect(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code: alicesCode.code, step: "registration" }))).resolves.toMatchObject({ cardId: alice.cardId });
  });

  it("refuses a claim of an issued code for another card at the store too (the record is keyed by card and block)", async () => {
    const [terminal] = terminals as [(typeof terminals)[number]];
    const alicesCode = await issue(alice);
    const claim = { validity: alicesCode.validity, terminalId: terminal.id, now: new Date() };
    expect((await platform.verifyStore.claimAndLoad({ ...claim, cardId: bob.cardId })).outcome).toBe("OTHER_CARD");
    expect((await platform.verifyStore.claimAndLoad({ ...claim, cardId: alice.cardId })).outcome).toBe("CLAIMED");
    expect((await platform.verifyStore.claimAndLoad({ ...claim, cardId: alice.cardId })).outcome).toBe("USED");
    const later = new Date(alicesCode.expiresAt.getTime() + 1000);
    const expiring = await issue(alice);
    expect((await platform.verifyStore.claimAndLoad({ validity: expiring.validity, cardId: alice.cardId, terminalId: terminal.id, now: later })).outcome).toBe("EXPIRED");
  });

  it("refuses a replay of a claimed code, from the same terminal or another one", async () => {
    const [one, two] = terminals as [(typeof terminals)[number], (typeof terminals)[number]];
    const { code } = await issue(bob);
    await expect(verifyAtTerminal(platform.verifyStore, keys, request(one, { code, step: "visit" }))).resolves.toMatchObject({ cardId: bob.cardId, codeKind: "dynamic" });
    for (const terminal of [one, two]) {
      await expect(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code, step: "visit" }))).rejects.toMatchObject({ status: 422, code: "QR_REPLAYED" });
    }
    const claimed = await getDb().qrIssued.findFirstOrThrow({ where: { cardId: bob.cardId, claimedAt: { not: null }, claimedBy: one.id } });
    expect(code.endsWith(claimed.validity)).toBe(true);
  });

  it("lets exactly one of two terminals scanning the same code at once win", async () => {
    const [one, two] = terminals as [(typeof terminals)[number], (typeof terminals)[number]];
    for (let round = 0; round < 3; round++) {
      const { code } = await issue(alice);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => outcome(verifyAtTerminal(platform.verifyStore, keys, request(i % 2 ? one : two, { code, step: "records" })))),
      );
      expect(outcomes.filter((o) => o === "OK")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "QR_REPLAYED")).toHaveLength(7);
    }
  });

  it("refuses a static code where the step needs a dynamic code, and accepts the same static code for identification", async () => {
    const [terminal] = terminals as [(typeof terminals)[number]];
    const code = createStaticQrCode(alice.cardId);
    for (const step of ["registration", "visit", "records", "payment", "anything-unlisted"]) {
      await expect(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code, step }))).rejects.toMatchObject({
        status: 422,
        code: "QR_STATIC_NOT_ALLOWED",
        messageKey: "healthCard.qr.staticNotAllowed",
        params: { step },
      });
    }
    await expect(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code, step: "identification" }))).resolves.toMatchObject({ cardId: alice.cardId, codeKind: "static", expiresAt: null });
    // Per step, from the configuration's policy.
    const triageStatic = parseQrStepPolicy("triage:static,*:dynamic");
    expect(triageStatic).not.toBeNull();
    await expect(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code, step: "TRIAGE" }), new Date(), undefined, triageStatic!)).resolves.toMatchObject({ codeKind: "static" });
    await expect(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code, step: "identification" }), new Date(), undefined, triageStatic!)).rejects.toMatchObject({ code: "QR_STATIC_NOT_ALLOWED" });
  });

  it("rate-limits static-code verifications per terminal, leaving other terminals and dynamic codes alone", async () => {
    const [one, two] = terminals as [(typeof terminals)[number], (typeof terminals)[number]];
    const store = postgresLimitStore(platform.database.main, platform.database.namedStatements);
    const limits: VerifyLimits = {
      perTerminal: new FailureLimit(store, unique("vt"), 1_000),
      perAddress: new FailureLimit(store, unique("va"), 1_000),
      staticPerTerminal: staticCodeLimit(store, 3, unique("vs")),
      tally: new FailureTally(() => {}),
    };
    const verify = (terminal: (typeof terminals)[number], code: string, step = "identification") => outcome(verifyAtTerminal(platform.verifyStore, keys, request(terminal, { code, step }), new Date(), limits));
    const aliceStatic = createStaticQrCode(alice.cardId);
    const bobStatic = createStaticQrCode(bob.cardId);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await verify(one, i % 2 ? aliceStatic : bobStatic));
    expect(results).toEqual(["OK", "OK", "OK", "RATE_LIMITED", "RATE_LIMITED"]);
    const refused = await verifyAtTerminal(platform.verifyStore, keys, request(one, { code: aliceStatic, step: "identification" }), new Date(), limits).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 429, messageKey: "healthCard.qr.staticRateLimited" });
    expect(await verify(two, aliceStatic)).toBe("OK");
    expect(await verify(one, (await issue(alice)).code, "registration")).toBe("OK");
  });
});

describe(`card IDs on the pages' APIs (${testDatabaseKind()})`, () => {
  it("are sent masked: the resident's own card, the staff record, the issuance answer; the QR endpoint issues a recorded code", async () => {
    const resident = await getDb().user.create({ data: { username: unique("res"), passwordHash: "x", displayName: "居民", role: "PATIENT" } });
    const patient: SessionUser = { id: resident.id, username: resident.username, displayName: resident.displayName, role: "PATIENT", institutionId: null };
    const card = await registerAtWindow(getDb(), admin, keys, {
      docType: "01",
      docNumber: makeResidentId(2 * randomInt(0, 498) + 1, "441424", "19900303"),
      name: "赵六",
      portalUsername: resident.username,
    });
    const masked = maskCardId(card.cardId);
    expect(masked).toMatch(/^[0-9A-F]{6}\*{4}[0-9A-F]{4}$/);
    const answers = [await getOwnCard(getDb(), patient), await getResidentSummary(getDb(), admin, card.residentId), issuedCardView(card)];
    for (const answer of answers) {
      expect(answer).toMatchObject({ cardIdMasked: masked });
      expect(JSON.stringify(answer)).not.toContain(card.cardId);
    }
    const codes = await getOwnQrCodes(getDb(), patient, keys);
    expect(codes.static).toBe(`${card.cardId}:1`);
    const row = await getDb().qrIssued.findUniqueOrThrow({ where: { validity: codes.dynamic.code.slice(67) } });
    expect(row).toMatchObject({ cardId: card.cardId, claimedAt: null, expiresAt: new Date(codes.dynamic.expiresAt) });
  });
});
