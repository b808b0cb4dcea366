import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { linkFamilyMember, linkSchema } from "@/server/record/family";

export const POST = apiRoute({ access: "family.link", body: linkSchema }, async ({ user, params, body, requestId }) =>
  plain(await linkFamilyMember(getDb(), user, pathId(params, "id", MISSING.resident), body, requestId)),
);
