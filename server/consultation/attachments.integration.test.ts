/**
 * Consultation attachments through the real route (app/api/consultations/[id]/attachments): the
 * whole file is checked against what its content is (server/files/fileType.ts), and the name is
 * stored without bidirectional controls.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/consultations/[id]/attachments/route";
import { signedInSession } from "@/server/auth/testing";
import { getDb, type Db } from "@/server/db/client";
import { executableBytes, sampleDicom, sampleJpeg, samplePdf, samplePng } from "@/test/files";
import { useTestDatabase } from "@/test/db";
import { createDraft } from "./requests";
import { makeWorld, REQUEST, type World } from "./testing";

let db: Db;
let world: World;
let cookie: string;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
  cookie = (await signedInSession(world.doctor.id, { locale: "en" })).cookie;
});

async function upload(consultationId: string, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const request = new NextRequest(`http://127.0.0.1/api/consultations/${consultationId}/attachments`, { method: "POST", body: form, headers: { cookie } });
  const response = await POST(request, { params: Promise.resolve({ id: consultationId }) });
  return { status: response.status, json: (await response.json()) as { fileName?: string; contentType?: string; error?: { code: string; message: string } } };
}

const draft = () => createDraft(db, world.doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });

describe("consultation attachments (real PostgreSQL)", () => {
  it("accepts a real PDF, PNG, JPEG and DICOM file with the type of their content", async () => {
    const c = await draft();
    for (const [name, bytes, type] of [
      ["心电图.pdf", samplePdf(), "application/pdf"],
      ["x-ray.png", await samplePng(), "image/png"],
      ["wound.jpg", await sampleJpeg(), "image/jpeg"],
      ["ct-0001.dcm", sampleDicom(), "application/dicom"],
    ] as const) {
      const answer = await upload(c.id, name, bytes);
      expect(answer, name).toMatchObject({ status: 200, json: { fileName: name, contentType: type } });
    }
    expect(await db.consultationAttachment.count({ where: { consultationId: c.id } })).toBe(4);
  });

  it("refuses a file that starts with %PDF- and continues as an executable or an HTML page, and stores nothing", async () => {
    const c = await draft();
    const exe = await upload(c.id, "report.pdf", Buffer.concat([Buffer.from("%PDF-1.7\n"), executableBytes()]));
    expect(exe).toMatchObject({ status: 415, json: { error: { code: "FILE_TYPE", message: expect.stringContaining("really EXE") } } });
    const html = await upload(c.id, "report.pdf", Buffer.from("%PDF-1.4\n<html><script>fetch('/api/me')</script></html>\n%%EOF\n"));
    expect(html).toMatchObject({ status: 415, json: { error: { message: expect.stringContaining("really HTML") } } });
    expect(await db.consultationAttachment.count({ where: { consultationId: c.id } })).toBe(0);
  });

  it("removes the right-to-left override from the name, so it cannot display as a picture", async () => {
    const c = await draft();
    const answer = await upload(c.id, "report\u202Egpj.pdf", samplePdf());
    expect(answer.status).toBe(200);
    expect(answer.json.fileName).toBe("reportgpj.pdf");
    const stored = await db.consultationAttachment.findFirstOrThrow({ where: { consultationId: c.id } });
    expect(stored.fileName).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });
});
