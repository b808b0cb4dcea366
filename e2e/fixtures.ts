import { expect, test as base, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

const CSP_TAG = "[csp-violation]";
const watchedContexts = new WeakSet<BrowserContext>();

/**
 * Records every Content-Security-Policy violation in the context's pages: the document's
 * `securitypolicyviolation` events (reported through the console by an init script, which the
 * policy does not govern) and Chromium's own "Refused to …" console errors.
 */
async function watchContentSecurity(context: BrowserContext, violations: string[]): Promise<void> {
  if (watchedContexts.has(context)) return;
  watchedContexts.add(context);
  await context.addInitScript((tag) => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`${tag} ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  }, CSP_TAG);
  context.on("console", (message) => {
    const text = message.text();
    if (text.startsWith(CSP_TAG) || (text.startsWith("Refused to") && text.includes("Content Security Policy"))) violations.push(`${message.page()?.url() ?? "?"}: ${text}`);
  });
}

/**
 * Playwright's test with a guard on every page of every test: the built-in `context` and each
 * context a test opens with browser.newContext() or browser.newPage() are watched, and a test
 * whose pages raised any CSP violation fails at its end, naming them. `cspViolations` is the
 * test's list, for a test that provokes one on purpose.
 */
export const test = base.extend<{ cspViolations: string[]; cspGuard: void }>({
  cspViolations: async ({ baseURL: _baseURL }, provide) => {
    await provide([]);
  },
  context: async ({ context, cspViolations }, provide) => {
    await watchContentSecurity(context, cspViolations);
    await provide(context);
  },
  cspGuard: [
    async ({ browser, cspViolations }, provide) => {
      const newContext = browser.newContext;
      // browser.newPage() opens its context through this.newContext, so both are covered.
      browser.newContext = async (options?: BrowserContextOptions) => {
        const context = await newContext.call(browser, options);
        await watchContentSecurity(context, cspViolations);
        return context;
      };
      try {
        await provide();
      } finally {
        browser.newContext = newContext;
      }
      expect(cspViolations, "Content-Security-Policy violations in this test's pages").toEqual([]);
    },
    { auto: true },
  ],
});

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A resident ID number: the first 17 digits and their GB 11643 check character. */
export function withCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (RESIDENT_ID_WEIGHTS[i] as number), 0);
  return first17 + "10X98765432"[sum % 11];
}
/** Signing in hashes with scrypt (N=2^17, 128 MiB): seconds when the 2-core machine is busy. */
export const SIGN_IN_TIMEOUT = 30_000;

export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD, baseURL?: string) {
  await page.goto(`${baseURL ?? ""}/signin`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
}

export async function expectHome(page: Page, role: string) {
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  await expect(page.getByTestId(`home-${role}`)).toBeVisible();
}

/** A page signed in as `username` in a browser context of its own, on the home page. */
export async function signedInPage(browser: Browser, username: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInAs(page, username);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return page;
}

export type Role = "COUNTY_DOCTOR" | "SPECIALIST" | "COORDINATOR" | "INSTITUTION_ADMIN" | "PLATFORM_ADMIN" | "PATIENT";

/** A portal account made for one test: the id, how to sign in, and the name the portal shows. */
export interface Account {
  id: string;
  username: string;
  password: string;
  displayName: string;
  role: Role;
}

export interface AccountSpec {
  role: Role;
  displayName: string;
  title?: string;
  /** A seeded institution's code (WHXPH, GDPH, …) and one of its departments' codes (IM, CARD, …). */
  institution?: string;
  department?: string;
}

/**
 * A fresh portal account, unique per call, written straight into the e2e server's PostgreSQL
 * database (scripts/e2e-server.mjs names it rmp_e2e_<port>): there is no API that creates accounts.
 * The password hash has the server's format (server/auth/password.ts) at a lower cost (N=2^14), so
 * signing in is quick.
 */
export async function createAccount(port: number, spec: AccountSpec): Promise<Account> {
  const { randomBytes, scryptSync } = await import("node:crypto");
  const username = `e2e_${spec.role.toLowerCase().replace(/_/g, "")}_${randomBytes(5).toString("hex")}`;
  const password = DEMO_PASSWORD;
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  const hash = `scrypt$14$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
  const [row] = await e2eRows<{ id: string; institution_id: string | null; department_id: string | null }>(
    port,
    `INSERT INTO app_user (id, username, password_hash, display_name, role, title, institution_id, department_id, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5,
       (SELECT id FROM institution WHERE code = $6),
       (SELECT d.id FROM department d JOIN institution i ON i.id = d.institution_id WHERE i.code = $6 AND d.code = $7),
       now())
     RETURNING id, institution_id, department_id`,
    [username, hash, spec.displayName, spec.role, spec.title ?? null, spec.institution ?? null, spec.department ?? null],
  );
  if (!row) throw new Error(`could not create the ${spec.role} account ${username}`);
  if (spec.institution && !row.institution_id) throw new Error(`no institution ${spec.institution} in the e2e database`);
  if (spec.department && !row.department_id) throw new Error(`no department ${spec.institution}/${spec.department} in the e2e database`);
  return { id: row.id, username, password, displayName: spec.displayName, role: spec.role };
}

/** One statement on the e2e server's PostgreSQL database (rmp_e2e_<port>); answers the rows it touched. */
export async function e2eQuery(port: number, text: string, values: unknown[] = []): Promise<number> {
  return (await e2eStatement(port, text, values)).rowCount ?? 0;
}

/** One statement on the e2e server's PostgreSQL database; answers the rows it returned. */
export async function e2eRows<T>(port: number, text: string, values: unknown[] = []): Promise<T[]> {
  return (await e2eStatement(port, text, values)).rows as T[];
}

async function e2eStatement(port: number, text: string, values: unknown[]) {
  const { default: pg } = await import("pg");
  const url = new URL(process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/rmp_e2e_${port}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * The page's API client (its cookies), calling as the platform's own page does: every state change
 * carries the page's Origin. Playwright's request client sends neither Origin nor Sec-Fetch-Site,
 * and a state change with the session cookie and neither header is refused as cross-site
 * (server/http/boundary.ts crossSiteVerdict).
 */
export function pageApi(page: Page): APIRequestContext {
  const request = page.request;
  type Options = { headers?: Record<string, string> } & Record<string, unknown>;
  const withOrigin =
    (method: "post" | "put" | "patch" | "delete") =>
    (url: string, options: Options = {}) =>
      request[method](url, { ...options, headers: { origin: new URL(page.url()).origin, ...options.headers } });
  const changes = { post: withOrigin("post"), put: withOrigin("put"), patch: withOrigin("patch"), delete: withOrigin("delete") };
  return new Proxy(request, {
    get: (target, property, receiver) => (property in changes ? changes[property as keyof typeof changes] : Reflect.get(target, property, receiver)),
  });
}
