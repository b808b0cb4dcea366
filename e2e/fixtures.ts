import { expect, type APIRequestContext, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

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

/**
 * A fresh patient portal account (no health card yet), unique per call, written straight into
 * the e2e server's PostgreSQL database (scripts/e2e-server.mjs names it rmp_e2e_<port>).
 */
export async function createPatientAccount(port: number, displayName: string): Promise<{ username: string; password: string }> {
  const { randomBytes, scryptSync } = await import("node:crypto");
  const username = `pt_${randomBytes(4).toString("hex")}`;
  const password = DEMO_PASSWORD;
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  const hash = `scrypt$14$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
  await e2eQuery(
    port,
    "INSERT INTO app_user (id, username, password_hash, display_name, role, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, 'PATIENT', now())",
    [username, hash, displayName],
  );
  return { username, password };
}

/** One statement on the e2e server's PostgreSQL database (rmp_e2e_<port>); answers the rows it touched. */
export async function e2eQuery(port: number, text: string, values: unknown[] = []): Promise<number> {
  const { default: pg } = await import("pg");
  const url = new URL(process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/rmp_e2e_${port}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(text, values)).rowCount ?? 0;
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
