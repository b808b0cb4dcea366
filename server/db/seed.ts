/**
 * Demo data so a newcomer can sign in as every role: real Guangdong region codes, two
 * provincial hospitals, a city hospital, three county hospitals and a township health centre.
 * Keyed on natural codes and usernames, so loading it again changes nothing.
 */
import type { Logger } from "@/lib/log";
import { hashPassword } from "@/server/auth/password";
import { seedConsultationDemo, seedOpinionTemplatesDemo } from "@/server/consultation/seed";
import { seedSharedRecordDemo } from "@/server/record/seed";
import { seedHealthCards } from "@/server/healthcard/seed";
import { seedTeachingDemo } from "@/server/teaching/seed";
import { seedVideoDemo } from "@/server/video/seed";
import type { Db } from "./client";
import type { InstitutionLevel, Role } from "./generated/enums";

export const DEMO_PASSWORD = "Demo@2026";

interface InstitutionSeed {
  code: string;
  name: string;
  nameEn: string;
  level: InstitutionLevel;
  regionCode: string;
  parent?: string;
  departments: [code: string, name: string, nameEn: string][];
}

const INSTITUTIONS: InstitutionSeed[] = [
  {
    code: "GDPH",
    name: "广东省人民医院",
    nameEn: "Guangdong Provincial People's Hospital",
    level: "PROVINCIAL",
    regionCode: "440100",
    departments: [
      ["CARD", "心血管内科", "Cardiology"],
      ["NEUR", "神经内科", "Neurology"],
      ["GSUR", "普通外科", "General Surgery"],
      ["RADI", "放射科", "Radiology"],
      ["TMC", "远程医疗中心", "Telemedicine Center"],
    ],
  },
  {
    code: "SYSU1",
    name: "中山大学附属第一医院",
    nameEn: "First Affiliated Hospital of Sun Yat-sen University",
    level: "PROVINCIAL",
    regionCode: "440100",
    departments: [
      ["ENDO", "内分泌科", "Endocrinology"],
      ["HBS", "肝胆外科", "Hepatobiliary Surgery"],
      ["RESP", "呼吸与危重症医学科", "Respiratory and Critical Care"],
    ],
  },
  {
    code: "MZPH",
    name: "梅州市人民医院",
    nameEn: "Meizhou People's Hospital",
    level: "CITY",
    regionCode: "441400",
    parent: "GDPH",
    departments: [["CARD", "心血管内科", "Cardiology"]],
  },
  {
    code: "WHXPH",
    name: "五华县人民医院",
    nameEn: "Wuhua County People's Hospital",
    level: "COUNTY",
    regionCode: "441424",
    parent: "MZPH",
    departments: [
      ["IM", "内科", "Internal Medicine"],
      ["SURG", "外科", "Surgery"],
    ],
  },
  {
    code: "ZJXPH",
    name: "紫金县人民医院",
    nameEn: "Zijin County People's Hospital",
    level: "COUNTY",
    regionCode: "441621",
    parent: "GDPH",
    departments: [["IM", "内科", "Internal Medicine"]],
  },
  {
    code: "LPXPH",
    name: "连平县人民医院",
    nameEn: "Lianping County People's Hospital",
    level: "COUNTY",
    regionCode: "441623",
    parent: "GDPH",
    departments: [["IM", "内科", "Internal Medicine"]],
  },
  {
    code: "WHHCTHC",
    name: "五华县华城镇卫生院",
    nameEn: "Huacheng Township Health Centre, Wuhua",
    level: "TOWNSHIP",
    regionCode: "441424",
    parent: "WHXPH",
    departments: [["GP", "全科", "General Practice"]],
  },
];

interface UserSeed {
  username: string;
  displayName: string;
  role: Role;
  title?: string;
  institution?: string;
  department?: string;
}

export const DEMO_USERS: UserSeed[] = [
  { username: "county.doctor", displayName: "李明", role: "COUNTY_DOCTOR", title: "主治医师", institution: "WHXPH", department: "IM" },
  { username: "county.doctor2", displayName: "陈芳", role: "COUNTY_DOCTOR", title: "主治医师", institution: "ZJXPH", department: "IM" },
  { username: "specialist", displayName: "王建国", role: "SPECIALIST", title: "主任医师", institution: "GDPH", department: "CARD" },
  { username: "specialist.neuro", displayName: "张丽华", role: "SPECIALIST", title: "副主任医师", institution: "GDPH", department: "NEUR" },
  { username: "specialist.endo", displayName: "刘志强", role: "SPECIALIST", title: "主任医师", institution: "SYSU1", department: "ENDO" },
  { username: "coordinator", displayName: "赵敏", role: "COORDINATOR", institution: "GDPH", department: "TMC" },
  { username: "inst.admin", displayName: "黄伟", role: "INSTITUTION_ADMIN", institution: "WHXPH" },
  { username: "platform.admin", displayName: "周静", role: "PLATFORM_ADMIN" },
  { username: "patient", displayName: "张三", role: "PATIENT" },
  { username: "patient2", displayName: "李秀英", role: "PATIENT" },
  { username: "patient3", displayName: "王小红", role: "PATIENT" },
];

export async function seedDemoData(db: Db, logger?: Logger): Promise<{ created: number }> {
  const ids = new Map<string, string>();
  const departmentIds = new Map<string, string>();
  for (const seed of INSTITUTIONS) {
    const data = {
      name: seed.name,
      nameEn: seed.nameEn,
      level: seed.level,
      regionCode: seed.regionCode,
      parentId: seed.parent ? (ids.get(seed.parent) ?? null) : null,
    };
    const institution = await db.institution.upsert({ where: { code: seed.code }, create: { code: seed.code, ...data }, update: data });
    ids.set(seed.code, institution.id);
    for (const [code, name, nameEn] of seed.departments) {
      const department = await db.department.upsert({
        where: { institutionId_code: { institutionId: institution.id, code } },
        create: { institutionId: institution.id, code, name, nameEn },
        update: { name, nameEn },
      });
      departmentIds.set(`${seed.code}/${code}`, department.id);
    }
  }

  const existing = new Set(
    (await db.user.findMany({ where: { username: { in: DEMO_USERS.map((u) => u.username) } }, select: { username: true } })).map((u) => u.username),
  );
  const missing = DEMO_USERS.filter((seed) => !existing.has(seed.username));
  // Hashing is the slow part (scrypt, ~0.5 s each); libuv runs several at once.
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD)));
  const created = await db.user.createMany({
    data: missing.map((seed, i) => ({
      username: seed.username,
      displayName: seed.displayName,
      role: seed.role,
      title: seed.title ?? null,
      institutionId: seed.institution ? (ids.get(seed.institution) ?? null) : null,
      departmentId: seed.institution && seed.department ? (departmentIds.get(`${seed.institution}/${seed.department}`) ?? null) : null,
      passwordHash: hashes[i] ?? "",
    })),
    skipDuplicates: true,
  });
  await seedVideoDemo(db, logger);
  logger?.info("demo data loaded", { institutions: INSTITUTIONS.length, usersCreated: created.count });
  await seedHealthCards(db, logger);
  await seedConsultationDemo(db, logger);
  await seedOpinionTemplatesDemo(db, logger);
  await seedSharedRecordDemo(db, logger);
  await seedTeachingDemo(db, logger);
  return { created: created.count };
}
