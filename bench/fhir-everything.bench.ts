/**
 * GET /fhir/R4/Patient/<id>/$everything for a resident with 10,000 observations (target: under
 * 500 ms), as the institution's system (bearer credential): `npx tsx bench/fhir-everything.bench.ts`.
 * Two records: `entries`, 10,000 laboratory Observations sent by the institution (record_entry,
 * the stored resource as JSON), and `vitals`, 10,000 vital readings (vital_reading, mapped to
 * Observations on the way out); each with a few other resources. REQUESTS sequential requests
 * after WARMUP. Writes bench/results/fhir-everything.json.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { fhirBenchSetup, percentile } from "./fhirBench";
import { writeResults } from "./benchServer";

const OBSERVATIONS = Number(process.env.OBSERVATIONS ?? 10_000);
const REQUESTS = Number(process.env.REQUESTS ?? 20);
const WARMUP = 3;

const setup = await fhirBenchSetup("fhir_everything");
const { sql, db, institution, token, base } = setup;

async function makeResident(label: string): Promise<string> {
  const resident = await db.resident.create({ data: { masterIndexId: randomBytes(32).toString("hex").toUpperCase(), name: `压测居民${label}` } });
  await db.residentIdentifier.create({ data: { residentId: resident.id, kind: "HOSPITAL_PATIENT_NO", issuer: institution.code, value: `ZY-${label}` } });
  return resident.id;
}

const entriesResident = await makeResident("entries");
await sql.query(
  `INSERT INTO record_entry (id, resident_id, category, resource_type, source_institution_id, source_id, author, title, status, effective_at, resource, content_hash, updated_at)
   SELECT gen_random_uuid(), $1::uuid, 'REPORT', 'Observation', $2::uuid, 'lab-' || i, '检验科', '糖化血红蛋白', 'final', now() - (i || ' minutes')::interval,
     jsonb_build_object('resourceType', 'Observation', 'id', 'lab-' || i, 'status', 'final',
       'category', jsonb_build_array(jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', 'http://terminology.hl7.org/CodeSystem/observation-category', 'code', 'laboratory')))),
       'code', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', 'http://loinc.org', 'code', '4548-4', 'display', 'Hemoglobin A1c')), 'text', '糖化血红蛋白'),
       'subject', jsonb_build_object('reference', 'Patient/' || $1::text),
       'effectiveDateTime', to_char((now() - (i || ' minutes')::interval) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       'valueQuantity', jsonb_build_object('value', 5 + (i % 40) / 10.0, 'unit', '%', 'system', 'http://unitsofmeasure.org', 'code', '%'),
       'performer', jsonb_build_array(jsonb_build_object('display', '检验科'))),
     md5(i::text) || md5(i::text), now()
   FROM generate_series(1, $3::int) i`,
  [entriesResident, institution.id, OBSERVATIONS],
);
const vitalsResident = await makeResident("vitals");
await sql.query(
  `INSERT INTO vital_reading (id, resident_id, kind, value, value2, unit, measured_at, source, source_institution_id, source_key, flag)
   SELECT gen_random_uuid(), $1::uuid, CASE WHEN i % 2 = 0 THEN 'BLOOD_PRESSURE'::"VitalKind" ELSE 'HEART_RATE'::"VitalKind" END,
     CASE WHEN i % 2 = 0 THEN 110 + i % 50 ELSE 60 + i % 40 END, CASE WHEN i % 2 = 0 THEN 70 + i % 30 END,
     CASE WHEN i % 2 = 0 THEN 'mmHg' ELSE '/min' END, now() - (i || ' minutes')::interval, 'INSTITUTION', $2::uuid, 'institution:' || $2::text || ':v' || i,
     CASE WHEN i % 2 = 0 AND 110 + i % 50 >= 140 THEN 'HIGH'::"VitalFlag" END
   FROM generate_series(1, $3::int) i`,
  [vitalsResident, institution.id, OBSERVATIONS],
);
for (const residentId of [entriesResident, vitalsResident]) {
  await db.recordEntry.create({ data: { residentId, category: "SUMMARY", resourceType: "Condition", sourceInstitutionId: institution.id, sourceId: `cond-${residentId}`, title: "高血压", status: "active", resource: { resourceType: "Condition", id: "c", code: { text: "高血压" }, subject: { reference: `Patient/${residentId}` } }, contentHash: "0".repeat(64) } });
}
await sql.query("VACUUM ANALYZE");

const results: Record<string, unknown>[] = [];
const only = process.env.VARIANT;
for (const [variant, residentId] of ([["entries", entriesResident], ["vitals", vitalsResident]] as const).filter(([name]) => !only || name === only)) {
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  let resources = 0;
  const load = os.loadavg()[0];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const response = await fetch(`${base}/fhir/R4/Patient/${residentId}/$everything`, { headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    if (i >= WARMUP) cpu.push((used.user + used.system) / 1000);
    if (response.status !== 200) throw new Error(`${response.status} ${body.toString("utf8", 0, 300)}`);
    if (i >= WARMUP) times.push(ms);
    bytes = body.length;
    if (i === 0) resources = (JSON.parse(body.toString("utf8")) as { total: number }).total;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU: the Node process's (server and client side of the request), not PostgreSQL's.
  const row = { variant, observations: OBSERVATIONS, resourcesAnswered: resources, responseBytes: bytes, requests: REQUESTS, loadAverageBefore: load, p50ms: percentile(times, 50), p95ms: percentile(times, 95), maxMs: percentile(times, 100), nodeCpuP50ms: percentile(cpu, 50), targetMs: 500 };
  console.log(JSON.stringify(row));
  results.push(row);
}
await setup.close();
writeResults("fhir-everything", { benchmark: "fhir-everything", date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() }, results });
