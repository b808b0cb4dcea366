/** For tests and benchmarks: the platform's HTTP entry (test/httpEntry.ts) with /fhir/R4 routed to its Next route's handlers. */
import type { IncomingMessage } from "node:http";
import { GET, POST } from "@/app/fhir/R4/[[...path]]/route";
import { startHttpEntry, type HttpEntry } from "./httpEntry";

export function startFhirEntry(): Promise<HttpEntry> {
  return startHttpEntry((req: IncomingMessage) => {
    const path = (req.url ?? "/").split("?")[0] as string;
    if (path !== "/fhir/R4" && !path.startsWith("/fhir/R4/")) return undefined;
    if (req.method === "GET") return GET;
    if (req.method === "POST") return POST;
    return undefined;
  });
}
