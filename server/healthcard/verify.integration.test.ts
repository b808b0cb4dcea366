import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind, unique, useTestDatabase } from "@/test/db";
import type { SessionUser } from "@/server/auth/signIn";
import { generateSm2KeyPair, sm2Sign } from "@/server/crypto/sm";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "./keyStore";
import { issueDynamicQrCode } from "./issuedCodes";
import { createDynamicQrCode, createStaticQrCode } from "./qr";
import { registerAtWindow, type IssuedCard } from "./residents";
import { issueTerminal, listTerminals, revokeTerminal } from "./terminals";
import { makeResidentId, randomTestKeys } from "./testKeys";
import { verifyAtTerminal, type VerifyRequest } from "./verify";
import type { PgVerifyStore } from "./verifyStore";

const keys = randomTestKeys();
let admin: SessionUser;
let store: PgVerifyStore;
let card: IssuedCard;
let token: string;
let terminalCode: string;

const request = (body: unknown, overrides: Partial<VerifyRequest> = {}): VerifyRequest => ({
  authorization: `Bearer ${token}`,
  signature: undefined,
  rawBody: typeof body === "string" ? body : JSON.stringify(body),
  ip: "127.0.0.1",
  requestId: unique("req"),
  ...overrides,
});

describe(`terminal verification (${testDatabaseKind()})`, () => {
  beforeAll(async () => {
    store = (await useTestDatabase()).verifyStore;
    setHealthCardKeys(keys);
    const code = unique("T").toUpperCase().replace(/_/g, "");
    const institution = await getDb().institution.create({ data: { code, name: "测试医院", level: "COUNTY", regionCode: "441424" } });
    const user = await getDb().user.create({ data: { username: unique("adm"), passwordHash: "x", displayName: "管理员", role: "INSTITUTION_ADMIN", institutionId: institution.id } });
    admin = { id: user.id, username: user.username, displayName: user.displayName, role: "INSTITUTION_ADMIN", institutionId: institution.id };
    const issued = await issueTerminal(getDb(), admin, { code: "IM-01", name: "内科挂号窗口" });
    token = issued.token;
    terminalCode = issued.terminal.code;
    expect(terminalCode).toBe(`${code}-IM-01`);
    card = await registerAtWindow(getDb(), admin, keys, { docType: "01", docNumber: makeResidentId(2 * randomInt(0, 498) + 1, "441424", "19770707"), name: "欧阳娜娜" });
  });
  afterAll(async () => store.flush());

  it("accepts a dynamic code once, answers masked identity, and refuses it the second time", async () => {
    const { code } = await issueDynamicQrCode(getDb(), card.cardId, keys.cards.current);
    const answer = await verifyAtTerminal(store, keys, request({ code, terminalId: terminalCode, step: "registration" }));
    expect(answer).toMatchObject({ cardId: card.cardId, masterIndexId: card.masterIndexId, codeKind: "dynamic", resident: { name: "欧**娜", sex: "FEMALE", birthDate: "1977-07-07" } });
    expect(answer.resident.docNumberMasked).toMatch(/^4414\*{10}\w{4}$/);
    await expect(verifyAtTerminal(store, keys, request({ code, terminalId: terminalCode, step: "registration" }))).rejects.toMatchObject({ code: "QR_REPLAYED", status: 422 });
    const { code: staticCode } = { code: createStaticQrCode(card.cardId) };
    await verifyAtTerminal(store, keys, request({ code: staticCode, terminalId: terminalCode, step: "identification" }));
    await expect(verifyAtTerminal(store, keys, request({ code: staticCode, terminalId: terminalCode, step: "identification" }))).resolves.toMatchObject({ codeKind: "static" });
  });

  it("answers each bad input with its code", async () => {
    const fresh = () => createDynamicQrCode(card.cardId, keys.cards.current).code;
    const expired = (await issueDynamicQrCode(getDb(), card.cardId, keys.cards.current, { now: new Date(Date.now() - 120_000) })).code;
    const tampered = (await issueDynamicQrCode(getDb(), card.cardId, keys.cards.current)).code.replace(/:0:(.)/, (_, c: string) => `:0:${c === "A" ? "B" : "A"}`);
    const foreign = createDynamicQrCode(card.cardId, randomTestKeys().cards.current).code;
    const unknownCard = createStaticQrCode("A".repeat(64));
    const cases: [VerifyRequest, number, string][] = [
      [request({ code: "hello", terminalId: terminalCode, step: "x" }), 400, "QR_MALFORMED"],
      [request("{not json"), 400, "BAD_JSON"],
      [request({ code: fresh(), step: "x" }), 400, "VALIDATION_FAILED"],
      [request({ code: expired, terminalId: terminalCode, step: "x" }), 422, "QR_EXPIRED"],
      [request({ code: tampered, terminalId: terminalCode, step: "x" }), 422, "QR_INVALID"],
      [request({ code: foreign, terminalId: terminalCode, step: "x" }), 422, "QR_INVALID"],
      [request({ code: unknownCard, terminalId: terminalCode, step: "identification" }), 422, "QR_INVALID"],
      // Well made with our key, but never issued: no issued-code row to claim.
      [request({ code: fresh(), terminalId: terminalCode, step: "x" }), 422, "QR_INVALID"],
      [request({ code: fresh(), terminalId: terminalCode, step: "x" }, { authorization: undefined }), 401, "TERMINAL_UNAUTHENTICATED"],
      [request({ code: fresh(), terminalId: terminalCode, step: "x" }, { authorization: "Bearer ehct_wrongwrongwrong" }), 401, "TERMINAL_UNAUTHENTICATED"],
      [request({ code: fresh(), terminalId: "OTHER-IM-01", step: "x" }), 401, "TERMINAL_UNAUTHENTICATED"],
    ];
    for (const [req, status, code] of cases) {
      await expect(verifyAtTerminal(store, keys, req), code).rejects.toMatchObject({ status, code });
    }
  });

  it("refuses a suspended card, and a revoked terminal", async () => {
    const other = await registerAtWindow(getDb(), admin, keys, { docType: "01", docNumber: makeResidentId(randomInt(1, 998), "441424", "19660606"), name: "钱九" });
    await getDb().healthCard.update({ where: { cardId: other.cardId }, data: { status: "SUSPENDED" } });
    await expect(verifyAtTerminal(store, keys, request({ code: createStaticQrCode(other.cardId), terminalId: terminalCode, step: "identification" }))).rejects.toMatchObject({ status: 422, code: "CARD_SUSPENDED" });
    const temp = await issueTerminal(getDb(), admin, { code: "TMP-9", name: "临时" });
    const body = { code: createStaticQrCode(card.cardId), terminalId: temp.terminal.code, step: "identification" };
    await verifyAtTerminal(store, keys, request(body, { authorization: `Bearer ${temp.token}` }));
    await revokeTerminal(getDb(), admin, temp.terminal.id);
    await expect(revokeTerminal(getDb(), admin, randomUUID())).rejects.toMatchObject({ status: 404, code: "TERMINAL_NOT_FOUND", messageKey: "healthCard.terminal.notFound" });
    await expect(verifyAtTerminal(store, keys, request(body, { authorization: `Bearer ${temp.token}` }))).rejects.toMatchObject({ status: 401 });
    expect((await listTerminals(getDb(), admin)).find((t) => t.id === temp.terminal.id)?.revokedAt).not.toBeNull();
  });

  it("requires a valid SM2 signature from a terminal that registered a public key", async () => {
    const pair = generateSm2KeyPair();
    const signed = await issueTerminal(getDb(), admin, { code: "SIGN-1", name: "自助机", sm2PublicKey: pair.publicKey });
    const raw = JSON.stringify({ code: createStaticQrCode(card.cardId), terminalId: signed.terminal.code, step: "identification" });
    const base = { authorization: `Bearer ${signed.token}`, rawBody: raw };
    await expect(verifyAtTerminal(store, keys, request(raw, base))).rejects.toMatchObject({ status: 401 });
    await expect(verifyAtTerminal(store, keys, request(raw, { ...base, signature: sm2Sign(raw + " ", pair.privateKey) }))).rejects.toMatchObject({ status: 401 });
    await expect(verifyAtTerminal(store, keys, request(raw, { ...base, signature: sm2Sign(raw, pair.privateKey) }))).resolves.toMatchObject({ cardId: card.cardId });
  });

  it("audits every verification (batched)", async () => {
    const requestId = unique("audit");
    await verifyAtTerminal(store, keys, request({ code: createStaticQrCode(card.cardId), terminalId: terminalCode, step: "identification" }, { requestId }));
    await store.flush();
    const row = await getDb().auditLog.findFirstOrThrow({ where: { requestId } });
    expect(row).toMatchObject({ action: "ehc.verify", targetId: card.cardId, details: { outcome: "OK", step: "identification" } });
  });
});
