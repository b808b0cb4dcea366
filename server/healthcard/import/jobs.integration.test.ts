/** Import jobs' upload: what the fuzz suite found a file name could do. */
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/signIn";
import { makeUser, makeWorld } from "@/server/consultation/testing";
import { getDb } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { createImportJob } from "./jobs";

let admin: SessionUser;

beforeAll(async () => {
  await useTestDatabase();
  const world = await makeWorld(getDb());
  admin = await makeUser(getDb(), "INSTITUTION_ADMIN", world.institutionId);
});

describe("an uploaded import file's name", () => {
  it("with a NUL and other control characters is stored with them replaced (it answered 500: PostgreSQL refuses NUL in text)", async () => {
    const job = await createImportJob(getDb(), admin, { name: "就诊卡\u0000导出\u0007\u001b.csv", bytes: Buffer.from("就诊卡号,姓名,证件号码\n") }, { start: false });
    expect(job.fileName).toBe("就诊卡_导出__.csv");
  });

  it("made only of bidirectional controls becomes 'upload'", async () => {
    const job = await createImportJob(getDb(), admin, { name: "\u202e\u2066", bytes: Buffer.from("x") }, { start: false });
    expect(job.fileName).toBe("upload");
  });
});
