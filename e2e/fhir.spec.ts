import { expect } from "@playwright/test";
import { registerResident, test } from "./data";
import { pageApi, signedInPage } from "./fixtures";

test("an institution admin issues an integration credential; the system pushes a Bundle and reads it back through /fhir/R4; revoked, it is refused", async ({ browser, data, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await signedInPage(browser, (await data.institutionAdmin()).username);
  const resident = await registerResident(admin);

  await admin.goto("/admin/integrations");
  await expect(admin.getByRole("heading", { name: "接口凭证", level: 1 })).toBeVisible();
  // The name is required, said beside the field.
  await admin.getByRole("button", { name: "生成凭证" }).click();
  await expect(admin.getByText("请填写系统名称。")).toBeVisible();
  await expect(admin.getByLabel("系统名称")).toHaveAttribute("aria-invalid", "true");
  const run = Date.now().toString(36);
  const systemName = `检验科 LIS ${run}`;
  await admin.getByLabel("系统名称").fill(systemName);
  await admin.getByRole("button", { name: "生成凭证" }).click();
  const token = (await admin.getByTestId("integration-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^rmpi_/);
  const row = admin.getByRole("row", { name: systemName });
  await expect(row).toContainText(token.slice(-4));
  await expect(row).toContainText("从未使用");

  const system = { authorization: `Bearer ${token}` };
  // The hospital's system: no browser, no cookies, only its token.
  const api = await playwright.request.newContext({ baseURL });
  const patientUrl = "urn:uuid:7d3c2a1b-0f9e-4d8c-b7a6-5e4d3c2b1a09";
  const bundle = {
    resourceType: "Bundle",
    type: "transaction",
    entry: [
      { fullUrl: patientUrl, resource: { resourceType: "Patient", id: "p1", identifier: [{ system: "urn:rmp:visit-card", value: resident.visitCard }] }, request: { method: "PUT", url: "Patient/p1" } },
      {
        resource: { resourceType: "Observation", id: `e2e-hr-${run}`, status: "final", code: { coding: [{ system: "http://loinc.org", code: "8867-4" }] }, subject: { reference: patientUrl }, effectiveDateTime: "2026-11-30T08:00:00+08:00", valueQuantity: { value: 72, unit: "/min", system: "http://unitsofmeasure.org", code: "/min" } },
        request: { method: "PUT", url: `Observation/e2e-hr-${run}` },
      },
      { resource: { resourceType: "Condition", id: `e2e-cond-${run}`, code: { text: "高血压" }, subject: { reference: patientUrl } }, request: { method: "PUT", url: `Condition/e2e-cond-${run}` } },
    ],
  };
  const pushed = await api.post("/fhir/R4", { headers: { ...system, "content-type": "application/fhir+json" }, data: JSON.stringify(bundle) });
  expect(pushed.status(), await pushed.text()).toBe(200);
  expect(pushed.headers()["content-type"]).toMatch(/^application\/fhir\+json/);
  expect(((await pushed.json()) as { entry: { response: { status: string } }[] }).entry.map((e) => e.response.status)).toEqual(["200 OK", "201 Created", "201 Created"]);

  const everything = await api.get(`/fhir/R4/Patient/${resident.residentId}/$everything`, { headers: system });
  expect(everything.status()).toBe(200);
  const types = ((await everything.json()) as { entry: { resource: { resourceType: string } }[] }).entry.map((e) => e.resource.resourceType).sort();
  expect(types).toEqual(["Condition", "Observation", "Patient"]);
  const invalid = await api.post("/fhir/R4", { headers: { ...system, "content-type": "application/fhir+json" }, data: JSON.stringify({ ...bundle, entry: [bundle.entry[0], { ...bundle.entry[2], resource: { ...bundle.entry[2]!.resource, clinicalStatus: "active" } }] }) });
  expect(invalid.status()).toBe(400);
  expect(((await invalid.json()) as { issue: { expression: string[] }[] }).issue[0]?.expression).toEqual(["Bundle.entry[1].resource.clinicalStatus"]);

  // A clinician of the hospital reads the same record with their session.
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
  const read = await pageApi(doctor).get(`/fhir/R4/Condition?patient=${resident.residentId}`);
  expect(read.status()).toBe(200);
  expect(((await read.json()) as { total: number }).total).toBe(1);

  await admin.reload();
  await expect(admin.getByRole("row", { name: systemName })).not.toContainText("从未使用");
  await admin.getByRole("row", { name: systemName }).getByRole("button", { name: "吊销" }).click();
  const dialog = admin.getByRole("dialog");
  await expect(dialog).toContainText(`确认吊销“${systemName}”？`);
  await dialog.getByRole("button", { name: "确认吊销" }).click();
  await expect(admin.getByRole("row", { name: systemName })).toContainText("已吊销");
  const refused = await api.get("/fhir/R4/metadata", { headers: system });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { resourceType: string }).resourceType).toBe("OperationOutcome");
  await api.dispose();
});
