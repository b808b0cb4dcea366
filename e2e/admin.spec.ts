/**
 * Issue 13, finding 4 "the admins cannot administer" and the admins' homes (finding 3), in
 * Chromium: an institution admin invites a staff member by a one-time link, the invitee sets a
 * password on the public page and signs in; the link cannot be used twice; the admin disables
 * the account and the invitee's open session is refused on its next request, and signing in says
 * the account is disabled. The platform admin onboards an institution and invites its first admin.
 * axe-core finds no serious or critical violation on the pages this adds. Every run's accounts,
 * usernames and institution codes are its own.
 */
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { createAccount, pageApi, signedInPage, signInAs, SIGN_IN_TIMEOUT, test } from "./fixtures";

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${what}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("an institution admin invites a doctor, who sets a password by the link and signs in; disabling them ends their open session at once", async ({ browser }) => {
  test.setTimeout(180_000);
  const run = randomBytes(4).toString("hex");
  const admin = await createAccount(PG_PORT, { role: "INSTITUTION_ADMIN", displayName: `管理员${run}`, institution: "WHXPH" });
  const adminPage = await signedInPage(browser, admin.username);

  // The admin's home: their real work, each card a link to its list.
  await expect(adminPage.getByTestId("admin-home")).toBeVisible();
  for (const card of ["home-staff", "home-emergency", "home-terminals", "home-imports", "home-integrations"]) await expect(adminPage.getByTestId(card)).toBeVisible();
  await expectAccessible(adminPage, "institution admin home");
  await adminPage.getByTestId("home-staff").click();
  await expect(adminPage).toHaveURL(/\/admin\/staff$/);
  await expect(adminPage.getByTestId("staff-counts")).toBeVisible();
  await expectAccessible(adminPage, "staff page");

  // The form's own messages, beside the field.
  await adminPage.getByRole("button", { name: "创建并生成邀请链接" }).click();
  await expect(adminPage.getByText("请填写用户名。")).toBeVisible();
  await adminPage.getByLabel("用户名").fill("No Spaces Allowed");
  await adminPage.getByLabel("姓名", { exact: true }).fill(`赵新${run}`);
  await adminPage.getByRole("button", { name: "创建并生成邀请链接" }).click();
  await expect(adminPage.getByText(/用户名需为 3–64 位小写字母/)).toBeVisible();

  const username = `e2e_inv_${run}`;
  const name = `赵新${run}`;
  await adminPage.getByLabel("用户名").fill(username);
  await adminPage.getByLabel("角色").selectOption("COUNTY_DOCTOR");
  await adminPage.getByLabel("职称").fill("住院医师");
  await adminPage.getByRole("button", { name: "创建并生成邀请链接" }).click();
  const link = (await adminPage.getByTestId("account-link").textContent({ timeout: SIGN_IN_TIMEOUT }))?.trim() ?? "";
  expect(link).toMatch(/\/account\/setup#rmpa_/);
  const row = adminPage.getByTestId(`staff-${username}`);
  await expect(row.getByTestId("staff-status")).toHaveText("待接受邀请");

  // The invitee opens the link (no session), sets a password, signs in.
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link);
  await expect(invitee.getByTestId("setup-username")).toHaveText(username);
  await expect(invitee).not.toHaveURL(/#/);
  await expectAccessible(invitee, "account setup page");
  await invitee.getByLabel("新密码", { exact: true }).fill("short");
  await invitee.getByLabel("再次输入新密码").fill("short");
  await invitee.getByRole("button", { name: "设置密码" }).click();
  await expect(invitee.getByText("密码至少需要 8 个字符。")).toBeVisible();
  const password = `Clinic${run}9`;
  await invitee.getByLabel("新密码", { exact: true }).fill(password);
  await invitee.getByLabel("再次输入新密码").fill(password);
  await invitee.getByRole("button", { name: "设置密码" }).click();
  await expect(invitee.getByTestId("setup-done")).toContainText(username, { timeout: SIGN_IN_TIMEOUT });
  await signInAs(invitee, username, password);
  await expect(invitee).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  await expect(invitee.getByTestId("home-COUNTY_DOCTOR")).toBeVisible();

  // The same link again: refused with its message.
  const replay = await (await browser.newContext()).newPage();
  await replay.goto(link);
  await expect(replay.getByTestId("setup-refused")).toContainText("此链接已使用过");

  // The admin sees them active, then disables them after confirming.
  await adminPage.reload();
  await expect(row.getByTestId("staff-status")).toHaveText("在用");
  await row.getByRole("button", { name: `停用 ${name}` }).click();
  const dialog = adminPage.getByRole("dialog");
  await expect(dialog).toContainText(`停用 ${name} 的账号？`);
  await dialog.getByRole("button", { name: "停用" }).click();
  await expect(row.getByTestId("staff-status")).toHaveText("已停用");

  // The invitee's open session: the next request is refused, the page sends them to sign in.
  expect((await pageApi(invitee).get("/api/notifications/unread")).status()).toBe(401);
  await invitee.goto("/consultations");
  await expect(invitee).toHaveURL(/\/signin\?expired=1/);
  await signInAs(invitee, username, password);
  await expect(invitee.getByTestId("signin-error")).toHaveText("该账号已停用，请联系机构管理员。", { timeout: SIGN_IN_TIMEOUT });

  // And back: enabled, they sign in again.
  await row.getByRole("button", { name: `启用 ${name}` }).click();
  await expect(row.getByTestId("staff-status")).toHaveText("在用");
  await invitee.context().close();
  await replay.context().close();
  await adminPage.context().close();
});

test("the platform admin onboards an institution, with messages for a bad region code, and invites its first admin", async ({ browser }) => {
  test.setTimeout(120_000);
  const run = randomBytes(4).toString("hex").toUpperCase();
  const platform = await createAccount(PG_PORT, { role: "PLATFORM_ADMIN", displayName: `平台管理员${run}` });
  const page = await signedInPage(browser, platform.username);
  await expect(page.getByTestId("platform-home")).toBeVisible();
  await expect(page.getByTestId("home-institutions")).toContainText(/共 \d+ 家/);
  await expectAccessible(page, "platform admin home");

  await page.getByTestId("home-institutions").click();
  await expect(page).toHaveURL(/\/admin\/institutions$/);
  await expect(page.getByTestId("institutions-table")).toBeVisible();
  await expectAccessible(page, "institutions page");

  const form = page.getByTestId("onboard-form");
  await form.getByRole("button", { name: "接入" }).click();
  await expect(form.getByText("请填写机构代码。")).toBeVisible();
  const code = `E2E${run}`;
  const name = `端到端测试卫生院${run}`;
  await form.getByLabel("机构名称").fill(name);
  await form.getByLabel("机构代码（发卡机构代码）").fill(code);
  await form.getByLabel("级别").selectOption("TOWNSHIP");
  await form.getByLabel("行政区划代码").fill("12345");
  await form.getByLabel("上级机构").selectOption({ label: "五华县人民医院 · 县级" });
  await form.getByRole("button", { name: "接入" }).click();
  await expect(form.getByText(/行政区划代码为 6 位数字/)).toBeVisible();
  await form.getByLabel("行政区划代码").fill("441424");
  await form.getByRole("button", { name: "接入" }).click();
  await expect(page.getByText(`已接入 ${name}。`)).toBeVisible();

  const invite = page.getByTestId("invite-admin-form");
  await invite.getByLabel("用户名").fill(`e2e_first_${run.toLowerCase()}`);
  await invite.getByLabel("姓名").fill(`首位管理员${run}`);
  await invite.getByRole("button", { name: "创建并生成邀请链接" }).click();
  await expect(page.getByTestId("account-link")).toContainText("/account/setup#rmpa_");
  const row = page.getByTestId(`institution-${code}`);
  await expect(row).toContainText(name);
  await expect(row).toContainText("五华县人民医院");
  await expect(row).toContainText(`首位管理员${run}`);
  await expect(row).toContainText("待接受邀请");
  await page.context().close();
});
