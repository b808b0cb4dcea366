import { apiRoute } from "@/app/_lib/api";
import { adviceForPatient } from "@/server/consultation/advice";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "advice.own" }, async ({ user }) => plain(await adviceForPatient(getDb(), user)));
