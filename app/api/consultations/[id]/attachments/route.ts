import { ValidationError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { addAttachment, MAX_ATTACHMENT_BYTES } from "@/server/consultation/attachments";
import { getDb } from "@/server/db/client";
import { readUpload } from "@/server/http/uploadBody";
import { MISSING } from "@/server/notFound";

/** multipart/form-data with one field "file". */
export const POST = apiRoute({ access: "consultation.request", upload: true }, async ({ user, params, request, requestId }) => {
  const id = pathId(params, "id", MISSING.consultation);
  const file = (await readUpload(request, { maxBytes: MAX_ATTACHMENT_BYTES, badFormKey: "consultation.attachmentMissing" })).get("file");
  if (!file || typeof file === "string") throw new ValidationError("consultation.attachmentMissing");
  return plain(await addAttachment(getDb(), user, id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, requestId));
});
