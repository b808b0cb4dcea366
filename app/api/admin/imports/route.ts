import { ValidationError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { createImportJob, listImportJobs, MAX_IMPORT_MB } from "@/server/healthcard/import/jobs";
import { readUpload } from "@/server/http/uploadBody";

export const GET = apiRoute({ access: "institution.administer" }, async ({ user }) => ({ jobs: await listImportJobs(getDb(), user) }));

export const POST = apiRoute({ access: "institution.administer", upload: true }, async ({ request, user }) => {
  const form = await readUpload(request, { maxBytes: MAX_IMPORT_MB * 1024 * 1024, badFormKey: "healthCard.import.badFile" });
  const file = form.get("file");
  if (!file || typeof file === "string") throw new ValidationError("healthCard.import.badFile", { field: "file" });
  return createImportJob(getDb(), user, { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) });
});
