import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { suggestExperts } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ roles: ["COORDINATOR"] }, async ({ params }) => plain(await suggestExperts(getDb(), idParam(params))));
