import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { suggestExperts } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "consultation.assign" }, async ({ user, params }) => plain(await suggestExperts(getDb(), user, pathId(params, "id", MISSING.consultation))));
