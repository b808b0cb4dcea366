import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD, baseURL?: string) {
  await page.goto(`${baseURL ?? ""}/signin`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
}

export async function expectHome(page: Page, role: string) {
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByTestId(`home-${role}`)).toBeVisible();
}
