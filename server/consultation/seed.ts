/** Demo availability: every demo expert gets weekday clinic hours (Asia/Shanghai). Idempotent. */
import type { Logger } from "@/lib/log";
import type { Db } from "@/server/db/client";

const WEEKLY = [
  { startMinute: 8 * 60 + 30, endMinute: 11 * 60 + 30 },
  { startMinute: 14 * 60, endMinute: 17 * 60 },
];

export async function seedConsultationDemo(db: Db, logger?: Logger): Promise<void> {
  const experts = await db.user.findMany({ where: { role: "SPECIALIST", availabilityTemplates: { none: {} } }, select: { id: true } });
  if (experts.length === 0) return;
  await db.availabilityTemplate.createMany({
    data: experts.flatMap((expert) => [1, 2, 3, 4, 5].flatMap((weekday) => WEEKLY.map((window) => ({ expertId: expert.id, weekday, ...window, slotMinutes: 30 })))),
  });
  logger?.info("demo availability loaded", { experts: experts.length });
}

/**
 * Demo opinion templates for the cardiologists of 广东省人民医院 (the demo `specialist`, 王建国):
 * two shared in the specialty and one of his own. Names are unique per list, so loading again
 * adds nothing.
 */
const CARDIOLOGY_TEMPLATES = [
  {
    personal: false,
    name: "稳定型心绞痛",
    findings:
      "心电图：静息状态下窦性心律，未见明显 ST-T 动态改变。\n运动负荷试验：运动中出现胸闷，V4–V6 导联 ST 段水平型压低约 0.1–0.2 mV，休息后缓解。\n超声心动图：左室射血分数正常，未见节段性室壁运动异常。\n血脂：LDL-C 偏高。",
    impression: "稳定型心绞痛（劳力型），冠心病可能性大。",
    recommendations:
      "1. 完善冠状动脉 CTA，必要时行冠状动脉造影明确病变程度。\n2. 无禁忌时阿司匹林 100 mg 每日一次。\n3. 他汀类药物调脂，LDL-C 目标 < 1.8 mmol/L。\n4. β 受体阻滞剂控制心率，备硝酸甘油舌下含服。\n5. 戒烟限酒，低盐低脂饮食，控制血压、血糖。\n6. 胸痛持续 20 分钟以上不缓解，立即就近急诊。",
  },
  {
    personal: false,
    name: "高血压随访",
    findings: "诊室血压：___/___ mmHg，心率 ___ 次/分。\n家庭自测血压：近两周平均 ___/___ mmHg。\n靶器官评估：心电图、尿微量白蛋白、眼底及颈动脉超声结果见附件。",
    impression: "原发性高血压 ___ 级，心血管风险分层：___ 危。",
    recommendations:
      "1. 降压目标 < 140/90 mmHg，能耐受者 < 130/80 mmHg。\n2. 调整降压方案：___。\n3. 家庭血压监测，每日早晚各测 2 次，连续 7 天后复诊。\n4. 限盐（每日 < 5 g）、减重、规律运动、戒烟限酒。\n5. 1 个月后于县医院复诊，复查肾功能、电解质。",
  },
  {
    personal: true,
    name: "心房颤动抗凝评估",
    findings: "心电图示心房颤动，心室率 ___ 次/分。\nCHA₂DS₂-VASc 评分：___ 分；HAS-BLED 评分：___ 分。\n超声心动图：左房内径 ___ mm，左室射血分数 ___%。",
    impression: "心房颤动（非瓣膜性），卒中风险 ___。",
    recommendations:
      "1. 评分提示需抗凝时，首选新型口服抗凝药，按肾功能调整剂量；使用华法林者 INR 目标 2.0–3.0。\n2. 控制心室率，静息心率 < 110 次/分。\n3. 评估并纠正出血危险因素。\n4. 突发言语不清、肢体无力等卒中症状，立即拨打 120。\n5. 3 个月后复诊，评估节律控制或导管消融指征。",
  },
];

export async function seedOpinionTemplatesDemo(db: Db, logger?: Logger): Promise<void> {
  const cardiologist = await db.user.findUnique({ where: { username: "specialist" }, select: { id: true, institutionId: true, department: { select: { code: true } } } });
  if (!cardiologist?.institutionId || !cardiologist.department) return;
  const { id, institutionId } = cardiologist;
  const specialty = cardiologist.department.code;
  const created = await db.opinionTemplate.createMany({
    data: CARDIOLOGY_TEMPLATES.map(({ personal, ...text }) => ({ ...text, institutionId, specialty, ownerId: personal ? id : null, createdById: id, updatedById: id })),
    skipDuplicates: true,
  });
  if (created.count > 0) logger?.info("demo opinion templates loaded", { templates: created.count });
}
