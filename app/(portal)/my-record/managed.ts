/** Which record a portal page is about (?for=, the actor's own by default), or the page's 404. */
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import type { Actor } from "@/server/access/policy";
import { getDb } from "@/server/db/client";
import { resolveManagedRecord } from "@/server/record/family";

export async function managedRecordOfPage(user: Actor, searchParams: Record<string, string | string[] | undefined>) {
  const requested = typeof searchParams.for === "string" && searchParams.for ? searchParams.for : null;
  return resolveManagedRecord(getDb(), user, requested === null ? null : isUuid(requested) ? requested : "invalid").catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
}
