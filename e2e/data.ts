/**
 * Data of a test's own: every test that acts on people, calendars or lists makes fresh ones, so it
 * never finds what another test (or its own previous run under --repeat-each) left behind.
 *
 *   import { test } from "./data";
 *   test("…", async ({ browser, data }) => {
 *     const doctor = await data.countyDoctor();                  // at 五华县人民医院, 内科
 *     const expert = await data.specialist("CARD");              // at 广东省人民医院, 心血管内科
 *     const page = await signedInPage(browser, expert.username);
 *     await setWeeklyCalendar(page);                             // through the calendar API
 *     const resident = await data.resident(doctorPage);          // through the window API, with a patient account
 *   });
 *
 * Accounts are written into the PostgreSQL server's database (there is no API that creates them);
 * residents and calendars go through the app's own API, so encrypted personal data, indexes, cards
 * and audit entries are written as in use. When the test ends its accounts are disabled: they no
 * longer appear among the experts suggested for a specialty, which lists at most 20.
 */
import { randomInt } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { createAccount, e2eQuery, pageApi, test as base, withCheckCharacter, type Account, type AccountSpec } from "./fixtures";

const NAME_CHARACTERS = "安柏春丹芳桂海华佳俊兰丽林梅敏宁平琴秋荣瑞书淑婷伟文霞祥欣秀雪燕莹玉云珍志";
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";

/** A Chinese name no other test uses (a surname and four given characters: 3 million of them). */
export function uniquePersonName(surname = SURNAMES[randomInt(0, SURNAMES.length)]!): string {
  return surname + Array.from({ length: 4 }, () => NAME_CHARACTERS[randomInt(0, NAME_CHARACTERS.length)]).join("");
}

/** A valid resident ID number from Wuhua county (441424), random enough not to repeat. */
export function randomResidentId(): string {
  const birth = `${1940 + randomInt(0, 60)}${String(randomInt(1, 13)).padStart(2, "0")}${String(randomInt(1, 29)).padStart(2, "0")}`;
  // The sequence code is 001–999: 000 is not a valid one.
  return withCheckCharacter(`441424${birth}${String(randomInt(1, 1000)).padStart(3, "0")}`);
}

/** Weekly clinic hours, every day of the week (Asia/Shanghai): 24 half-hour slots a day. */
export const WEEKLY_CALENDAR = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, startMinute: 8 * 60, endMinute: 12 * 60, slotMinutes: 30 },
  { weekday, startMinute: 13 * 60, endMinute: 21 * 60, slotMinutes: 30 },
]);

/** Sets a signed-in specialist's weekly calendar through the calendar API (replacing any before). */
export async function setWeeklyCalendar(specialist: Page, templates = WEEKLY_CALENDAR): Promise<void> {
  const response = await pageApi(specialist).put("/api/scheduling/availability", { data: { templates } });
  expect(response.status(), await response.text()).toBe(200);
}

export interface RegisteredResident {
  residentId: string;
  cardId: string;
  name: string;
  docNumber: string;
  visitCard: string;
}

export interface Resident extends RegisteredResident {
  /** The patient portal account linked to the record. */
  account: Account;
}

/**
 * A resident registered at the window by a signed-in county doctor or institution admin (the
 * window API, on whichever server the page is on): a health card and a visit card of the staff
 * member's institution, and the portal account `portalUsername` linked when given.
 */
export async function registerResident(staff: Page, name = uniquePersonName(), portalUsername?: string): Promise<RegisteredResident> {
  const docNumber = randomResidentId();
  const visitCard = `WHT${Date.now().toString(36).toUpperCase()}${randomInt(100, 1000)}`;
  const response = await pageApi(staff).post("/api/patients", {
    data: { docType: "01", docNumber, name, phone: `139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`, visitCardNumber: visitCard, portalUsername: portalUsername ?? null },
  });
  expect(response.status(), await response.text()).toBe(200);
  const { residentId, cardId } = (await response.json()) as { residentId: string; cardId: string };
  return { residentId, cardId, name, docNumber, visitCard };
}

/** A name as verification answers show it (server/healthcard/pii.ts maskName): 张*, 王*红, 李**英. */
export function maskedName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 2 ? `${chars[0]}*` : chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}

export class TestData {
  private readonly accounts: string[] = [];

  constructor(readonly port = PG_PORT) {}

  async account(spec: AccountSpec): Promise<Account> {
    const account = await createAccount(this.port, spec);
    this.accounts.push(account.id);
    return account;
  }

  /** A county doctor at 五华县人民医院 (WHXPH), department of internal medicine. */
  countyDoctor(institution = "WHXPH"): Promise<Account> {
    return this.account({ role: "COUNTY_DOCTOR", displayName: uniquePersonName(), title: "主治医师", institution, department: "IM" });
  }

  /** A specialist at 广东省人民医院 (GDPH) in the given department (null: no specialty, so never suggested). Their calendar is empty until set. */
  specialist(department: "CARD" | "NEUR" | "GSUR" | "RADI" | null = "CARD"): Promise<Account> {
    return this.account({ role: "SPECIALIST", displayName: uniquePersonName(), title: "主任医师", institution: "GDPH", ...(department ? { department } : {}) });
  }

  /** A coordinator of the telemedicine centre at 广东省人民医院. */
  coordinator(): Promise<Account> {
    return this.account({ role: "COORDINATOR", displayName: uniquePersonName(), institution: "GDPH", department: "TMC" });
  }

  /** An institution admin of 五华县人民医院 (WHXPH): terminals, imports, merges. */
  institutionAdmin(institution = "WHXPH"): Promise<Account> {
    return this.account({ role: "INSTITUTION_ADMIN", displayName: uniquePersonName(), institution });
  }

  /** A patient portal account with no health card yet. */
  patient(displayName = uniquePersonName()): Promise<Account> {
    return this.account({ role: "PATIENT", displayName });
  }

  /** A resident registered at the window by a signed-in staff member (registerResident), with a patient account of their own linked to the record. */
  async resident(staff: Page, name = uniquePersonName()): Promise<Resident> {
    const account = await this.patient(name);
    return { ...(await registerResident(staff, name, account.username)), account };
  }

  /** Disables this test's accounts: they can no longer sign in, and are no longer suggested as experts. */
  async retire(): Promise<void> {
    if (this.accounts.length > 0) await e2eQuery(this.port, "UPDATE app_user SET disabled = true WHERE id = ANY($1::uuid[])", [this.accounts]);
  }
}

export const test = base.extend<{ data: TestData; ownContexts: void }>({
  // `provide`, not Playwright's usual `use`: the React hooks lint rule claims that name.
  data: async ({ baseURL: _baseURL }, provide) => {
    const data = new TestData();
    await provide(data);
    await data.retire();
  },
  /**
   * Closes the browser contexts a test opened with browser.newContext(): Playwright does not, and
   * the worker's browser kept them, with their pages, sockets and camera previews, running through
   * every later test (under --repeat-each the three-person video call no longer fit its 3 minutes).
   * It depends on `data` so that it is torn down first: the contexts close before the test's
   * accounts are retired. The other way round, retiring ended the sessions of pages still open, a
   * call page navigated to sign-in while its context was closing, and that close once hung for the
   * whole 5-minute timeout (clinicDay under --repeat-each 3).
   */
  ownContexts: [
    async ({ browser, data: _data }, provide) => {
      const before = new Set(browser.contexts());
      await provide();
      await Promise.all(browser.contexts().filter((context) => !before.has(context)).map((context) => context.close()));
    },
    { auto: true },
  ],
});
