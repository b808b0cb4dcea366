import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { addResource, resourceSchema, schedulingOptions } from "@/server/teaching/resources";

export const dynamic = "force-dynamic";

/** What the scheduling form offers: operating rooms, camera kits, surgeons, moderators, institutions. */
export const GET = apiRoute({ access: "teaching.schedule" }, async () => schedulingOptions(getDb()));

/** Adds an operating room or a camera kit. */
export const POST = apiRoute({ access: "teaching.schedule", body: resourceSchema }, async ({ user, body, requestId }) =>
  Response.json(await addResource(getDb(), user, body, requestId), { status: 201 }),
);
