/**
 * Hole 7 of issue 9: a cross-origin `text/plain` POST or PUT carrying the person's session cookie
 * marked their notifications read and erased a specialist's weekly availability. Here through
 * the platform's entry (handleHttpRequest, as server/index.ts runs it) with the two routes'
 * handlers behind it: real apiRoute wrappers around the same domain calls as
 * app/api/notifications/read and app/api/scheduling/availability, the session decoded from the
 * cookie as the platform decodes it (vitest has no Next request scope for getServerSession).
 * The e2e test (e2e/crossSite.spec.ts) does the same against the built server in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoute } from "@/app/_lib/api";
import { signedInSession } from "@/server/auth/testing";
import type { SessionUser } from "@/server/auth/signIn";
import { getConfig } from "@/server/config";
import { makeUser, makeWorld, type World } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { markRead, markReadSchema } from "@/server/notifications/center";
import { replaceTemplates, templatesSchema } from "@/server/scheduling/availability";
import { useTestDatabase } from "@/test/db";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";

let db: Db;
let world: World;
let base: string;
const OWN_ORIGIN = getConfig().publicOrigins[0] as string;

const routes: Record<string, ReturnType<typeof apiRoute>> = {
  "POST /api/notifications/read": apiRoute({ access: "account.own", body: markReadSchema }, async ({ user, body }) => markRead(getDb(), user.id, body)),
  "PUT /api/scheduling/availability": apiRoute({ access: "calendar.manage", body: templatesSchema }, async ({ user, body }) => replaceTemplates(getDb(), user, body)),
};

let entry: HttpEntry;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
  entry = await startHttpEntry((req) => routes[`${req.method} ${req.url}`]);
  base = entry.base;
});

afterAll(() => entry.close());

async function cookieOf(user: SessionUser): Promise<string> {
  return (await signedInSession(user.id, { locale: "en" })).cookie;
}

async function call(method: string, path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, { method, headers, body });
  return { status: response.status, json: (await response.json()) as { error?: { code: string; message: string } } };
}

const unread = (userId: string) => db.notification.count({ where: { userId, readAt: null } });
const templates = (expertId: string) => db.availabilityTemplate.count({ where: { expertId } });

async function userWithNotifications(): Promise<SessionUser> {
  const user = await makeUser(db, "COUNTY_DOCTOR", world.institutionId);
  await db.notification.createMany({ data: [1, 2, 3].map((i) => ({ userId: user.id, kind: "test", params: { i } })) });
  return user;
}

async function expertWithWeek(): Promise<SessionUser> {
  const expert = await makeUser(db, "SPECIALIST", world.provincialId);
  await db.availabilityTemplate.createMany({ data: [1, 2, 3, 4, 5].map((weekday) => ({ expertId: expert.id, weekday, startMinute: 9 * 60, endMinute: 12 * 60, slotMinutes: 30 })) });
  return expert;
}

describe("cross-site state changes are refused before any route runs (real database)", () => {
  it("a cross-origin text/plain POST to /api/notifications/read with a valid session cookie: 403 CROSS_SITE, nothing marked read", async () => {
    const user = await userWithNotifications();
    const cookie = await cookieOf(user);
    const forged = await call("POST", "/api/notifications/read", '{"all":true}', { cookie, "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(forged.status).toBe(403);
    expect(forged.json.error).toMatchObject({ code: "CROSS_SITE" });
    expect(forged.json.error?.message).toMatch(/did not come from the platform/);
    expect(await unread(user.id)).toBe(3);
    // A browser without Fetch Metadata: the foreign Origin alone is enough.
    expect((await call("POST", "/api/notifications/read", '{"all":true}', { cookie, "content-type": "text/plain", origin: "https://evil.example" })).status).toBe(403);
    // The cookie replayed outside a browser, with neither header.
    expect((await call("POST", "/api/notifications/read", '{"all":true}', { cookie, "content-type": "application/json" })).status).toBe(403);
    expect(await unread(user.id)).toBe(3);
  });

  it("a cross-origin text/plain PUT to /api/scheduling/availability: 403 CROSS_SITE, the specialist's week is kept", async () => {
    const expert = await expertWithWeek();
    const forged = await call("PUT", "/api/scheduling/availability", '{"templates":[]}', {
      cookie: await cookieOf(expert),
      "content-type": "text/plain;charset=UTF-8",
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(forged.status).toBe(403);
    expect(forged.json.error).toMatchObject({ code: "CROSS_SITE" });
    expect(await templates(expert.id)).toBe(5);
  });

  it("from the platform's own page a text/plain body is still refused (415), only JSON goes through", async () => {
    const user = await userWithNotifications();
    const cookie = await cookieOf(user);
    const plainText = await call("POST", "/api/notifications/read", '{"all":true}', { cookie, "content-type": "text/plain", "sec-fetch-site": "same-origin" });
    expect(plainText.status).toBe(415);
    expect(plainText.json.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(await unread(user.id)).toBe(3);
    const json = await call("POST", "/api/notifications/read", '{"all":true}', { cookie, "content-type": "application/json", "sec-fetch-site": "same-origin", origin: OWN_ORIGIN });
    expect(json.status).toBe(200);
    expect(await unread(user.id)).toBe(0);
  });

  it("the same-origin PUT with JSON replaces the week (the route works; only the forgery is refused)", async () => {
    const expert = await expertWithWeek();
    const answer = await call("PUT", "/api/scheduling/availability", '{"templates":[]}', { cookie: await cookieOf(expert), "content-type": "application/json", origin: OWN_ORIGIN });
    expect(answer.status).toBe(200);
    expect(await templates(expert.id)).toBe(0);
  });
});
