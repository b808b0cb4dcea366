import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { MISSING } from "@/server/notFound";
import { managedQrCodes } from "@/server/record/family";

/** The QR codes of a family member's card, for the family member who manages it. */
export const dynamic = "force-dynamic";
export const GET = apiRoute({ access: "record.manage" }, async ({ user, params }) => managedQrCodes(getDb(), user, pathId(params, "id", MISSING.resident), getHealthCardKeys()));
