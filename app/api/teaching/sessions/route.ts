import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { scheduleSchema, scheduleSession } from "@/server/teaching/schedule";
import { listSessions } from "@/server/teaching/sessions";

export const dynamic = "force-dynamic";

/** The sessions the caller may see: upcoming, or `?when=past`. */
export const GET = apiRoute({ access: "teaching.list" }, async ({ user, request }) => ({
  sessions: await listSessions(getDb(), user, request.nextUrl.searchParams.get("when") === "past" ? "past" : "upcoming"),
}));

/** A coordinator schedules a session; a busy surgeon, room or kit answers 409 RESOURCE_BUSY naming it. */
export const POST = apiRoute({ access: "teaching.schedule", body: scheduleSchema }, async ({ user, body, requestId }) =>
  Response.json(await scheduleSession(getDb(), user, body, requestId), { status: 201 }),
);
