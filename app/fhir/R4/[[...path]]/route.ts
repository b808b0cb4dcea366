// The FHIR R4 API (server/record/fhir/api.ts): reads for staff, residents and institution systems; transaction Bundles from institution systems.
import { ingestInteraction, readInteraction } from "@/server/record/fhir/api";
import { fhirRoute } from "@/server/record/fhir/route";

export const GET = fhirRoute({ access: "fhir.search" }, readInteraction);
export const POST = fhirRoute({ access: "record.ingest", body: true }, ingestInteraction);
