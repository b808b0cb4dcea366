/**
 * POST /fhir/R4 with one transaction Bundle of 1,000 resources, as an institution's system:
 * `npx tsx bench/fhir-ingest.bench.ts`. The Bundle: the Patient (by health card), 400 laboratory
 * Observations, 300 vital-sign Observations (heart rate, blood pressure), 100 Conditions, 100
 * MedicationStatements, 50 Encounters and 49 DiagnosticReports each referencing Observations of
 * the Bundle. BUNDLES Bundles with fresh ids each (the first also compiles the validators), then
 * the last one sent again (stored once: answered from its receipt). Writes bench/results/fhir-ingest.json.
 */
import os from "node:os";
import { fhirBenchSetup, percentile } from "./fhirBench";
import { writeResults } from "./benchServer";

const BUNDLES = Number(process.env.BUNDLES ?? 5);
const setup = await fhirBenchSetup("fhir_ingest");
const { token, base, cardId, residentId, db } = setup;

function bundle(run: number) {
  const patientUrl = `urn:uuid:${crypto.randomUUID()}`;
  const subject = { reference: patientUrl };
  const entries: unknown[] = [{ fullUrl: patientUrl, resource: { resourceType: "Patient", id: `p${run}`, identifier: [{ system: "urn:rmp:health-card", value: cardId }] }, request: { method: "PUT", url: `Patient/p${run}` } }];
  const put = (resource: Record<string, unknown>, fullUrl = `urn:uuid:${crypto.randomUUID()}`) => {
    entries.push({ fullUrl, resource, request: { method: "PUT", url: `${resource.resourceType as string}/${resource.id as string}` } });
    return fullUrl;
  };
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
  const labs: string[] = [];
  for (let i = 0; i < 400; i++) {
    labs.push(put({ resourceType: "Observation", id: `r${run}-lab${i}`, status: "final", code: { coding: [{ system: "http://loinc.org", code: "2345-7", display: "Glucose [Mass/volume] in Serum or Plasma" }], text: "血糖" }, subject, effectiveDateTime: at(i), valueQuantity: { value: 90 + (i % 60), unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" }, performer: [{ display: "检验科" }] }));
  }
  for (let i = 0; i < 300; i++) {
    if (i % 2 === 0) put({ resourceType: "Observation", id: `r${run}-hr${i}`, status: "final", code: { coding: [{ system: "http://loinc.org", code: "8867-4" }] }, subject, effectiveDateTime: at(i), valueQuantity: { value: 60 + (i % 50), unit: "/min", system: "http://unitsofmeasure.org", code: "/min" } });
    else put({ resourceType: "Observation", id: `r${run}-bp${i}`, status: "final", code: { coding: [{ system: "http://loinc.org", code: "85354-9" }] }, subject, effectiveDateTime: at(i), component: [{ code: { coding: [{ system: "http://loinc.org", code: "8480-6" }] }, valueQuantity: { value: 110 + (i % 60), unit: "mmHg", system: "http://unitsofmeasure.org", code: "mm[Hg]" } }, { code: { coding: [{ system: "http://loinc.org", code: "8462-4" }] }, valueQuantity: { value: 70 + (i % 30), unit: "mmHg", system: "http://unitsofmeasure.org", code: "mm[Hg]" } }] });
  }
  for (let i = 0; i < 100; i++) put({ resourceType: "Condition", id: `r${run}-c${i}`, clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] }, code: { text: `诊断 ${i}` }, subject, recordedDate: "2026-01-01" });
  for (let i = 0; i < 100; i++) put({ resourceType: "MedicationStatement", id: `r${run}-m${i}`, status: "active", medicationCodeableConcept: { text: `药品 ${i}` }, subject, effectiveDateTime: at(i) });
  for (let i = 0; i < 50; i++) put({ resourceType: "Encounter", id: `r${run}-e${i}`, status: "finished", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB" }, subject, period: { start: at(i) } });
  for (let i = 0; i < 49; i++) put({ resourceType: "DiagnosticReport", id: `r${run}-d${i}`, status: "final", code: { text: `报告 ${i}` }, subject, effectiveDateTime: at(i), result: labs.slice(i * 8, i * 8 + 8).map((reference) => ({ reference })) });
  return JSON.stringify({ resourceType: "Bundle", type: "transaction", entry: entries });
}

async function post(body: string) {
  const t0 = performance.now();
  const response = await fetch(`${base}/fhir/R4`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json" }, body });
  const text = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${response.status} ${text.slice(0, 500)}`);
  return ms;
}

const runs: { run: number; ms: number; resourcesPerSecond: number; loadAverageBefore: number }[] = [];
let last = "";
for (let run = 0; run < BUNDLES; run++) {
  last = bundle(run);
  const load = os.loadavg()[0]!;
  const ms = await post(last);
  runs.push({ run, ms: Math.round(ms), resourcesPerSecond: Math.round(1000 / (ms / 1000)), loadAverageBefore: load });
  console.log(JSON.stringify(runs.at(-1)));
}
const resendMs = Math.round(await post(last));
const stored = await db.recordEntry.count({ where: { residentId } });
const vitals = await db.vitalReading.count({ where: { residentId } });
const warm = runs.slice(1).map((r) => r.ms).sort((a, b) => a - b);
await setup.close();
writeResults("fhir-ingest", {
  benchmark: "fhir-ingest",
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
  resourcesPerBundle: 1000,
  bundleBytes: Buffer.byteLength(last),
  firstBundleMs: runs[0]!.ms,
  warmMedianMs: percentile(warm, 50),
  warmResourcesPerSecond: Math.round(1000 / (percentile(warm, 50) / 1000)),
  resendMs,
  stored: { recordEntries: stored, vitalReadings: vitals },
  runs,
});
