import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { readRecordFile } from "@/server/record/read";

export const GET = apiRoute({ access: "record.read" }, async ({ user, params, requestId, clientAddress }) => {
  const file = await readRecordFile(getDb(), user, pathId(params, "id", MISSING.recordFile), { requestId, ip: clientAddress });
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.sizeBytes),
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
