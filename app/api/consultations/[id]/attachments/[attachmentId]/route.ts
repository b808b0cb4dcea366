import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { deleteAttachment, readAttachment } from "@/server/consultation/attachments";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "consultation.read" }, async ({ user, params, requestId }) => {
  const file = await readAttachment(getDb(), user, pathId(params, "id", MISSING.consultation), pathId(params, "attachmentId", MISSING.attachment), requestId);
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

export const DELETE = apiRoute({ access: "consultation.request" }, async ({ user, params, requestId }) => {
  await deleteAttachment(getDb(), user, pathId(params, "id", MISSING.consultation), pathId(params, "attachmentId", MISSING.attachment), requestId);
  return { deleted: true };
});
