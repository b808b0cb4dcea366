/**
 * Demo shared record for the demo patient 张三 (visit card WH20190001 at 五华县人民医院): what two
 * institutions' systems would have sent, through the real ingest (FHIR transaction Bundles under
 * an integration credential of each): diagnoses, an allergy, medications, an encounter, a lab
 * report with results, and two weeks of blood pressure with two readings over the range. Loaded
 * once: a resident who already has entries from the demo institution is left as it is.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "@/lib/log";
import { sm3Hex } from "@/server/crypto/sm";
import type { Db } from "@/server/db/client";
import { DEMO_RESIDENTS } from "@/server/healthcard/seed";
import { SYSTEM } from "./fhir/systems";
import { ingestBundle } from "./ingest";
import type { IntegrationActor } from "./integration";

const DAY_MS = 86_400_000;

type Resource = Record<string, unknown> & { resourceType: string; id: string };

const coding = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }], text: display });
const icd10 = (code: string, display: string) => coding("http://hl7.org/fhir/sid/icd-10", code, display);
const loinc = (code: string, display: string) => coding(SYSTEM.loinc, code, display);
const quantity = (value: number, unit: string, code: string) => ({ value, unit, system: SYSTEM.ucum, code });

/** A fixed UUID per demo resource id, for the Bundle's fullUrls. */
const uuidOf = (id: string) => {
  const h = sm3Hex(id);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const ref = (id: string) => ({ reference: `urn:uuid:${uuidOf(id)}` });
const PATIENT = "demo-patient";

/** A transaction Bundle naming the resident by `identifier` (a Patient entry the resources refer to). */
function bundleOf(identifier: { system: string; value: string }, resources: Resource[]): string {
  return JSON.stringify({
    resourceType: "Bundle",
    type: "transaction",
    entry: [
      { fullUrl: `urn:uuid:${uuidOf(PATIENT)}`, resource: { resourceType: "Patient", id: PATIENT, identifier: [identifier] }, request: { method: "PUT", url: `Patient?identifier=${identifier.system}|${identifier.value}` } },
      ...resources.map((resource) => ({ fullUrl: `urn:uuid:${uuidOf(resource.id)}`, resource, request: { method: "PUT", url: `${resource.resourceType}/${resource.id}` } })),
    ],
  });
}

/** The county hospital's record of 张三: hypertension and type 2 diabetes, treated and followed up. */
function countyRecord(now: number): Resource[] {
  const subject = ref(PATIENT);
  const at = (daysAgo: number, hour = 9) => new Date(Math.floor((now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS + hour * 3_600_000).toISOString();
  const author = { display: "李明 主治医师（五华县人民医院内科）" };
  const resources: Resource[] = [
    { resourceType: "Condition", id: "whx-cond-htn", subject, clinicalStatus: coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "活动"), code: icd10("I10", "原发性高血压"), onsetDateTime: "2018-05-20", recorder: author },
    { resourceType: "Condition", id: "whx-cond-t2dm", subject, clinicalStatus: coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "活动"), code: icd10("E11.9", "2型糖尿病"), onsetDateTime: "2021-09-02", recorder: author },
    {
      resourceType: "AllergyIntolerance",
      id: "whx-allergy-penicillin",
      patient: subject,
      clinicalStatus: coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "活动"),
      code: { text: "青霉素" },
      reaction: [{ manifestation: [{ text: "全身皮疹" }] }],
      recorder: author,
      recordedDate: "2015-03-11",
    },
    { resourceType: "MedicationStatement", id: "whx-med-amlodipine", subject, status: "active", medicationCodeableConcept: { text: "苯磺酸氨氯地平片 5 mg" }, dosage: [{ text: "每日一次，每次 5 mg，口服" }], effectivePeriod: { start: "2018-05-20" }, informationSource: author },
    { resourceType: "MedicationStatement", id: "whx-med-metformin", subject, status: "active", medicationCodeableConcept: { text: "盐酸二甲双胍片 0.5 g" }, dosage: [{ text: "每日两次，每次 0.5 g，餐后口服" }], effectivePeriod: { start: "2021-09-02" }, informationSource: author },
    {
      resourceType: "Encounter",
      id: "whx-enc-followup",
      status: "finished",
      class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB", display: "门诊" },
      type: [{ text: "内科门诊复诊" }],
      subject,
      period: { start: at(20, 9), end: at(20, 10) },
      reasonCode: [{ text: "血压控制欠佳，活动后胸闷" }],
    },
    {
      resourceType: "Observation",
      id: "whx-lab-fpg",
      status: "final",
      category: [coding(SYSTEM.observationCategory, "laboratory", "检验")],
      code: loinc("1558-6", "空腹血糖"),
      subject,
      effectiveDateTime: at(20, 8),
      valueQuantity: quantity(7.8, "mmol/L", "mmol/L"),
      referenceRange: [{ low: quantity(3.9, "mmol/L", "mmol/L"), high: quantity(6.1, "mmol/L", "mmol/L") }],
      interpretation: [coding(SYSTEM.interpretation, "H", "偏高")],
    },
    {
      resourceType: "Observation",
      id: "whx-lab-hba1c",
      status: "final",
      category: [coding(SYSTEM.observationCategory, "laboratory", "检验")],
      code: loinc("4548-4", "糖化血红蛋白"),
      subject,
      effectiveDateTime: at(20, 8),
      valueQuantity: quantity(7.2, "%", "%"),
      referenceRange: [{ high: quantity(6.5, "%", "%") }],
      interpretation: [coding(SYSTEM.interpretation, "H", "偏高")],
    },
    {
      resourceType: "Observation",
      id: "whx-lab-ldl",
      status: "final",
      category: [coding(SYSTEM.observationCategory, "laboratory", "检验")],
      code: loinc("13457-7", "低密度脂蛋白胆固醇"),
      subject,
      effectiveDateTime: at(20, 8),
      valueQuantity: quantity(3.6, "mmol/L", "mmol/L"),
      referenceRange: [{ high: quantity(3.4, "mmol/L", "mmol/L") }],
    },
    {
      resourceType: "DiagnosticReport",
      id: "whx-report-biochem",
      status: "final",
      category: [coding("http://terminology.hl7.org/CodeSystem/v2-0074", "CH", "生化")],
      code: { text: "血生化检查" },
      subject,
      effectiveDateTime: at(20, 8),
      issued: at(20, 11),
      performer: [{ display: "五华县人民医院检验科" }],
      result: [ref("whx-lab-fpg"), ref("whx-lab-hba1c"), ref("whx-lab-ldl")],
      conclusion: "空腹血糖及糖化血红蛋白偏高，低密度脂蛋白胆固醇轻度升高。",
    },
  ];
  // Two weeks of morning blood pressure measured at the clinic's follow-up station; two over the range.
  const pressures: [number, number][] = [
    [138, 86], [142, 90], [136, 84], [151, 94], [139, 88], [134, 82], [168, 102], [141, 89], [137, 85], [133, 82], [145, 92], [129, 80], [172, 104], [135, 84],
  ];
  pressures.forEach(([systolic, diastolic], i) => {
    resources.push({
      resourceType: "Observation",
      id: `whx-bp-${i + 1}`,
      status: "final",
      category: [coding(SYSTEM.observationCategory, "vital-signs", "生命体征")],
      code: loinc("85354-9", "血压"),
      subject,
      effectiveDateTime: at(pressures.length - i, 8),
      component: [
        { code: loinc("8480-6", "收缩压"), valueQuantity: quantity(systolic, "mmHg", "mm[Hg]") },
        { code: loinc("8462-4", "舒张压"), valueQuantity: quantity(diastolic, "mmHg", "mm[Hg]") },
      ],
    });
  });
  return resources;
}

