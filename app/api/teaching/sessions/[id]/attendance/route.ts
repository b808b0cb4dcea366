import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { attendanceCsv, sessionAttendance } from "@/server/teaching/attendance";

export const dynamic = "force-dynamic";

/** Attendance per site and trainee; `?format=csv` downloads it. */
export const GET = apiRoute({ access: "teaching.attendance" }, async ({ user, params, request, locale, requestId }) => {
  const view = await sessionAttendance(getDb(), user, pathId(params, "id", MISSING.teachingSession), requestId);
  if (request.nextUrl.searchParams.get("format") !== "csv") return view;
  return new Response(attendanceCsv(view, locale), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="attendance-${view.sessionId}.csv"`,
      "cache-control": "no-store",
    },
  });
});
