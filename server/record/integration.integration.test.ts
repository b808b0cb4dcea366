/** Integration credentials: issued by an institution admin for their own institution, token shown once, revoked at once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/admin/integrations/route";
import { POST as REVOKE } from "@/app/api/admin/integrations/[id]/revoke/route";
import { signedInSession } from "@/server/auth/testing";
import { hashBearerToken } from "@/server/auth/bearerToken";
import { makeUser, makeWorld } from "@/server/consultation/testing";
import { getDb } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";
import { authenticateIntegration, issueIntegrationCredential, LAST_USED_RESOLUTION_MS, listIntegrationCredentials, revokeIntegrationCredential } from "./integration";

let http: HttpEntry;

beforeAll(async () => {
  await useTestDatabase();
  http = await startHttpEntry((req) => {
    const path = (req.url ?? "").split("?")[0] as string;
    if (path === "/api/admin/integrations") return req.method === "GET" ? GET : POST;
    const revoke = /^\/api\/admin\/integrations\/([^/]+)\/revoke$/.exec(path);
    return revoke ? { route: REVOKE, params: { id: revoke[1] as string } } : undefined;
  });
});

afterAll(async () => {
  await http?.close();
});

describe("integration credentials", () => {
  it("keeps only the token's SM3 hash; the admin sees their institution's credentials", async () => {
    const db = getDb();
    const world = await makeWorld(db);
    const admin = await makeUser(db, "INSTITUTION_ADMIN", world.institutionId);
    const { credential, token } = await issueIntegrationCredential(db, admin, { name: "  检验科 LIS " });
    expect(token).toMatch(/^rmpi_[A-Za-z0-9_-]{43}$/);
    expect(credential).toMatchObject({ name: "检验科 LIS", tokenHint: token.slice(-4), lastUsedAt: null, revokedAt: null });
    const row = await db.integrationCredential.findUniqueOrThrow({ where: { id: credential.id } });
    expect(row.tokenHash).toBe(hashBearerToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const otherAdmin = await makeUser(db, "INSTITUTION_ADMIN", world.provincialId);
    expect((await listIntegrationCredentials(db, admin)).map((c) => c.id)).toEqual([credential.id]);
    expect(await listIntegrationCredentials(db, otherAdmin)).toEqual([]);
    await expect(revokeIntegrationCredential(db, otherAdmin, credential.id)).rejects.toMatchObject({ status: 404, code: "INTEGRATION_CREDENTIAL_NOT_FOUND" });
    expect(await db.auditLog.count({ where: { action: "record.integration.issued", targetId: credential.id, actorId: admin.id } })).toBe(1);
  });

  it("authenticates as the institution's system, moving last_used_at at most once a minute, and refuses once revoked", async () => {
    const db = getDb();
    const world = await makeWorld(db);
    const admin = await makeUser(db, "INSTITUTION_ADMIN", world.institutionId);
    const { credential, token } = await issueIntegrationCredential(db, admin, { name: "HIS" });
    const t0 = new Date("2026-12-01T08:00:00Z");
    expect(await authenticateIntegration(db, `Bearer ${token}`, t0)).toEqual({ id: credential.id, role: "INTEGRATION", institutionId: world.institutionId });
    const lastUsed = async () => (await db.integrationCredential.findUniqueOrThrow({ where: { id: credential.id } })).lastUsedAt;
    expect(await lastUsed()).toEqual(t0);
    await authenticateIntegration(db, `Bearer ${token}`, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toEqual(t0);
    const t1 = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS);
    await authenticateIntegration(db, `bearer ${token}`, t1);
    expect(await lastUsed()).toEqual(t1);
    for (const header of [undefined, "", `Basic ${token}`, `Bearer ${token}x`, "Bearer short"]) {
      await expect(authenticateIntegration(db, header)).rejects.toMatchObject({ status: 401, code: "INTEGRATION_UNAUTHENTICATED" });
    }
    await revokeIntegrationCredential(db, admin, credential.id);
    await expect(authenticateIntegration(db, `Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
    // Revoking twice is harmless, and audited once.
    expect((await revokeIntegrationCredential(db, admin, credential.id)).revokedAt).not.toBeNull();
    expect(await db.auditLog.count({ where: { action: "record.integration.revoked", targetId: credential.id } })).toBe(1);
  });

  it("serves the admin API: issue, list, revoke; other roles get 403, a bad name 400, an unknown id 404", async () => {
    const db = getDb();
    const world = await makeWorld(db);
    const admin = await makeUser(db, "INSTITUTION_ADMIN", world.institutionId);
    const cookie = (await signedInSession(admin.id)).cookie;
    const headers = { cookie, "content-type": "application/json", origin: "http://localhost:3000", "sec-fetch-site": "same-origin" };
    const issued = await fetch(`${http.base}/api/admin/integrations`, { method: "POST", headers, body: JSON.stringify({ name: "PACS" }) });
    expect(issued.status).toBe(200);
    const { credential, token } = (await issued.json()) as { credential: { id: string }; token: string };
    expect(token).toMatch(/^rmpi_/);
    const list = (await (await fetch(`${http.base}/api/admin/integrations`, { headers: { cookie } })).json()) as { credentials: { id: string; tokenHint: string }[] };
    expect(list.credentials).toEqual([expect.objectContaining({ id: credential.id, tokenHint: token.slice(-4) })]);
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await fetch(`${http.base}/api/admin/integrations`, { method: "POST", headers, body: JSON.stringify({ name: "  " }) })).status).toBe(400);
    expect((await fetch(`${http.base}/api/admin/integrations/${crypto.randomUUID()}/revoke`, { method: "POST", headers })).status).toBe(404);
    expect((await fetch(`${http.base}/api/admin/integrations/${credential.id}/revoke`, { method: "POST", headers })).status).toBe(200);
    const doctorCookie = (await signedInSession(world.doctor.id)).cookie;
    expect((await fetch(`${http.base}/api/admin/integrations`, { headers: { cookie: doctorCookie } })).status).toBe(403);
    expect((await fetch(`${http.base}/api/admin/integrations`)).status).toBe(401);
  });
});
