/**
 * The authorization matrix (issue 9): every API entry point (route handlers under app/api and the
 * raw fast routes) is called as anonymous and as every kind of actor of a fixture world this test
 * builds for itself: the own and another institution's county doctors and admins, the assigned
 * and an unrelated specialist, the coordinator, the platform admin, the resident's own patient
 * account and another patient. The expected outcome is computed from the access policy
 * (server/access/policy.ts) with the resource's relationships as the fixture knows them; the
 * actions come from the route files themselves, so a route added without a row fails here.
 * Pages are checked the same way (sign-in, forbidden, shown or hidden), and in Chromium a county
 * doctor of another hospital cannot find the resident by name.
 */
import { randomBytes, randomInt, scryptSync } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import pg from "pg";
import { PG_PORT } from "../playwright.config";
import { isAction, isAllowed, rolesFor, type Action, type Actor, type Relations } from "../server/access/policy";
import type { Role } from "../server/db/generated/enums";
import { DEMO_PASSWORD, test, withCheckCharacter } from "./fixtures";

test.describe.configure({ mode: "serial" });

const ROOT = path.resolve(import.meta.dirname, "..");
const BASE = `http://localhost:${PG_PORT}`;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

// ---------------------------------------------------------------- entry points, from the code

/** "METHOD /api/path/[param]" → the declared action, "public", or "undeclared". */
function apiEntryPoints(): Map<string, string> {
  const found = new Map<string, string>();
  const files = ["app/api", "app/fhir"].flatMap((dir) => readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name === "route.ts"));
  for (const entry of files) {
    const file = path.join(entry.parentPath, entry.name);
    const source = readFileSync(file, "utf8");
    const route = "/" + path.relative(path.join(ROOT, "app"), entry.parentPath).split(path.sep).join("/");
    const declarationOf = (initializer: string): string => {
      const action = /^(?:apiRoute|fhirRoute)\(\{\s*access:\s*"([\w.]+)"/.exec(initializer);
      if (action) return isAction(action[1]!) ? action[1]! : "undeclared";
      if (/^apiRoute\(\{\s*access:\s*\{\s*public:\s*"/.test(initializer) || /^publicRoute\(\s*"/.test(initializer)) return "public";
      return "undeclared";
    };
    for (const match of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = ([^\n]*)/g)) found.set(`${match[1]} ${route}`, declarationOf(match[2]!));
    for (const match of source.matchAll(/export \{([^}]*)\}/g)) {
      for (const part of match[1]!.split(",")) {
        const [local, method] = part.trim().split(/\s+as\s+/);
        if (!local || !method || !(METHODS as readonly string[]).includes(method)) continue;
        const initializer = new RegExp(`const ${local} = ([^\\n]*)`).exec(source)?.[1] ?? "";
        found.set(`${method} ${route}`, declarationOf(initializer));
      }
    }
  }
  // The raw fast routes' table (server/http/fastRoutes.ts), read as text: importing it would start the platform.
  const fast = readFileSync(path.join(ROOT, "server/http/fastRoutes.ts"), "utf8");
  const booking = readFileSync(path.join(ROOT, "server/http/bookingRoute.ts"), "utf8");
  const devices = readFileSync(path.join(ROOT, "server/http/deviceRoute.ts"), "utf8");
  const constants: Record<string, string> = {
    VERIFY_PATH: /export const VERIFY_PATH = "([^"]+)"/.exec(fast)?.[1] ?? "?",
    DEVICE_READINGS_PATH: /export const DEVICE_READINGS_PATH = "([^"]+)"/.exec(devices)?.[1] ?? "?",
    BOOKING_ACCESS: /export const BOOKING_ACCESS = "([^"]+)"/.exec(booking)?.[1] ?? "?",
  };
  for (const match of fast.matchAll(/name: [`"]([^`"]+)[`"],\s*access: ([^\n]+)/g)) {
    const name = match[1]!.replace(/\$\{(\w+)\}/g, (_, key: string) => constants[key] ?? "?").replace(/:(\w+)/g, "[$1]");
    const access = match[2]!.trim().replace(/,$/, "");
    found.set(name, access.startsWith("{ public:") ? "public" : isAction(constants[access] ?? "") ? (constants[access] as string) : "undeclared");
  }
  return found;
}

/** "/consultations/[id]" for app/(portal)/consultations/[id]/page.tsx. */
function pagePaths(): string[] {
  return readdirSync(path.join(ROOT, "app"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === "page.tsx")
    .map((e) => "/" + path.relative(path.join(ROOT, "app"), e.parentPath).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/"))
    .map((p) => (p === "/" ? p : p.replace(/\/$/, "")))
    .sort();
}

/** The action a page declares with requirePageUser("…"), or "public". */
function pageActions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(path.join(ROOT, "app"), { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name === "page.tsx")) {
    const source = readFileSync(path.join(e.parentPath, e.name), "utf8");
    const p = "/" + path.relative(path.join(ROOT, "app"), e.parentPath).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
    const action = /requirePageUser\("([\w.]+)"\)/.exec(source)?.[1];
    out.set(p === "/" ? p : p.replace(/\/$/, ""), action && isAction(action) ? action : /publicPage\(/.test(source) ? "public" : "undeclared");
  }
  return out;
}

// ---------------------------------------------------------------- the fixture world

/**
 * People who sign in. The shared record adds relationships to the resident: b2 holds a consent in
 * force, b3 an expired one, b4 a revoked one, b5 an emergency access in force; guardian manages the
 * resident's record (a family link). b1 and endo have no relationship; a1 is of the resident's own
 * institution; card takes part in an open consultation.
 */
const USER_KEYS = ["a1", "a2", "b1", "b2", "b3", "b4", "b5", "adminA", "adminB", "card", "endo", "coord", "platform", "patient", "patient2", "guardian"] as const;
/**
 * And hospital A's own system, calling with its integration credential (role INTEGRATION): no
 * session; and a guest let into the meeting by the cardiologist's one-time link (role GUEST).
 */
const ACTOR_KEYS = [...USER_KEYS, "system", "guest"] as const;
type UserKey = (typeof USER_KEYS)[number];
type ActorKey = (typeof ACTOR_KEYS)[number];

interface Who {
  key: ActorKey;
  username: string;
  id: string;
  role: Role;
  institutionId: string | null;
  specialty: string | null;
  api: APIRequestContext;
}

type Ids = Record<string, string>;

interface World {
  run: string;
  ids: Ids;
  who: Record<ActorKey, Who>;
  anonymous: APIRequestContext;
  residentName: string;
  db: pg.Pool;
  /** Fresh resources for the write rows. */
  make: Makers;
}

interface Makers {
  consultation(status: string, options?: { expert?: boolean; attachment?: boolean }): Promise<Ids>;
  resident(): Promise<string>;
  /** A resident registered at hospital A with an entry of its shared record (and a file). */
  recordResident(): Promise<Ids>;
  /** A home device paired for the resident, and an open alert of a flagged reading of theirs. */
  device(): Promise<Ids>;
  alert(): Promise<Ids>;
  /** An integration credential of hospital A (its admin may revoke it). */
  integration(): Promise<Ids>;
  /** A resident registered at A, with the card ID (an exact identifier). */
  residentWithCard(): Promise<Ids>;
  consent(): Promise<Ids>;
  emergencyOfB1(): Promise<Ids>;
  /** A resident registered at A managed by the other patient (a family link). */
  familyLink(): Promise<Ids>;
  /** Two residents of hospital A merged by its admin (an override: their documents differ). */
  merge(): Promise<Ids>;
  advice(): Promise<Ids>;
  terminal(): Promise<string>;
  exception(): Promise<string>;
  /** A teaching session on a day of its own (issue 12 block below); `registered`: A1 registered. */
  teaching(options?: { registered?: boolean }): Promise<Ids>;
  /** Administration (issue 13): a county doctor of hospital A (`disabled`: already disabled), a department of A. */
  staff(options?: { disabled?: boolean }): Promise<Ids>;
  department(): Promise<Ids>;
  /** A one-time guest link into the meeting, issued by its host (the cardiologist): its id and token. */
  guestLink(): Promise<Ids>;
  /** An opinion template at the provincial hospital: shared in cardiology, or (`endo`) the endocrinologist's personal one. */
  template(options?: { endo?: boolean }): Promise<Ids>;
}

const PNG_1x1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const NAME_CHARACTERS = "安柏春丹芳桂海华佳俊兰丽林梅敏宁平琴秋荣瑞书淑婷伟文霞祥欣秀雪燕莹玉云珍志";

async function newApi(headers: Record<string, string> = {}): Promise<APIRequestContext> {
  // State-changing requests must come from the platform's own origin: always say so.
  return playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE, ...headers } });
}

/** Tokens as the platform stores them: only their SM3 (server/healthcard/terminals.ts, integration credentials, home devices). */
async function sm3Hex(token: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  return createHash("sm3").update(token, "utf8").digest("hex");
}

/** A real sign-in through next-auth's credentials endpoint: the session is a server-side row. */
async function signIn(username: string, password: string): Promise<APIRequestContext> {
  const api = await newApi();
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/callback/credentials", { form: { csrfToken, username, password, json: "true" }, maxRedirects: 0 });
  expect(response.status(), `sign-in of ${username}`).toBeLessThan(400);
  expect((await api.get("/api/notifications/unread")).status(), `session of ${username}`).toBe(200);
  return api;
}