/** The provincial hospital's part: the cardiology clinic visit and its echocardiogram report. */
function provincialRecord(now: number): Resource[] {
  const subject = ref(PATIENT);
  const at = (daysAgo: number, hour: number) => new Date(Math.floor((now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS + hour * 3_600_000).toISOString();
  return [
    {
      resourceType: "Encounter",
      id: "gdph-enc-card",
      status: "finished",
      class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB", display: "门诊" },
      type: [{ text: "心血管内科专家门诊" }],
      subject,
      period: { start: at(120, 14), end: at(120, 15) },
    },
    {
      resourceType: "DiagnosticReport",
      id: "gdph-report-echo",
      status: "final",
      category: [coding("http://terminology.hl7.org/CodeSystem/v2-0074", "CUS", "心脏超声")],
      code: { text: "经胸超声心动图" },
      subject,
      effectiveDateTime: at(120, 15),
      issued: at(120, 16),
      performer: [{ display: "广东省人民医院心脏超声室" }],
      conclusion: "左室壁轻度增厚，左室射血分数 62%，未见节段性室壁运动异常。",
    },
  ];
}

export async function seedSharedRecordDemo(db: Db, logger?: Logger, now = Date.now()): Promise<{ bundles: number }> {
  const demo = DEMO_RESIDENTS[0];
  const identifier = await db.residentIdentifier.findFirst({ where: { kind: "VISIT_CARD", issuer: "WHXPH", value: demo.visitCard }, select: { residentId: true, resident: { select: { card: { select: { cardId: true } } } } } });
  const cardId = identifier?.resident.card?.cardId;
  if (!identifier || !cardId) return { bundles: 0 };
  const sources = [
    { code: "WHXPH", name: "五华县人民医院 HIS（演示）", identifier: { system: SYSTEM.visitCard, value: demo.visitCard }, resources: countyRecord(now) },
    { code: "GDPH", name: "广东省人民医院 EMR（演示）", identifier: { system: SYSTEM.healthCard, value: cardId }, resources: provincialRecord(now) },
  ];
  let bundles = 0;
  for (const source of sources) {
    const institution = await db.institution.findUnique({ where: { code: source.code }, select: { id: true } });
    if (!institution) continue;
    if (await db.recordEntry.count({ where: { residentId: identifier.residentId, sourceInstitutionId: institution.id } })) continue;
    const admin = await db.user.findFirst({ where: { role: "INSTITUTION_ADMIN" }, select: { id: true } });
    if (!admin) continue;
    // A credential nobody holds (its token is thrown away): the demo Bundles are stored under it.
    const credential = await db.integrationCredential.create({
      data: { institutionId: institution.id, name: source.name, tokenHash: sm3Hex(randomBytes(32).toString("hex")), tokenHint: "demo", createdById: admin.id, revokedAt: new Date(now) },
    });
    const actor: IntegrationActor = { id: credential.id, role: "INTEGRATION", institutionId: institution.id };
    await ingestBundle(db, actor, bundleOf(source.identifier, source.resources), {}, new Date(now));
    bundles++;
  }
  logger?.info("demo shared record loaded", { bundles });
  return { bundles };
}