async function buildWorld(): Promise<World> {
  const run = randomBytes(3).toString("hex").toUpperCase();
  const url = new URL(process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/rmp_e2e_${PG_PORT}`;
  const db = new pg.Pool({ connectionString: url.toString(), max: 4 });
  const one = async (text: string, values: unknown[] = []): Promise<string> => ((await db.query<{ id: string }>(text, values)).rows[0] as { id: string }).id;

  const institution = (code: string, name: string, level: string) =>
    one("INSERT INTO institution (id, code, name, level, region_code, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, '441600', now()) RETURNING id", [code, name, level]);
  const ids: Ids = {};
  ids.instA = await institution(`MXA${run}`, `矩阵测试甲县人民医院${run}`, "COUNTY");
  ids.instB = await institution(`MXB${run}`, `矩阵测试乙县人民医院${run}`, "COUNTY");
  ids.prov = await institution(`MXP${run}`, `矩阵测试省人民医院${run}`, "PROVINCIAL");
  const department = (code: string, name: string) => one("INSERT INTO department (id, institution_id, code, name) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id", [ids.prov, code, name]);
  ids.deptCard = await department("CARD", "心内科");
  ids.deptEndo = await department("ENDO", "内分泌科");

  const salt = randomBytes(16);
  const hash = `scrypt$14$8$1$${salt.toString("base64url")}$${scryptSync(DEMO_PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 }).toString("base64url")}`;
  const people: Record<UserKey, { role: Role; institutionId: string | null; departmentId: string | null; specialty: string | null; name: string }> = {
    a1: { role: "COUNTY_DOCTOR", institutionId: ids.instA, departmentId: null, specialty: null, name: "甲县医生一" },
    a2: { role: "COUNTY_DOCTOR", institutionId: ids.instA, departmentId: null, specialty: null, name: "甲县医生二" },
    b1: { role: "COUNTY_DOCTOR", institutionId: ids.instB, departmentId: null, specialty: null, name: "乙县医生" },
    b2: { role: "COUNTY_DOCTOR", institutionId: ids.instB, departmentId: null, specialty: null, name: "乙县医生（已授权）" },
    b3: { role: "COUNTY_DOCTOR", institutionId: ids.instB, departmentId: null, specialty: null, name: "乙县医生（授权已过期）" },
    b4: { role: "COUNTY_DOCTOR", institutionId: ids.instB, departmentId: null, specialty: null, name: "乙县医生（授权已撤回）" },
    b5: { role: "COUNTY_DOCTOR", institutionId: ids.instB, departmentId: null, specialty: null, name: "乙县急诊医生" },
    adminA: { role: "INSTITUTION_ADMIN", institutionId: ids.instA, departmentId: null, specialty: null, name: "甲县管理员" },
    adminB: { role: "INSTITUTION_ADMIN", institutionId: ids.instB, departmentId: null, specialty: null, name: "乙县管理员" },
    card: { role: "SPECIALIST", institutionId: ids.prov, departmentId: ids.deptCard, specialty: "CARD", name: "心内科专家" },
    endo: { role: "SPECIALIST", institutionId: ids.prov, departmentId: ids.deptEndo, specialty: "ENDO", name: "内分泌科专家" },
    coord: { role: "COORDINATOR", institutionId: ids.prov, departmentId: null, specialty: null, name: "远程医学中心协调员" },
    platform: { role: "PLATFORM_ADMIN", institutionId: null, departmentId: null, specialty: null, name: "平台管理员" },
    patient: { role: "PATIENT", institutionId: null, departmentId: null, specialty: null, name: "本人患者" },
    patient2: { role: "PATIENT", institutionId: null, departmentId: null, specialty: null, name: "其他患者" },
    guardian: { role: "PATIENT", institutionId: null, departmentId: null, specialty: null, name: "代管家属" },
  };
  const who = {} as Record<ActorKey, Who>;
  for (const key of USER_KEYS) {
    const person = people[key];
    const username = `mx_${run.toLowerCase()}_${key.toLowerCase()}`;
    const id = await one(
      "INSERT INTO app_user (id, username, password_hash, display_name, role, institution_id, department_id, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now()) RETURNING id",
      [username, hash, `${person.name}${run}`, person.role, person.institutionId, person.departmentId],
    );
    ids[key] = id;
    // One at a time: each sign-in hashes with scrypt on the server.
    who[key] = { key, username, id, role: person.role, institutionId: person.institutionId, specialty: person.specialty, api: await signIn(username, DEMO_PASSWORD) };
  }

  // The resident: registered at hospital A's window by A1 (the app encrypts the personal data), linked to the patient account.
  const two = (from: number, to: number) => String(randomInt(from, to)).padStart(2, "0");
  const register = async (name: string, portalUsername?: string): Promise<string> => {
    // A random birth date and sequence: no other run or seeded resident has this document.
    const docNumber = withCheckCharacter(`44160219${two(50, 100)}${two(1, 13)}${two(10, 29)}${String(randomInt(0, 1000)).padStart(3, "0")}`);
    const response = await who.a1.api.post("/api/patients", { data: { docType: "01", docNumber, name, ...(portalUsername ? { portalUsername } : {}) } });
    expect(response.status(), await response.text()).toBe(200);
    return ((await response.json()) as { residentId: string }).residentId;
  };
  const randomName = (first: string) => `${first}${Array.from({ length: 4 }, () => NAME_CHARACTERS[randomInt(0, NAME_CHARACTERS.length)]).join("")}`;
  const residentName = randomName("矩");
  ids.resident = await register(residentName, who.patient.username);
  // The other residents' names share no prefix with the resident's: a name search finds only them.
  ids.spare = await register(randomName("阵"));

  // ---- the shared record: an entry from hospital A with a file, a vital reading flagged on the care team's worklist
  const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
  const recordEntry = async (residentId: string): Promise<Ids> => {
    const entry = await one(
      `INSERT INTO record_entry (id, resident_id, category, resource_type, source_institution_id, source_id, author, title, status, effective_at, resource, content_hash, updated_at)
       VALUES (gen_random_uuid(), $1, 'DOCUMENT', 'DocumentReference', $2, $3, '甲县医生一', '出院小结', 'current', now(), '{"resourceType":"DocumentReference","status":"current"}', $4, now()) RETURNING id`,
      [residentId, ids.instA, `MX-${randomBytes(6).toString("hex")}`, "0".repeat(64)],
    );
    const file = await one(
      "INSERT INTO record_file (id, entry_id, resident_id, file_name, content_type, size_bytes, sm3, content) VALUES (gen_random_uuid(), $1, $2, 'discharge.pdf', 'application/pdf', $3, $4, $5) RETURNING id",
      [entry, residentId, PDF.length, "0".repeat(64), PDF],
    );
    const reading = await one(
      `INSERT INTO vital_reading (id, resident_id, kind, value, value2, unit, measured_at, source, source_institution_id, source_key, flag)
       VALUES (gen_random_uuid(), $1, 'BLOOD_PRESSURE', 182, 112, 'mmHg', now() - interval '1 hour', 'INSTITUTION', $2, $3, 'CRITICAL_HIGH') RETURNING id`,
      [residentId, ids.instA, `institution:${ids.instA}:MX-${randomBytes(6).toString("hex")}`],
    );
    const alert = await one("INSERT INTO vital_alert (id, reading_id, resident_id) VALUES (gen_random_uuid(), $1, $2) RETURNING id", [reading, residentId]);
    return { entry, file, reading, alert };
  };
  Object.assign(ids, Object.fromEntries(Object.entries(await recordEntry(ids.resident)).map(([k, v]) => [`record${k[0]!.toUpperCase()}${k.slice(1)}`, v])));
  // Consents: b2 whole record in force, b3 expired, b4 revoked. An emergency access of b5 in force. The guardian's family link.
  const consent = (grantee: string, expiresAt: string, revoked: boolean) =>
    one(
      `INSERT INTO record_consent (id, resident_id, grantee_user_id, categories, purpose, expires_at, granted_by_id, granted_at, revoked_at, revoked_by_id)
       VALUES (gen_random_uuid(), $1, $2, '{}', '矩阵测试授权', $3, $4, now() - interval '2 days', $5, $6) RETURNING id`,
      [ids.resident, grantee, expiresAt, ids.patient, revoked ? new Date() : null, revoked ? ids.patient : null],
    );
  ids.consentB2 = await consent(ids.b2 as string, future(30), false);
  ids.consentB3 = await consent(ids.b3 as string, new Date(Date.now() - 86_400_000).toISOString(), false);
  ids.consentB4 = await consent(ids.b4 as string, future(30), true);
  ids.emergency = await one(
    "INSERT INTO emergency_access (id, resident_id, user_id, institution_id, reason, expires_at) VALUES (gen_random_uuid(), $1, $2, $3, '矩阵测试：患者昏迷送至急诊，需查看既往史与过敏史', $4) RETURNING id",
    [ids.resident, ids.b5, ids.instB, future(0.1)],
  );
  ids.familyLink = await one("INSERT INTO family_link (id, guardian_user_id, resident_id, relationship, established_by_id) VALUES (gen_random_uuid(), $1, $2, 'CHILD', $3) RETURNING id", [
    ids.guardian,
    ids.resident,
    ids.a1,
  ]);
  // A home device paired by the patient, and hospital A's integration credential: tokens known to this test only.
  const deviceToken = `rmpdev_${randomBytes(24).toString("base64url")}`;
  ids.device = await one("INSERT INTO home_device (id, resident_id, kind, label, token_hash, token_hint, paired_by_id) VALUES (gen_random_uuid(), $1, 'BLOOD_PRESSURE_MONITOR', '矩阵测试血压计', $2, $3, $4) RETURNING id", [
    ids.resident,
    await sm3Hex(deviceToken),
    deviceToken.slice(-4),
    ids.patient,
  ]);
  ids.deviceToken = deviceToken;
  const pairDevice = async (): Promise<Ids> => ({
    device: await one("INSERT INTO home_device (id, resident_id, kind, label, token_hash, token_hint, paired_by_id) VALUES (gen_random_uuid(), $1, 'GLUCOMETER', '矩阵测试血糖仪', $2, 'mx', $3) RETURNING id", [
      ids.resident,
      randomBytes(32).toString("hex"),
      ids.patient,
    ]),
  });
  const integrationToken = `rmpint_${randomBytes(24).toString("base64url")}`;
  ids.integration = await one("INSERT INTO integration_credential (id, institution_id, name, token_hash, token_hint, created_by_id) VALUES (gen_random_uuid(), $1, '矩阵测试 HIS', $2, $3, $4) RETURNING id", [
    ids.instA,
    await sm3Hex(integrationToken),
    integrationToken.slice(-4),
    ids.adminA,
  ]);
  ids.integrationToken = integrationToken;
  who.system = { key: "system", username: "(integration credential)", id: ids.integration, role: "INTEGRATION", institutionId: ids.instA, specialty: null, api: await newApi({ authorization: `Bearer ${integrationToken}` }) };

  let numbers = 0;
  const consultation = async (status: string, options: { expert?: boolean; attachment?: boolean } = {}): Promise<Ids> => {
    const scheduled = ["SCHEDULED", "IN_SESSION", "OPINION_PENDING", "COMPLETED"].includes(status);
    const start = new Date(Date.now() + 3 * 86_400_000 + randomInt(0, 1000) * 60_000);
    const id = await one(
      `INSERT INTO consultation (id, number, status, type, urgency, specialty, resident_id, requester_id, requesting_institution_id, expert_id, clinical_summary, question,
         consent_method, consent_given_by, consent_recorded_by_id, consent_at, scheduled_start, scheduled_end, submitted_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2::"ConsultationStatus", 'REMOTE_CONSULTATION', 'ROUTINE', 'CARD', $3, $4, $5, $6, '矩阵测试：胸闷三个月，活动后加重。', '请协助明确诊断并给出治疗建议。',
         'PORTAL_CONFIRMATION', '本人', $4, now(), $7, $8, CASE WHEN $2 = 'DRAFT' THEN NULL ELSE now() END, now()) RETURNING id`,
      [`MX${run}${String(numbers++).padStart(4, "0")}`, status, ids.resident, ids.a1, ids.instA, options.expert ? ids.card : null, scheduled ? start : null, scheduled ? new Date(start.getTime() + 1_800_000) : null],
    );
    const out: Ids = { c: id };
    if (options.attachment) {
      out.attachment = await one(
        "INSERT INTO consultation_attachment (id, consultation_id, file_name, content_type, size_bytes, sm3, content, uploaded_by_id) VALUES (gen_random_uuid(), $1, 'ecg.png', 'image/png', $2, $3, $4, $5) RETURNING id",
        [id, PNG_1x1.length, "0".repeat(64), PNG_1x1, ids.a1],
      );
    }
    return out;
  };
  const advice = async (): Promise<Ids> => {
    const { c } = await consultation("COMPLETED", { expert: true });
    const adviceId = await one("INSERT INTO follow_up_advice (id, consultation_id, resident_id, author_id, body) VALUES (gen_random_uuid(), $1, $2, $3, '低盐饮食，一个月后复查。') RETURNING id", [c, ids.resident, ids.card]);
    const question = await one("INSERT INTO advice_question (id, advice_id, asked_by_id, question) VALUES (gen_random_uuid(), $1, $2, '药需要饭后吃吗？') RETURNING id", [adviceId, ids.patient]);
    return { c: c as string, advice: adviceId, question };
  };
  const terminal = () =>
    one("INSERT INTO terminal (id, institution_id, code, name, token_hash, token_hint, created_by_id) VALUES (gen_random_uuid(), $1, $2, '矩阵测试终端', $3, 'mx', $4) RETURNING id", [
      ids.instA,
      `MXT${randomBytes(4).toString("hex")}`,
      randomBytes(32).toString("hex"),
      ids.adminA,
    ]);
  const exception = () => {
    const start = new Date(Date.now() + (20 + randomInt(0, 30)) * 86_400_000);
    return one("INSERT INTO availability_exception (id, expert_id, kind, starts_at, ends_at) VALUES (gen_random_uuid(), $1, 'LEAVE', $2, $3) RETURNING id", [ids.card, start, new Date(start.getTime() + 3_600_000)]);
  };


  ids.draft = (await consultation("DRAFT")).c as string;
  const submitted = await consultation("SUBMITTED", { attachment: true });
  ids.submitted = submitted.c as string;
  ids.attachment = submitted.attachment as string;
  ids.scheduled = (await consultation("SCHEDULED", { expert: true })).c as string;
  const followUp = await advice();
  ids.completed = followUp.c as string;
  ids.advice = followUp.advice as string;
  ids.question = followUp.question as string;
  ids.importJob = await one(
    "INSERT INTO import_job (id, institution_id, created_by_id, file_name, file_sm3, content, status, finished_at) VALUES (gen_random_uuid(), $1, $2, 'residents.csv', $3, $4, 'DONE', now()) RETURNING id",
    [ids.instA, ids.adminA, "0".repeat(64), Buffer.from("name\n")],
  );

  // A standalone meeting: the cardiologist hosts, A1 takes part.
  const start = new Date();
  const room = await who.coord.api.post("/api/video/rooms", {
    data: { title: `矩阵测试会议 ${run}`, scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3_600_000).toISOString(), hostUsernames: [who.card.username], participantUsernames: [who.a1.username] },
  });
  expect(room.status(), await room.text()).toBe(201);
  ids.room = ((await room.json()) as { id: string }).id;
  ids.snapshot = await one("INSERT INTO video_snapshot (id, room_id, author_id, image_png) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id", [ids.room, ids.card, PNG_1x1]);
  // ---- guests by link (issue 13): the cardiologist invites a family member; their phone uses the link
  const guestLink = async (): Promise<Ids> => {
    const issued = await who.card.api.post(`/api/video/rooms/${ids.room}/guests`, { data: { displayName: "矩阵测试访客", kind: "FAMILY", validMinutes: 60 } });
    expect(issued.status(), await issued.text()).toBe(201);
    const body = (await issued.json()) as { path: string; link: { id: string } };
    return { guestLink: body.link.id, guestToken: body.path.slice(body.path.indexOf("#") + 1) };
  };
  {
    const { guestToken } = await guestLink();
    const api = await newApi();
    const redeemed = await api.post("/api/guest/redeem", { data: { token: guestToken } });
    expect(redeemed.status(), await redeemed.text()).toBe(200);
    ids.guest = await one("SELECT guest_user_id AS id FROM video_guest_link WHERE token_hash = $1", [await sm3Hex(guestToken as string)]);
    who.guest = { key: "guest", username: "(guest by link)", id: ids.guest, role: "GUEST", institutionId: null, specialty: null, api };
  }

  // ---- surgical teaching (issue 12): the provincial hospital's operating room and camera kit; sessions
  // the cardiologist presents and the coordinator moderates, hospital A invited; in the shared one A1 is registered.
  ids.operatingRoom = await one("INSERT INTO operating_room (id, institution_id, code, name) VALUES (gen_random_uuid(), $1, $2, '矩阵测试手术室') RETURNING id", [ids.prov, `MXOR${run}`]);
  ids.cameraKit = await one("INSERT INTO camera_kit (id, institution_id, operating_room_id, code, name) VALUES (gen_random_uuid(), $1, $2, $3, '矩阵测试摄像组') RETURNING id", [ids.prov, ids.operatingRoom, `MXKIT${run}`]);
  let teachingDays = 0;
  /** Each session on a day of its own: the surgeon, room and kit are never double-booked by the fixture. */
  const teachingStart = () => future(200 + teachingDays++);
  const teachingBody = (startsAt: string) => ({
    title: "矩阵测试手术示教",
    procedure: "腹腔镜胆囊切除术",
    surgeonId: ids.card,
    moderatorIds: [ids.coord],
    operatingRoomId: ids.operatingRoom,
    cameraKitId: ids.cameraKit,
    startsAt,
    durationMinutes: 60,
    invitedInstitutionIds: [ids.instA],
  });
  const teaching = async (options: { registered?: boolean } = {}): Promise<Ids> => {
    const created = await who.coord.api.post("/api/teaching/sessions", { data: teachingBody(teachingStart()) });
    expect(created.status(), await created.text()).toBe(201);
    const session = (await created.json()) as { id: string; videoRoomId: string };
    if (options.registered) expect((await who.a1.api.post(`/api/teaching/sessions/${session.id}/registrations`, { data: {} })).status()).toBe(200);
    return { teaching: session.id, teachingRoom: session.videoRoomId };
  };
  Object.assign(ids, await teaching({ registered: true }));
  // ---- end of surgical teaching

  // ---- opinion templates (issue 13): one shared in cardiology at the provincial hospital, one the endocrinologist's own
  const template = async (options: { endo?: boolean } = {}): Promise<Ids> => ({
    template: await one(
      `INSERT INTO opinion_template (id, institution_id, specialty, owner_id, name, findings, created_by_id, updated_by_id, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, '矩阵测试模板所见', $5, $5, now()) RETURNING id`,
      [ids.prov, options.endo ? "ENDO" : "CARD", options.endo ? ids.endo : null, `矩阵测试模板 ${randomBytes(4).toString("hex")}`, options.endo ? ids.endo : ids.card],
    ),
  });
  ids.templateShared = (await template()).template as string;
  ids.templateEndo = (await template({ endo: true })).template as string;

  return {
    run,
    ids,
    who,
    anonymous: await newApi(),
    residentName,
    db,
    make: {
      consultation,
      resident: () => register(randomName("阵")),
      recordResident: async () => {
        const residentId = await register(randomName("阵"));
        return { recordResidentId: residentId, ...(await recordEntry(residentId)) };
      },
      device: pairDevice,
      integration: async () => ({
        integration: await one("INSERT INTO integration_credential (id, institution_id, name, token_hash, token_hint, created_by_id) VALUES (gen_random_uuid(), $1, '矩阵测试 LIS', $2, 'mx', $3) RETURNING id", [
          ids.instA,
          randomBytes(32).toString("hex"),
          ids.adminA,
        ]),
      }),
      alert: async () => ({ alert: (await recordEntry(ids.resident as string)).alert as string }),
      residentWithCard: async () => {
        const resident = await register(randomName("阵"));
        return { scratch: resident, cardId: await one("SELECT card_id AS id FROM health_card WHERE resident_id = $1", [resident]) };
      },
      consent: async () => ({
        consent: await one("INSERT INTO record_consent (id, resident_id, grantee_user_id, categories, purpose, expires_at, granted_by_id) VALUES (gen_random_uuid(), $1, $2, '{}', '矩阵测试', now() + interval '1 day', $3) RETURNING id", [
          ids.resident,
          ids.a1,
          ids.patient,
        ]),
      }),
      emergencyOfB1: async () => ({
        emergency: await one("INSERT INTO emergency_access (id, resident_id, user_id, institution_id, reason, expires_at) VALUES (gen_random_uuid(), $1, $2, $3, '矩阵测试：急诊昏迷', now() - interval '1 minute') RETURNING id", [
          ids.spare,
          ids.b1,
          ids.instB,
        ]),
      }),
      familyLink: async () => {
        const resident = await register(randomName("阵"));
        const link = await one("INSERT INTO family_link (id, guardian_user_id, resident_id, relationship, established_by_id) VALUES (gen_random_uuid(), $1, $2, 'PARENT', $3) RETURNING id", [ids.patient2, resident, ids.a1]);
        return { scratch: resident, link };
      },
      merge: async () => {
        const [into, from] = [await register(randomName("阵")), await register(randomName("阵"))];
        const response = await who.adminA.api.post("/api/patients/merge", { data: { intoResidentId: into, fromResidentId: from, reason: "矩阵测试：同一人重复建档", overrideReason: "矩阵测试：已核对户口本" } });
        expect(response.status(), await response.text()).toBe(200);
        return { merge: ((await response.json()) as { mergeId: string }).mergeId };
      },
      advice,
      terminal,
      exception,
      teaching,
      // ---- administration (issue 13)
      staff: async (options = {}) => ({
        staff: await one("INSERT INTO app_user (id, username, password_hash, display_name, role, institution_id, disabled, updated_at) VALUES (gen_random_uuid(), $1, $2, '矩阵测试员工', 'COUNTY_DOCTOR', $3, $4, now()) RETURNING id", [
          `mx_${run.toLowerCase()}_st_${randomBytes(4).toString("hex")}`,
          hash,
          ids.instA,
          options.disabled ?? false,
        ]),
      }),
      guestLink,
      template,
      department: async () => ({
        department: await one("INSERT INTO department (id, institution_id, code, name) VALUES (gen_random_uuid(), $1, $2, '矩阵测试科室') RETURNING id", [ids.instA, `MX${randomBytes(4).toString("hex").toUpperCase()}`]),
      }),
    },
  };
}

// ---------------------------------------------------------------- the relationships, as the fixture knows them

function relationsOf(ids: Ids) {
  /** A consultation of the resident requested by A1 (hospital A) for cardiology; `expert`: the cardiologist is assigned. */
  const consultation = (status: string, expert = false): Relations => {
    const submitted = status !== "DRAFT";
    return {
      institutionIds: submitted ? [ids.instA as string] : [],
      careTeamIds: [ids.a1 as string, ...(expert ? [ids.card as string] : [])],
      requesterId: ids.a1,
      assignedExpertId: expert ? ids.card : null,
      queueSpecialty: status === "SUBMITTED" && !expert ? "CARD" : null,
      atCoordinationCentre: submitted,
      subjectUserId: ids.patient,
      // The guardian manages the resident's record: the resident's own consultations too.
      guardianUserIds: [ids.guardian as string],
    };
  };
  return {
    consultation,
    /** Registered at A; cared for by A1 (requester) and the cardiologist (assigned); the patient's own record. */
    resident: { institutionIds: [ids.instA as string], careTeamIds: [ids.a1 as string, ids.card as string], subjectUserId: ids.patient } satisfies Relations,
    /** Registered at A, no consultation, no account. */
    spare: { institutionIds: [ids.instA as string], careTeamIds: [], subjectUserId: null } satisfies Relations,
    /** The standalone meeting: the cardiologist hosts, A1 takes part, and so does the guest let in by the cardiologist's link. */
    room: { roomMemberIds: [ids.card as string, ids.a1 as string, ids.guest as string], roomPublisherIds: [ids.card as string, ids.a1 as string, ids.guest as string], roomHostIds: [ids.card as string] } satisfies Relations,
    /** The actor's own institution's things (an admin's terminals and imports). */
    ownInstitution: (actor: Actor): Relations => ({ institutionIds: actor.institutionId ? [actor.institutionId] : [] }),
    /** The actor's own things (a patient's advice list). */
    own: (actor: Actor): Relations => ({ subjectUserId: actor.id }),
    /** The cardiologist's calendar. */
    cardCalendar: { subjectUserId: ids.card } satisfies Relations,
    /** A resident registered at A managed by the other patient. */
    managedByPatient2: { institutionIds: [ids.instA as string], careTeamIds: [], subjectUserId: null, guardianUserIds: [ids.patient2 as string] } satisfies Relations,
    hospitalB: { institutionIds: [ids.instB as string] } satisfies Relations,
    centre: { atCoordinationCentre: true } satisfies Relations,
    hospitalA: { institutionIds: [ids.instA as string] } satisfies Relations,
    /**
     * The resident's shared record: registered at A; A1's draft and the cardiologist's scheduled
     * consultation are open; b2's consent is in force (b3's expired, b4's revoked: the loader
     * drops them); b5's emergency access is in force; the guardian manages it.
     */
    record: {
      institutionIds: [ids.instA as string],
      careTeamIds: [ids.a1 as string, ids.card as string],
      subjectUserId: ids.patient,
      openCareTeamIds: [ids.a1 as string, ids.card as string],
      consents: [{ id: ids.consentB2 as string, granteeUserId: ids.b2 as string, granteeInstitutionId: null, categories: [] }],
      emergencyAccessUserIds: [ids.b5 as string],
      guardianUserIds: [ids.guardian as string],
    } satisfies Relations,
    /** A fresh resident of hospital A with a record entry: no consultation, consent or account. */
    recordSpare: { institutionIds: [ids.instA as string], careTeamIds: [], subjectUserId: null, openCareTeamIds: [], consents: [], emergencyAccessUserIds: [], guardianUserIds: [] } satisfies Relations,
    /** A teaching session (issue 12): the cardiologist presents, the coordinator moderates, hospital A is invited, A1 registered. */
    teaching: { presenterId: ids.card, moderatorIds: [ids.coord as string], registeredTraineeIds: [ids.a1 as string], invitedInstitutionIds: [ids.instA as string] } satisfies Relations,
    /** Opinion templates (issue 13): shared in cardiology at the provincial hospital; the endocrinologist's personal one. */
    templateShared: { sharedInSpecialty: { institutionId: ids.prov as string, specialty: "CARD" } } satisfies Relations,
    templateEndo: { subjectUserId: ids.endo } satisfies Relations,
    /** A new template shared in the actor's own specialty at their hospital (what POST makes). */
    newTemplate: (actor: Actor): Relations => (actor.institutionId && actor.specialty ? { sharedInSpecialty: { institutionId: actor.institutionId, specialty: actor.specialty } } : {}),
    /** A1's registration: A1 is the trainee, hospital A the site. */
    teachingRegistration: { subjectUserId: ids.a1, institutionIds: [ids.instA as string] } satisfies Relations,
  };
}

// ---------------------------------------------------------------- the matrix

interface Row {
  method: (typeof METHODS)[number];
  /** The path template as the code names it (app/api/…/[id]). */
  path: string;
  /** Which resource, when an entry point has several rows. */
  label?: string;
  url: (ids: Ids) => string;
  relations?: (r: ReturnType<typeof relationsOf>, actor: Actor) => Relations;
  body?: (ids: Ids, who: Who) => unknown;
  multipart?: boolean;
  /** A write: a fresh resource for the denied actors and one more for each allowed actor. */
  fresh?: (world: World) => Promise<Ids>;
  /** The same answer for everyone, with the reason (public entry points only). */
  fixed?: { status: number; reason: string };
  /**
   * The action the domain checks against the relations, when the entry point declares a wider
   * role gate (a staff view that then asks about the resource, as its page does).
   */
  domain?: Action;
  /** Allowed actors who have no such thing of their own, so "not found" is the answer (with the reason). */
  absentFor?: { actors: readonly ActorKey[]; reason: string };
}

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
/** A new teaching session (issue 12) at the row's fresh start. */
const teachingRequest = (i: Ids) => ({
  title: "矩阵测试安排示教",
  procedure: "甲状腺切除术",
  surgeonId: i.card,
  moderatorIds: [i.coord],
  operatingRoomId: i.operatingRoom,
  cameraKitId: i.cameraKit,
  startsAt: i.teachingStart,
  durationMinutes: 30,
  invitedInstitutionIds: [i.instA],
});
const C = (status: string, expert = false) => (r: ReturnType<typeof relationsOf>) => r.consultation(status, expert);

const ROWS: Row[] = [
  // ---- administration
  { method: "GET", path: "/api/admin/imports", url: () => "/api/admin/imports", relations: (r, a) => r.ownInstitution(a) },
  // No file: an admin gets past the access check to 400; nothing is imported.
  { method: "POST", path: "/api/admin/imports", url: () => "/api/admin/imports", relations: (r, a) => r.ownInstitution(a) },
  { method: "GET", path: "/api/admin/imports/[id]", url: (i) => `/api/admin/imports/${i.importJob}`, relations: (r) => r.hospitalA },
  { method: "GET", path: "/api/admin/imports/[id]/report", url: (i) => `/api/admin/imports/${i.importJob}/report`, relations: (r) => r.hospitalA },
  { method: "GET", path: "/api/admin/integrations", url: () => "/api/admin/integrations", relations: (r, a) => r.ownInstitution(a) },
  { method: "POST", path: "/api/admin/integrations", url: () => "/api/admin/integrations", relations: (r, a) => r.ownInstitution(a), body: (_i, w) => ({ name: `矩阵测试 HIS ${w.key}` }), fresh: async () => ({}) },
  { method: "POST", path: "/api/admin/integrations/[id]/revoke", url: (i) => `/api/admin/integrations/${i.integration}/revoke`, relations: (r) => r.hospitalA, fresh: (w) => w.make.integration() },
  { method: "GET", path: "/api/admin/terminals", url: () => "/api/admin/terminals", relations: (r, a) => r.ownInstitution(a) },
  { method: "POST", path: "/api/admin/terminals", url: () => "/api/admin/terminals", relations: (r, a) => r.ownInstitution(a), body: (_i, w) => ({ code: `MX-${w.key}-${randomBytes(3).toString("hex")}`, name: "矩阵测试终端" }), fresh: async () => ({}) },
  { method: "POST", path: "/api/admin/terminals/[id]/revoke", url: (i) => `/api/admin/terminals/${i.terminal}/revoke`, relations: (r) => r.hospitalA, fresh: async (w) => ({ terminal: await w.make.terminal() }) },
  // ---- administration: staff, departments (an admin's own institution), institutions (the platform admin), one-time links (issue 13)
  { method: "GET", path: "/api/admin/staff", url: () => "/api/admin/staff", relations: (r, a) => r.ownInstitution(a) },
  {
    method: "POST",
    path: "/api/admin/staff",
    url: () => "/api/admin/staff",
    relations: (r, a) => r.ownInstitution(a),
    body: () => ({ username: `mx_new_${randomBytes(4).toString("hex")}`, displayName: "矩阵测试新员工", role: "COUNTY_DOCTOR", mode: "invite" }),
    fresh: async () => ({}),
  },
  { method: "PATCH", path: "/api/admin/staff/[id]", url: (i) => `/api/admin/staff/${i.staff}`, relations: (r) => r.hospitalA, body: () => ({ title: "主治医师" }), fresh: (w) => w.make.staff() },
  { method: "POST", path: "/api/admin/staff/[id]/disable", url: (i) => `/api/admin/staff/${i.staff}/disable`, relations: (r) => r.hospitalA, fresh: (w) => w.make.staff() },
  { method: "POST", path: "/api/admin/staff/[id]/enable", url: (i) => `/api/admin/staff/${i.staff}/enable`, relations: (r) => r.hospitalA, fresh: (w) => w.make.staff({ disabled: true }) },
  { method: "POST", path: "/api/admin/staff/[id]/link", url: (i) => `/api/admin/staff/${i.staff}/link`, relations: (r) => r.hospitalA, fresh: (w) => w.make.staff() },
  { method: "GET", path: "/api/admin/departments", url: () => "/api/admin/departments", relations: (r, a) => r.ownInstitution(a) },
  { method: "POST", path: "/api/admin/departments", url: () => "/api/admin/departments", relations: (r, a) => r.ownInstitution(a), body: () => ({ code: `MX${randomBytes(4).toString("hex").toUpperCase()}`, name: "矩阵测试新科室" }), fresh: async () => ({}) },
  { method: "PATCH", path: "/api/admin/departments/[id]", url: (i) => `/api/admin/departments/${i.department}`, relations: (r) => r.hospitalA, body: () => ({ name: "矩阵测试改名科室" }), fresh: (w) => w.make.department() },
  { method: "GET", path: "/api/admin/institutions", url: () => "/api/admin/institutions" },
  {
    method: "POST",
    path: "/api/admin/institutions",
    url: () => "/api/admin/institutions",
    body: () => ({ code: `MXI${randomBytes(4).toString("hex").toUpperCase()}`, name: "矩阵测试新接入卫生院", level: "TOWNSHIP", regionCode: "441424" }),
    fresh: async () => ({}),
  },
  { method: "POST", path: "/api/admin/institutions/[id]/admins", url: (i) => `/api/admin/institutions/${i.instB}/admins`, body: () => ({ username: `mx_adm_${randomBytes(4).toString("hex")}`, displayName: "矩阵测试管理员" }), fresh: async () => ({}) },
  { method: "POST", path: "/api/account/link", url: () => "/api/account/link", body: () => ({ token: "rmpa_matrix-no-such-link-token" }), fixed: { status: 404, reason: "the one-time link's token is the only credential: an unknown token answers 404 to everyone" } },
  { method: "POST", path: "/api/account/password", url: () => "/api/account/password", body: () => ({ token: "rmpa_matrix-no-such-link-token", password: "Matrix2026x" }), fixed: { status: 404, reason: "the one-time link's token is the only credential: an unknown token answers 404 to everyone" } },
  // ---- follow-up advice
  { method: "GET", path: "/api/advice", url: () => "/api/advice", relations: (r, a) => r.own(a) },
  { method: "POST", path: "/api/advice/[id]/acknowledge", url: (i) => `/api/advice/${i.advice}/acknowledge`, relations: (r) => ({ subjectUserId: r.resident.subjectUserId }), fresh: (w) => w.make.advice() },
  { method: "POST", path: "/api/advice/[id]/questions", url: (i) => `/api/advice/${i.advice}/questions`, relations: (r) => ({ subjectUserId: r.resident.subjectUserId }), body: () => ({ question: "需要复查血脂吗？" }), fresh: (w) => w.make.advice() },
  { method: "POST", path: "/api/advice/questions/[id]/answer", url: (i) => `/api/advice/questions/${i.question}/answer`, relations: C("COMPLETED", true), body: () => ({ answer: "饭后服用即可。" }), fresh: (w) => w.make.advice() },
  // ---- sign-in (next-auth) and unknown paths
  { method: "GET", path: "/api/auth/[...nextauth]", url: () => "/api/auth/session" },
  // Without a CSRF token next-auth refuses the callback itself (a redirect, not an access answer).
  { method: "POST", path: "/api/auth/[...nextauth]", url: () => "/api/auth/callback/credentials" },
  ...METHODS.map((method): Row => ({ method, path: "/api/[...path]", url: () => "/api/matrix-no-such-route", fixed: { status: 404, reason: "unknown API paths answer 404 to everyone, signed in or not" } })),
  { method: "GET", path: "/api/health", url: () => "/api/health" },
  { method: "POST", path: "/api/v1/health-card/verify", url: () => "/api/v1/health-card/verify", body: () => ({}), fixed: { status: 401, reason: "terminals authenticate with their own token; a session cookie is no substitute" } },
  // ---- consultations
  { method: "GET", path: "/api/consultations", url: () => "/api/consultations" },
  {
    method: "POST",
    path: "/api/consultations",
    url: () => "/api/consultations",
    body: (i) => ({ residentId: i.scratch, type: "REMOTE_CONSULTATION", specialty: "CARD", clinicalSummary: "矩阵测试新建草稿" }),
    // A resident of its own: a draft makes its requester part of the resident's care team.
    fresh: async (w) => ({ scratch: await w.make.resident() }),
  },
  { method: "GET", path: "/api/consultations/patients", url: (i) => `/api/consultations/patients?q=${encodeURIComponent(i.residentName as string)}` },
  { method: "GET", path: "/api/consultations/queue", url: () => "/api/consultations/queue", relations: (r) => r.centre },
  { method: "GET", path: "/api/consultations/[id]", label: "draft", url: (i) => `/api/consultations/${i.draft}`, relations: C("DRAFT") },
  { method: "GET", path: "/api/consultations/[id]", label: "submitted CARD", url: (i) => `/api/consultations/${i.submitted}`, relations: C("SUBMITTED") },
  { method: "GET", path: "/api/consultations/[id]", label: "scheduled", url: (i) => `/api/consultations/${i.scheduled}`, relations: C("SCHEDULED", true) },
  { method: "PATCH", path: "/api/consultations/[id]", url: (i) => `/api/consultations/${i.c}`, relations: C("DRAFT"), body: () => ({ expectedVersion: 1, question: "矩阵测试：修改后的问题" }), fresh: (w) => w.make.consultation("DRAFT") },
  { method: "POST", path: "/api/consultations/[id]/accept", url: (i) => `/api/consultations/${i.c}/accept`, relations: C("SUBMITTED"), body: () => ({}), fresh: (w) => w.make.consultation("SUBMITTED") },
  { method: "POST", path: "/api/consultations/[id]/advice", url: (i) => `/api/consultations/${i.c}/advice`, relations: C("COMPLETED", true), body: () => ({ body: "矩阵测试随访建议：一个月后复查。" }), fresh: (w) => w.make.consultation("COMPLETED", { expert: true }) },
  { method: "POST", path: "/api/consultations/[id]/assign", label: "submitted", url: (i) => `/api/consultations/${i.c}/assign`, relations: C("SUBMITTED"), body: (i) => ({ expertId: i.card }), fresh: (w) => w.make.consultation("SUBMITTED") },
  { method: "POST", path: "/api/consultations/[id]/assign", label: "draft", url: (i) => `/api/consultations/${i.c}/assign`, relations: C("DRAFT"), body: (i) => ({ expertId: i.card }), fresh: (w) => w.make.consultation("DRAFT") },
  { method: "GET", path: "/api/consultations/[id]/attachments/[attachmentId]", url: (i) => `/api/consultations/${i.submitted}/attachments/${i.attachment}`, relations: C("SUBMITTED") },
  { method: "DELETE", path: "/api/consultations/[id]/attachments/[attachmentId]", url: (i) => `/api/consultations/${i.c}/attachments/${i.attachment}`, relations: C("DRAFT"), fresh: (w) => w.make.consultation("DRAFT", { attachment: true }) },
  { method: "POST", path: "/api/consultations/[id]/attachments", url: (i) => `/api/consultations/${i.c}/attachments`, relations: C("DRAFT"), multipart: true, fresh: (w) => w.make.consultation("DRAFT") },
  { method: "POST", path: "/api/consultations/[id]/cancel", url: (i) => `/api/consultations/${i.c}/cancel`, relations: C("SCHEDULED", true), body: () => ({ reason: "矩阵测试取消" }), fresh: (w) => w.make.consultation("SCHEDULED", { expert: true }) },
  { method: "POST", path: "/api/consultations/[id]/consent", url: (i) => `/api/consultations/${i.c}/consent`, relations: C("DRAFT"), body: () => ({ method: "PORTAL_CONFIRMATION", givenBy: "本人", expectedVersion: 1 }), fresh: (w) => w.make.consultation("DRAFT") },
  { method: "POST", path: "/api/consultations/[id]/decline", url: (i) => `/api/consultations/${i.c}/decline`, relations: C("ASSIGNED", true), body: () => ({ reason: "矩阵测试：本周手术日" }), fresh: (w) => w.make.consultation("ASSIGNED", { expert: true }) },
  { method: "GET", path: "/api/consultations/[id]/opinion", url: (i) => `/api/consultations/${i.completed}/opinion`, relations: C("COMPLETED", true) },
  {
    method: "POST",
    path: "/api/consultations/[id]/opinion",
    url: (i) => `/api/consultations/${i.c}/opinion`,
    relations: C("OPINION_PENDING", true),
    body: () => ({ findings: "心电图未见异常。", impression: "稳定型心绞痛可能。", recommendations: "完善冠脉 CTA。", referralDecision: "TREAT_LOCALLY_WITH_FOLLOW_UP" }),
    fresh: (w) => w.make.consultation("OPINION_PENDING", { expert: true }),
  },
  { method: "GET", path: "/api/consultations/[id]/opinion/draft", url: (i) => `/api/consultations/${i.c}/opinion/draft`, relations: C("OPINION_PENDING", true), fresh: (w) => w.make.consultation("OPINION_PENDING", { expert: true }) },
  {
    method: "PUT",
    path: "/api/consultations/[id]/opinion/draft",
    url: (i) => `/api/consultations/${i.c}/opinion/draft`,
    relations: C("OPINION_PENDING", true),
    body: () => ({ findings: "矩阵测试草稿", impression: "", recommendations: "", referralDecision: null }),
    fresh: (w) => w.make.consultation("OPINION_PENDING", { expert: true }),
  },
  { method: "POST", path: "/api/consultations/[id]/reschedule", url: (i) => `/api/consultations/${i.c}/reschedule`, relations: C("SCHEDULED", true), body: () => ({ startsAt: future(9), reason: "矩阵测试改期" }), fresh: (w) => w.make.consultation("SCHEDULED", { expert: true }) },
  { method: "POST", path: "/api/consultations/[id]/session", url: (i) => `/api/consultations/${i.c}/session`, relations: C("SCHEDULED", true), body: () => ({ action: "start" }), fresh: (w) => w.make.consultation("SCHEDULED", { expert: true }) },
  { method: "GET", path: "/api/consultations/[id]/slots", url: (i) => `/api/consultations/${i.scheduled}/slots`, relations: C("SCHEDULED", true) },
  { method: "POST", path: "/api/consultations/[id]/submit", url: (i) => `/api/consultations/${i.c}/submit`, relations: C("DRAFT"), body: () => ({}), fresh: (w) => w.make.consultation("DRAFT") },
  { method: "GET", path: "/api/consultations/[id]/suggestions", label: "submitted", url: (i) => `/api/consultations/${i.submitted}/suggestions`, relations: C("SUBMITTED") },
  { method: "GET", path: "/api/consultations/[id]/suggestions", label: "draft", url: (i) => `/api/consultations/${i.draft}/suggestions`, relations: C("DRAFT") },
  { method: "POST", path: "/api/consultations/[id]/withdraw", url: (i) => `/api/consultations/${i.c}/withdraw`, relations: C("SUBMITTED"), body: () => ({ reason: "矩阵测试撤回" }), fresh: (w) => w.make.consultation("SUBMITTED") },
  { method: "POST", path: "/api/consultations/[id]/book", url: (i) => `/api/consultations/${i.c}/book`, relations: C("ASSIGNED", true), body: () => ({ startsAt: future(11) }), fresh: (w) => w.make.consultation("ASSIGNED", { expert: true }) },
  // ---- the patient's own card (an invalid document: nothing is registered or verified)
  {
    method: "POST",
    path: "/api/health-card/demo-verify",
    url: () => "/api/health-card/demo-verify",
    body: () => ({ name: "不对的名字", docNumber: "1" }),
    fresh: async () => ({}),
    absentFor: { actors: ["patient2", "guardian"], reason: "the other patient and the guardian have no card of their own yet: nothing to verify" },
  },
  { method: "GET", path: "/api/health-card/me", url: () => "/api/health-card/me" },
  { method: "GET", path: "/api/health-card/qr", url: () => "/api/health-card/qr", absentFor: { actors: ["patient2", "guardian"], reason: "the other patient and the guardian have no card of their own yet: no QR code to show" } },
  { method: "POST", path: "/api/health-card/register", url: () => "/api/health-card/register", body: () => ({ docType: "01", docNumber: "1", name: "" }), fresh: async () => ({}) },
  // ---- notifications
  { method: "GET", path: "/api/notifications", url: () => "/api/notifications" },
  { method: "POST", path: "/api/notifications/read", url: () => "/api/notifications/read", body: () => ({ all: true }), fresh: async () => ({}) },
  { method: "GET", path: "/api/notifications/unread", url: () => "/api/notifications/unread" },
  // ---- the account's own display preferences
  { method: "GET", path: "/api/account/preferences", url: () => "/api/account/preferences" },
  { method: "PUT", path: "/api/account/preferences", url: () => "/api/account/preferences", body: () => ({ largeText: false }), fresh: async () => ({}) },
  // ---- the master patient index
  { method: "GET", path: "/api/patients", url: (i) => `/api/patients?q=${encodeURIComponent(i.residentName as string)}` },
  // An empty registration: past the access check to 400, nothing issued.
  { method: "POST", path: "/api/patients", url: () => "/api/patients", body: () => ({}), fresh: async () => ({}) },
  { method: "GET", path: "/api/patients/[id]", url: (i) => `/api/patients/${i.resident}`, relations: (r) => r.resident, domain: "resident.read" },
  {
    method: "POST",
    path: "/api/patients/[id]/identifiers",
    url: (i) => `/api/patients/${i.scratch}/identifiers`,
    relations: (r) => r.spare,
    body: () => ({ kind: "HOSPITAL_PATIENT_NO", value: `MX${randomBytes(4).toString("hex")}` }),
    fresh: async (w) => ({ scratch: await w.make.resident() }),
  },
  { method: "GET", path: "/api/patients/[id]/merge-preview", url: (i) => `/api/patients/${i.resident}/merge-preview?from=${i.spare}`, relations: (r) => r.resident },
  { method: "POST", path: "/api/patients/[id]/verify", url: (i) => `/api/patients/${i.scratch}/verify`, relations: (r) => r.spare, fresh: async (w) => ({ scratch: await w.make.resident() }) },
  {
    method: "POST",
    path: "/api/patients/merge",
    url: () => "/api/patients/merge",
    relations: (r) => r.spare,
    body: (i) => ({ intoResidentId: i.into, fromResidentId: i.from, reason: "矩阵测试：同一人重复建档" }),
    fresh: async (w) => ({ into: await w.make.resident(), from: await w.make.resident() }),
  },
  { method: "POST", path: "/api/patients/merges/[id]/unmerge", url: (i) => `/api/patients/merges/${i.merge}/unmerge`, relations: (r) => r.spare, body: () => ({ reason: "矩阵测试：合并有误" }), fresh: (w) => w.make.merge() },
  { method: "GET", path: "/api/audit/export", url: () => "/api/audit/export?action=audit.exported" },
  // ---- the shared record (server/record)
  // ---- the FHIR API (session cookie for people, hospital A's credential for its system): the same record rules
  { method: "GET", path: "/fhir/R4/[[...path]]", label: "metadata", url: () => "/fhir/R4/metadata" },
  { method: "GET", path: "/fhir/R4/[[...path]]", label: "Patient read", url: (i) => `/fhir/R4/Patient/${i.resident}`, relations: (r) => r.record, domain: "fhir.read" },
  { method: "GET", path: "/fhir/R4/[[...path]]", label: "Observation search", url: (i) => `/fhir/R4/Observation?patient=${i.resident}`, relations: (r) => r.record, domain: "fhir.read" },
  { method: "GET", path: "/fhir/R4/[[...path]]", label: "$everything", url: (i) => `/fhir/R4/Patient/${i.resident}/$everything`, relations: (r) => r.record, domain: "fhir.read" },
  { method: "GET", path: "/fhir/R4/[[...path]]", label: "another resident's Patient", url: (i) => `/fhir/R4/Patient/${i.spare}`, relations: (r) => r.spare, domain: "fhir.read" },
  { method: "POST", path: "/fhir/R4/[[...path]]", url: () => "/fhir/R4", body: () => ({ resourceType: "Bundle", type: "transaction", entry: [] }), fresh: async () => ({}) },
  // ---- home devices and vital-sign alerts (the resident's record: the patient and the guardian manage it; clinicians of A and the open care team acknowledge)
  { method: "GET", path: "/api/record/devices", url: (i) => `/api/record/devices?resident=${i.resident}`, relations: (r) => r.record, domain: "record.manage" },
  { method: "POST", path: "/api/record/devices", url: () => "/api/record/devices", relations: (r) => r.record, domain: "record.manage", body: (i) => ({ residentId: i.resident, kind: "GLUCOMETER", label: "矩阵测试血糖仪" }), fresh: async () => ({}) },
  { method: "POST", path: "/api/record/devices/[id]/revoke", url: (i) => `/api/record/devices/${i.device}/revoke`, relations: (r) => r.record, domain: "record.manage", fresh: (w) => w.make.device() },
  { method: "POST", path: "/api/vitals/alerts/acknowledge", url: () => "/api/vitals/alerts/acknowledge", relations: (r) => r.record, body: (i) => ({ alertIds: [i.alert], note: "矩阵测试：已电话随访" }), fresh: (w) => w.make.alert() },
  { method: "POST", path: "/api/v1/devices/readings", url: () => "/api/v1/devices/readings", body: () => ({ readings: [] }), fixed: { status: 401, reason: "home devices authenticate with their own token; a session cookie or an integration credential is no substitute" } },
  { method: "GET", path: "/api/record/residents/[id]", url: (i) => `/api/record/residents/${i.resident}`, relations: (r) => r.record },
  { method: "GET", path: "/api/record/files/[id]", url: (i) => `/api/record/files/${i.recordFile}`, relations: (r) => r.record },
  { method: "GET", path: "/api/record/consents", url: (i) => `/api/record/consents?residentId=${i.resident}`, relations: (r) => r.record },
  {
    method: "POST",
    path: "/api/record/consents",
    url: () => "/api/record/consents",
    relations: (r) => r.record,
    // To A1, who reads the record anyway: the consent changes no later row's answer.
    body: (i) => ({ residentId: i.resident, granteeUsername: i.a1Username, categories: ["SUMMARY"], expiresOn: future(2).slice(0, 10), purpose: "矩阵测试授权" }),
    fresh: async () => ({}),
  },
  { method: "POST", path: "/api/record/consents/[id]/revoke", url: (i) => `/api/record/consents/${i.consent}/revoke`, relations: (r) => r.record, fresh: (w) => w.make.consent() },
  // Each allowed clinician breaks the glass on a resident of their own (found by the card ID).
  { method: "POST", path: "/api/record/emergency", url: () => "/api/record/emergency", body: (i) => ({ identifier: i.cardId, reason: "矩阵测试：急诊昏迷，需要过敏史", hours: 1 }), fresh: (w) => w.make.residentWithCard() },
  { method: "POST", path: "/api/record/emergency/[id]/review", url: (i) => `/api/record/emergency/${i.emergency}/review`, relations: (r) => r.hospitalB, body: () => ({ outcome: "JUSTIFIED", note: "" }), fresh: (w) => w.make.emergencyOfB1() },
  { method: "POST", path: "/api/patients/[id]/family", url: (i) => `/api/patients/${i.scratch}/family`, relations: (r) => r.spare, body: (i) => ({ guardianUsername: i.patient2Username, relationship: "CHILD" }), fresh: async (w) => ({ scratch: await w.make.resident() }) },
  { method: "DELETE", path: "/api/patients/[id]/family/[linkId]", url: (i) => `/api/patients/${i.scratch}/family/${i.link}`, relations: (r) => r.spare, fresh: (w) => w.make.familyLink() },
  // An invalid document: a patient gets past the access check to 400, nothing is registered.
  { method: "POST", path: "/api/my-record/family", url: () => "/api/my-record/family", body: () => ({ docType: "01", docNumber: "1", name: "矩阵" }), fresh: async () => ({}) },
  { method: "POST", path: "/api/my-record/family/[id]/end", url: (i) => `/api/my-record/family/${i.link}/end`, relations: (r) => r.managedByPatient2, fresh: (w) => w.make.familyLink() },
  { method: "GET", path: "/api/my-record/family/[id]/qr", url: (i) => `/api/my-record/family/${i.resident}/qr`, relations: (r) => r.record },
  { method: "GET", path: "/api/my-record/consultations/[id]", url: (i) => `/api/my-record/consultations/${i.completed}`, relations: C("COMPLETED", true) },
  // ---- an expert's calendar (the cardiologist's)
  { method: "GET", path: "/api/scheduling/availability", url: (i) => `/api/scheduling/availability?expertId=${i.card}`, relations: (r) => r.cardCalendar },
  { method: "PUT", path: "/api/scheduling/availability", url: () => "/api/scheduling/availability", relations: (r) => r.cardCalendar, body: (i) => ({ expertId: i.card, templates: [] }), fresh: async () => ({}) },
  {
    method: "POST",
    path: "/api/scheduling/exceptions",
    url: () => "/api/scheduling/exceptions",
    relations: (r) => r.cardCalendar,
    body: (i) => ({ expertId: i.card, kind: "LEAVE", startsAt: future(40), endsAt: new Date(Date.now() + 40 * 86_400_000 + 3_600_000).toISOString() }),
    fresh: async () => ({}),
  },
  { method: "DELETE", path: "/api/scheduling/exceptions/[id]", url: (i) => `/api/scheduling/exceptions/${i.exception}`, relations: (r) => r.cardCalendar, fresh: async (w) => ({ exception: await w.make.exception() }) },
  { method: "GET", path: "/api/scheduling/slots", url: (i) => `/api/scheduling/slots?expertId=${i.card}`, relations: (r) => r.cardCalendar },
  // ---- video rooms (the standalone meeting: the cardiologist hosts, A1 takes part)
  { method: "GET", path: "/api/video/rooms", url: () => "/api/video/rooms" },
  {
    method: "POST",
    path: "/api/video/rooms",
    url: () => "/api/video/rooms",
    body: (i) => ({ title: "矩阵测试会议", scheduledStart: future(1), scheduledEnd: future(1.05), hostUsernames: [i.cardUsername], participantUsernames: [i.a1Username] }),
    fresh: async () => ({}),
  },
  { method: "GET", path: "/api/video/rooms/[roomId]/record", url: (i) => `/api/video/rooms/${i.room}/record`, relations: (r) => r.room },
  { method: "GET", path: "/api/video/rooms/[roomId]/snapshots/[snapshotId]", url: (i) => `/api/video/rooms/${i.room}/snapshots/${i.snapshot}`, relations: (r) => r.room },
  { method: "POST", path: "/api/video/rooms/[roomId]/snapshots", url: (i) => `/api/video/rooms/${i.room}/snapshots`, relations: (r) => r.room, body: () => ({ image: `data:image/png;base64,${PNG_1x1.toString("base64")}`, annotations: [] }), fresh: async () => ({}) },
  { method: "POST", path: "/api/video/rooms/[roomId]/token", url: (i) => `/api/video/rooms/${i.room}/token`, relations: (r) => r.room, fresh: async () => ({}) },
  // ---- guests by link (issue 13): the meeting's host invites, lists and revokes; the link's token is the guest's only credential
  { method: "GET", path: "/api/video/rooms/[roomId]/guests", url: (i) => `/api/video/rooms/${i.room}/guests`, relations: (r) => r.room },
  { method: "POST", path: "/api/video/rooms/[roomId]/guests", url: (i) => `/api/video/rooms/${i.room}/guests`, relations: (r) => r.room, body: () => ({ displayName: "矩阵测试访客", kind: "PATIENT", validMinutes: 30 }), fresh: async () => ({}) },
  { method: "DELETE", path: "/api/video/rooms/[roomId]/guests/[linkId]", url: (i) => `/api/video/rooms/${i.room}/guests/${i.guestLink}`, relations: (r) => r.room, fresh: (w) => w.make.guestLink() },
  { method: "POST", path: "/api/guest/redeem", url: () => "/api/guest/redeem", body: () => ({ token: "rmpg_matrix-no-such-guest-link-token" }), fixed: { status: 404, reason: "the one-time link's token is the only credential: an unknown token answers 404 to everyone" } },
  // ---- surgical teaching (issue 12)
  { method: "GET", path: "/api/teaching/resources", url: () => "/api/teaching/resources" },
  {
    method: "POST",
    path: "/api/teaching/resources",
    url: () => "/api/teaching/resources",
    body: (i) => ({ kind: "OPERATING_ROOM", institutionId: i.prov, code: `MX${randomBytes(4).toString("hex")}`, name: "矩阵测试新手术室" }),
    fresh: async () => ({}),
  },
  { method: "GET", path: "/api/teaching/sessions", url: () => "/api/teaching/sessions" },
  // Each allowed actor's session a day of its own; a refused one leaves nothing behind.
  { method: "POST", path: "/api/teaching/sessions", url: () => "/api/teaching/sessions", body: (i) => teachingRequest(i), fresh: async () => ({ teachingStart: future(600 + randomInt(0, 100_000) / 100) }) },
  { method: "GET", path: "/api/teaching/sessions/[id]", url: (i) => `/api/teaching/sessions/${i.teaching}`, relations: (r) => r.teaching },
  { method: "PATCH", path: "/api/teaching/sessions/[id]", url: (i) => `/api/teaching/sessions/${i.teaching}`, relations: (r) => r.teaching, body: () => ({ expectedVersion: 1, title: "矩阵测试改名" }), fresh: (w) => w.make.teaching() },
  { method: "POST", path: "/api/teaching/sessions/[id]/cancel", url: (i) => `/api/teaching/sessions/${i.teaching}/cancel`, relations: (r) => r.teaching, body: () => ({ reason: "矩阵测试取消" }), fresh: (w) => w.make.teaching() },
  { method: "GET", path: "/api/teaching/sessions/[id]/attendance", url: (i) => `/api/teaching/sessions/${i.teaching}/attendance`, relations: (r) => r.teaching },
  {
    method: "POST",
    path: "/api/teaching/sessions/[id]/registrations",
    url: (i) => `/api/teaching/sessions/${i.teaching}/registrations`,
    relations: (r) => r.teaching,
    // A clinician registers themselves; hospital A's admin registers A2.
    body: (i, w) => (w.role === "INSTITUTION_ADMIN" ? { traineeIds: [i.a2] } : {}),
    fresh: (w) => w.make.teaching(),
  },
  {
    method: "DELETE",
    path: "/api/teaching/sessions/[id]/registrations/[traineeId]",
    url: (i) => `/api/teaching/sessions/${i.teaching}/registrations/${i.a1}`,
    relations: (r) => r.teachingRegistration,
    fresh: (w) => w.make.teaching({ registered: true }),
  },
  // ---- end of surgical teaching
  // ---- opinion templates (issue 13): specialists only; a shared one for its specialty at its hospital, a personal one for its owner
  { method: "GET", path: "/api/opinion-templates", url: () => "/api/opinion-templates", relations: (r, a) => r.own(a) },
  {
    method: "POST",
    path: "/api/opinion-templates",
    url: () => "/api/opinion-templates",
    relations: (r, a) => r.newTemplate(a),
    body: (_i, w) => ({ name: `矩阵测试新模板 ${w.key} ${randomBytes(4).toString("hex")}`, findings: "矩阵测试所见", impression: "", recommendations: "", personal: false }),
    fresh: async () => ({}),
  },
  { method: "GET", path: "/api/opinion-templates/[id]", label: "shared CARD", url: (i) => `/api/opinion-templates/${i.templateShared}`, relations: (r) => r.templateShared },
  { method: "GET", path: "/api/opinion-templates/[id]", label: "personal of endo", url: (i) => `/api/opinion-templates/${i.templateEndo}`, relations: (r) => r.templateEndo },
  ...(["shared CARD", "personal of endo"] as const).flatMap((label): Row[] => {
    const relations = (r: ReturnType<typeof relationsOf>) => (label === "shared CARD" ? r.templateShared : r.templateEndo);
    const fresh = (w: World) => w.make.template({ endo: label !== "shared CARD" });
    return [
      { method: "PATCH", path: "/api/opinion-templates/[id]", label, url: (i) => `/api/opinion-templates/${i.template}`, relations, body: () => ({ name: `矩阵测试改名 ${randomBytes(4).toString("hex")}`, findings: "改写", impression: "", recommendations: "", expectedVersion: 1 }), fresh },
      { method: "DELETE", path: "/api/opinion-templates/[id]", label, url: (i) => `/api/opinion-templates/${i.template}`, relations, fresh },
    ];
  }),
];

// ---------------------------------------------------------------- running it

type Expected = "allow" | "deny" | number;
interface Case {
  row: Row;
  who: Who | null;
  expected: Expected;
}
interface Result extends Case {
  status: number;
  verdict: "ok" | "unexpected allow" | "unexpected deny" | "error";
}

const actorOf = (who: Who): Actor => ({ id: who.id, role: who.role, institutionId: who.institutionId, specialty: who.specialty });
const keyOf = (row: Pick<Row, "method" | "path">) => `${row.method} ${row.path}`;
const describeCase = (r: Result) => `${keyOf(r.row)}${r.row.label ? ` (${r.row.label})` : ""} as ${r.who?.key ?? "anonymous"}: expected ${r.expected}, got ${r.status}`;

function verdictOf(row: Row, expected: Expected, who: Who | null, status: number): Result["verdict"] {
  if (status >= 500) return "error";
  if (expected === "allow" && status === 404 && who && row.absentFor?.actors.includes(who.key)) return "ok";
  if (typeof expected === "number") return status === expected ? "ok" : status < 300 ? "unexpected allow" : "unexpected deny";
  const refused = [401, 403, 404].includes(status);
  if (expected === "allow") return refused ? "unexpected deny" : "ok";
  // A denied actor must be refused: 401 when signed out, 403 or 404 when signed in. Anything else
  // (2xx, or a 400/409 that shows the request got past the access check) is an unexpected allow.
  // An integration credential is no session: session routes answer it 401.
  if (who === null) return status === 401 ? "ok" : "unexpected allow";
  if (who.role === "INTEGRATION" && status === 401) return "ok";
  return status === 403 || status === 404 ? "ok" : "unexpected allow";
}

async function call(world: World, row: Row, who: Who | null, ids: Ids): Promise<number> {
  const api = who?.api ?? world.anonymous;
  const url = row.url(ids);
  const options: Parameters<APIRequestContext["fetch"]>[1] = { method: row.method, maxRedirects: 0, failOnStatusCode: false };
  if (row.multipart) options.multipart = { file: { name: "ecg.png", mimeType: "image/png", buffer: PNG_1x1 } };
  else if (row.body) options.data = row.body(ids, who ?? world.who.a1);
  const response: APIResponse = await api.fetch(url, options);
  return response.status();
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

let world: World;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  world = await buildWorld();
  Object.assign(world.ids, { residentName: world.residentName, cardUsername: world.who.card.username, a1Username: world.who.a1.username, patient2Username: world.who.patient2.username });
});

test.afterAll(async () => {
  await world?.db.end();
});

test("the authorization matrix: every API entry point × anonymous and every actor gives the policy's answer", async () => {
  test.setTimeout(240_000);
  const declared = apiEntryPoints();
  expect([...declared].filter(([, access]) => access === "undeclared").map(([key]) => key)).toEqual([]);
  // The table covers exactly the entry points the code has: a new route without a row fails here.
  expect([...new Set(ROWS.map(keyOf))].sort()).toEqual([...declared.keys()].sort());
  for (const row of ROWS) if (row.fixed) expect(declared.get(keyOf(row)), `${keyOf(row)}: only public entry points answer the same to everyone`).toBe("public");

  const relations = relationsOf(world.ids);
  const actors: (Who | null)[] = [null, ...ACTOR_KEYS.map((key) => world.who[key])];
  const expectationOf = (row: Row, who: Who | null): Expected => {
    if (row.fixed) return row.fixed.status;
    const access = declared.get(keyOf(row)) as string;
    if (access === "public") return "allow";
    if (!who) return "deny";
    const actor = actorOf(who);
    if (!rolesFor(access as Action).includes(actor.role)) return "deny";
    return isAllowed(actor, row.domain ?? (access as Action), row.relations?.(relations, actor) ?? {}) ? "allow" : "deny";
  };

  const results: Result[] = [];
  // Reads first, ten at a time, on the shared world.
  const reads = ROWS.filter((row) => !row.fresh).flatMap((row) => actors.map((who): Case => ({ row, who, expected: expectationOf(row, who) })));
  results.push(...(await inBatches(reads, 10, async (c) => {
    const status = await call(world, c.row, c.who, world.ids);
    return { ...c, status, verdict: verdictOf(c.row, c.expected, c.who, status) };
  })));
  // Writes: the denied actors share one fresh resource (which they must not change), each allowed actor gets its own.
  for (const row of ROWS.filter((r) => r.fresh)) {
    const cases = actors.map((who): Case => ({ row, who, expected: expectationOf(row, who) }));
    const shared = { ...world.ids, ...(await row.fresh!(world)) };
    const targets = await Promise.all(cases.map(async (c) => (c.expected === "deny" || typeof c.expected === "number" ? shared : { ...world.ids, ...(await row.fresh!(world)) })));
    results.push(...(await Promise.all(cases.map(async (c, i) => {
      const status = await call(world, c.row, c.who, targets[i] as Ids);
      return { ...c, status, verdict: verdictOf(c.row, c.expected, c.who, status) };
    }))));
  }

  const count = (verdict: Result["verdict"]) => results.filter((r) => r.verdict === verdict).length;
  const summary = {
    entryPoints: declared.size,
    rows: ROWS.length,
    actors: actors.length,
    cases: results.length,
    expectedAllows: results.filter((r) => r.expected === "allow").length,
    expectedDenies: results.filter((r) => r.expected === "deny").length,
    fixedAnswers: results.filter((r) => typeof r.expected === "number").length,
    unexpectedAllows: count("unexpected allow"),
    unexpectedDenies: count("unexpected deny"),
    errors: count("error"),
    failures: results.filter((r) => r.verdict !== "ok").map(describeCase),
  };
  mkdirSync(path.join(ROOT, ".test-results"), { recursive: true });
  writeFileSync(path.join(ROOT, ".test-results/authz-matrix.json"), JSON.stringify({ ...summary, run: world.run, at: new Date().toISOString() }, null, 2));
  console.log(
    `authz matrix: ${summary.entryPoints} entry points in ${summary.rows} rows × ${summary.actors} actors = ${summary.cases} cases; ${summary.expectedDenies} expected denies, ${summary.expectedAllows} expected allows, ${summary.fixedAnswers} fixed; ${summary.unexpectedAllows} unexpected allows, ${summary.unexpectedDenies} unexpected denies, ${summary.errors} errors`,
  );
  expect(summary.failures).toEqual([]);
  expect(summary.unexpectedAllows).toBe(0);
  expect(summary.unexpectedDenies).toBe(0);
});

// ---------------------------------------------------------------- pages

interface PageRow {
  path: string;
  url?: (ids: Ids) => string;
  /** What the page shows of a resource: the action and its relations; a denied actor sees "not found" or a refusal. */
  shows?: { action: Action; relations: (r: ReturnType<typeof relationsOf>) => Relations };
}

const PAGES: PageRow[] = [
  { path: "/" },
  { path: "/admin/import" },
  { path: "/admin/integrations" },
  { path: "/admin/terminals" },
  { path: "/admin/staff" },
  { path: "/admin/institutions" },
  { path: "/account/setup" },
  { path: "/advice" },
  { path: "/audit" },
  { path: "/availability" },
  { path: "/card" },
  { path: "/card/access" },
  { path: "/consultations" },
  { path: "/consultations/[id]", url: (i) => `/consultations/${i.submitted}`, shows: { action: "consultation.read", relations: C("SUBMITTED") } },
  { path: "/consultations/[id]/edit", url: (i) => `/consultations/${i.draft}/edit`, shows: { action: "consultation.request", relations: C("DRAFT") } },
  { path: "/consultations/[id]/print", url: (i) => `/consultations/${i.scheduled}/print`, shows: { action: "consultation.read", relations: C("SCHEDULED", true) } },
  { path: "/consultations/[id]/video", url: (i) => `/consultations/${i.scheduled}/video`, shows: { action: "consultation.read", relations: C("SCHEDULED", true) } },
  { path: "/consultations/new" },
  { path: "/consultations/templates" },
  { path: "/forbidden" },
  { path: "/home" },
  { path: "/my-record" },
  { path: "/my-record/consents" },
  { path: "/my-record/devices" },
  { path: "/my-record/vitals" },
  { path: "/vitals" },
  { path: "/my-record/consultations/[id]", url: (i) => `/my-record/consultations/${i.completed}`, shows: { action: "consultation.own", relations: C("COMPLETED", true) } },
  { path: "/my-record/emergency" },
  { path: "/my-record/family" },
  { path: "/notifications" },
  { path: "/patients" },
  { path: "/patients/[id]", url: (i) => `/patients/${i.resident}`, shows: { action: "resident.read", relations: (r) => r.resident } },
  { path: "/patients/[id]/record", url: (i) => `/patients/${i.resident}/record`, shows: { action: "record.read", relations: (r) => r.record } },
  { path: "/patients/new" },
  { path: "/record/emergency" },
  { path: "/record/emergency/review" },
  { path: "/register" },
  { path: "/schedule" },
  { path: "/signin" },
  { path: "/triage" },
  { path: "/video" },
  { path: "/video/[roomId]", url: (i) => `/video/${i.room}`, shows: { action: "room.join", relations: (r) => r.room } },
  { path: "/video/[roomId]/record", url: (i) => `/video/${i.room}/record`, shows: { action: "room.record", relations: (r) => r.room } },
  { path: "/guest" },
  // ---- surgical teaching (issue 12)
  { path: "/teaching" },
  { path: "/teaching/new" },
  { path: "/teaching/[id]", url: (i) => `/teaching/${i.teaching}`, shows: { action: "teaching.read", relations: (r) => r.teaching } },
  { path: "/teaching/[id]/watch", url: (i) => `/teaching/${i.teaching}/watch`, shows: { action: "teaching.watch", relations: (r) => r.teaching } },
  // ---- end of surgical teaching
];

test("pages: signed out → sign-in, a role the page does not admit → forbidden, otherwise shown (or hidden without the relationship)", async () => {
  test.setTimeout(240_000);
  const declared = pageActions();
  expect(PAGES.map((p) => p.path).sort()).toEqual(pagePaths());
  const relations = relationsOf(world.ids);
  const actors: (Who | null)[] = [null, ...ACTOR_KEYS.map((key) => world.who[key])];
  const cases = PAGES.flatMap((page) => actors.map((who) => ({ page, who })));
  const failures = (
    await inBatches(cases, 6, async ({ page, who }) => {
      const access = declared.get(page.path) as string;
      const response = await (who?.api ?? world.anonymous).get(page.url?.(world.ids) ?? page.path, { maxRedirects: 0, failOnStatusCode: false });
      const status = response.status();
      const location = response.headers()["location"] ?? "";
      const redirected = status >= 300 && status < 400;
      let expected: string;
      let ok: boolean;
      if (access === "public") {
        expected = "< 400";
        ok = status < 400;
      } else if (!who || who.role === "INTEGRATION") {
        expected = "→ /signin";
        ok = redirected && location.includes("/signin");
      } else if (!rolesFor(access as Action).includes(who.role)) {
        expected = "→ /forbidden";
        ok = redirected && location.includes("/forbidden");
      } else if (page.shows && !isAllowed(actorOf(who), page.shows.action, page.shows.relations(relations))) {
        expected = "hidden (404 or a refusal)";
        ok = status === 404 || (status === 200 && (await response.text()).includes('data-testid="video-refused"'));
      } else {
        expected = "shown (200, or on to the room)";
        ok = status === 200 || (redirected && !/\/(signin|forbidden)/.test(location));
      }
      return ok ? null : `${page.path} as ${who?.key ?? "anonymous"}: expected ${expected}, got ${status} ${location}`;
    })
  ).filter((f) => f !== null);
  console.log(`authz pages: ${PAGES.length} pages × ${actors.length} actors = ${cases.length} cases, ${failures.length} wrong`);
  expect(failures).toEqual([]);
});

// ---------------------------------------------------------------- in Chromium

test("a county doctor of another hospital cannot find the resident by name; the registering hospital's doctor can", async ({ browser }) => {
  for (const [key, finds] of [
    ["b1", false],
    ["a1", true],
  ] as const) {
    const context = await browser.newContext({ storageState: await world.who[key].api.storageState() });
    const page = await context.newPage();
    await page.goto("/patients");
    await page.getByLabel("查找内容").fill(world.residentName);
    await page.getByRole("button", { name: "查找", exact: true }).click();
    if (finds) await expect(page.getByTestId("patient-results")).toContainText(world.residentName);
    else {
      await expect(page.getByText("没有找到匹配的居民")).toBeVisible();
      await expect(page.getByTestId("patient-results")).toHaveCount(0);
    }
    await context.close();
    // The API the page calls, and the consultation form's patient picker, agree.
    for (const url of [`/api/patients?q=${encodeURIComponent(world.residentName)}`, `/api/consultations/patients?q=${encodeURIComponent(world.residentName)}`]) {
      const response = await world.who[key].api.get(url);
      expect(response.status()).toBe(200);
      expect(JSON.stringify(await response.json()).includes(world.ids.resident as string), `${url} as ${key}`).toBe(finds);
    }
  }
});
