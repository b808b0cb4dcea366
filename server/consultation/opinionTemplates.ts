/**
 * Opinion templates: named starting texts for the fields of the expert's opinion (findings,
 * impression, recommendations), kept per specialty, i.e. per department code of a hospital.
 * A template is shared with the specialty's specialists at that hospital, or personal to the one
 * expert who made it. The expert picks one in the opinion form (components/consultation/OpinionForm)
 * and it fills the fields; the draft then saves as usual. The signed opinion is never linked to the
 * template: it is the text the expert signed.
 *
 * Who: opinionTemplate.use / opinionTemplate.manage (server/access/policy.ts): the specialty's
 * specialists for a shared template, the owner for a personal one; any other template id answers
 * "not found". Changes are audited; a shared template edited by two colleagues at once keeps the
 * first edit and refuses the second (409, version).
 */
import { z } from "zod";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { displayText, rowVersion } from "@/lib/validation";
import { assertAllowed, type Actor } from "@/server/access/policy";
import { opinionTemplateRelations, opinionTemplateScope, withSpecialty } from "@/server/access/relations";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { TEXT_LIMITS } from "./textLimits";

/** The opinion's text fields a template fills, in the form's order. */
export const TEMPLATE_FIELDS = ["findings", "impression", "recommendations"] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

const content = {
  name: displayText(TEXT_LIMITS.templateName),
  findings: z.string().max(TEXT_LIMITS.findings),
  impression: z.string().max(TEXT_LIMITS.impression),
  recommendations: z.string().max(TEXT_LIMITS.recommendations),
};

/** A new template: `personal` keeps it to its author, otherwise it is shared in their specialty. */
export const createOpinionTemplateSchema = z.object({ ...content, personal: z.boolean() }).strict();
/** An edit of the name and texts (where it is shared stays as created), against the version the editor read. */
export const updateOpinionTemplateSchema = z.object({ ...content, expectedVersion: rowVersion }).strict();

export type CreateOpinionTemplateInput = z.infer<typeof createOpinionTemplateSchema>;
export type UpdateOpinionTemplateInput = z.infer<typeof updateOpinionTemplateSchema>;

export interface OpinionTemplateView {
  id: string;
  name: string;
  findings: string;
  impression: string;
  recommendations: string;
  /** The author's own; otherwise shared in the specialty. */
  personal: boolean;
  specialty: string;
  version: number;
  updatedAt: string;
}

export interface Context {
  requestId?: string | null;
  ip?: string | null;
}

const SELECT = { id: true, institutionId: true, specialty: true, ownerId: true, name: true, findings: true, impression: true, recommendations: true, version: true, updatedAt: true } as const;
type Row = { id: string; institutionId: string; specialty: string; ownerId: string | null; name: string; findings: string; impression: string; recommendations: string; version: number; updatedAt: Date };

function view(row: Row): OpinionTemplateView {
  return { id: row.id, name: row.name, findings: row.findings, impression: row.impression, recommendations: row.recommendations, personal: row.ownerId !== null, specialty: row.specialty, version: row.version, updatedAt: row.updatedAt.toISOString() };
}

/** The name and at least one text: a template that fills nothing is a mistake. */
function checkContent(input: { name: string } & Record<TemplateField, string>): void {
  if (!input.name) throw new ValidationError("consultation.template.nameRequired", { field: "name" });
  if (TEMPLATE_FIELDS.every((field) => !input[field].trim())) throw new ValidationError("consultation.template.emptyText", { field: "findings" });
}

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
const nameTaken = () => new ConflictError("consultation.template.nameTaken", { field: "name" }, "OPINION_TEMPLATE_NAME_TAKEN");

/** The actor with their specialty; a specialist without a department has no specialty's templates to keep. */
async function specialist(db: Db, actor: SessionUser): Promise<Actor & { institutionId: string; specialty: string }> {
  const withIt = await withSpecialty(db, actor);
  if (withIt.role !== "SPECIALIST" || !withIt.institutionId || !withIt.specialty) throw new ForbiddenError("consultation.template.noSpecialty");
  return { ...withIt, institutionId: withIt.institutionId, specialty: withIt.specialty };
}

/** A template the actor may reach with `action`, or "not found" (another hospital's, specialty's or expert's). */
async function reachable(db: Db, actor: SessionUser, templateId: string, action: "opinionTemplate.use" | "opinionTemplate.manage"): Promise<Row> {
  const row = await db.opinionTemplate.findUnique({ where: { id: templateId }, select: SELECT });
  if (!row) throw new NotFoundError(MISSING.opinionTemplate);
  assertAllowed(await withSpecialty(db, actor), action, opinionTemplateRelations(row), MISSING.opinionTemplate);
  return row;
}

/** The shared templates of the actor's specialty first, then their own; each by name. */
export async function listOpinionTemplates(db: Db, actor: SessionUser): Promise<OpinionTemplateView[]> {
  const rows = await db.opinionTemplate.findMany({ where: opinionTemplateScope(await withSpecialty(db, actor)), select: SELECT, orderBy: [{ name: "asc" }] });
  const views = rows.map(view);
  return [...views.filter((t) => !t.personal), ...views.filter((t) => t.personal)];
}

export async function getOpinionTemplate(db: Db, actor: SessionUser, templateId: string): Promise<OpinionTemplateView> {
  return view(await reachable(db, actor, templateId, "opinionTemplate.use"));
}

export async function createOpinionTemplate(db: Db, actor: SessionUser, input: CreateOpinionTemplateInput, context: Context = {}): Promise<OpinionTemplateView> {
  const author = await specialist(db, actor);
  checkContent(input);
  const place = { institutionId: author.institutionId, specialty: author.specialty, ownerId: input.personal ? author.id : null };
  assertAllowed(author, "opinionTemplate.manage", opinionTemplateRelations(place));
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.opinionTemplate.create({
        data: { ...place, name: input.name, findings: input.findings, impression: input.impression, recommendations: input.recommendations, createdById: author.id, updatedById: author.id },
        select: SELECT,
      });
      await audit(tx, templateAudit(actor, "opinionTemplate.created", row, context));
      return view(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateOpinionTemplate(db: Db, actor: SessionUser, templateId: string, input: UpdateOpinionTemplateInput, context: Context = {}): Promise<OpinionTemplateView> {
  const before = await reachable(db, actor, templateId, "opinionTemplate.manage");
  checkContent(input);
  try {
    return await db.$transaction(async (tx) => {
      const changed = await tx.opinionTemplate.updateMany({
        where: { id: templateId, version: input.expectedVersion },
        data: { name: input.name, findings: input.findings, impression: input.impression, recommendations: input.recommendations, updatedById: actor.id, version: { increment: 1 } },
      });
      if (changed.count === 0) throw new ConflictError("consultation.template.changed", undefined, "OPINION_TEMPLATE_CHANGED");
      const row = await tx.opinionTemplate.findUniqueOrThrow({ where: { id: templateId }, select: SELECT });
      await audit(tx, templateAudit(actor, "opinionTemplate.updated", row, context, before.name !== row.name ? { renamedFrom: before.name } : {}));
      return view(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function deleteOpinionTemplate(db: Db, actor: SessionUser, templateId: string, context: Context = {}): Promise<{ deleted: true }> {
  const row = await reachable(db, actor, templateId, "opinionTemplate.manage");
  await db.$transaction(async (tx) => {
    // Gone already (a colleague was quicker): nothing to audit, the answer is the same.
    const removed = await tx.opinionTemplate.deleteMany({ where: { id: templateId } });
    if (removed.count > 0) await audit(tx, templateAudit(actor, "opinionTemplate.deleted", row, context));
  });
  return { deleted: true };
}

/** The entry: the template's name is in the details, so the log still says which one after a delete. */
function templateAudit(actor: SessionUser, action: "opinionTemplate.created" | "opinionTemplate.updated" | "opinionTemplate.deleted", row: Row, context: Context, extra: Record<string, unknown> = {}) {
  return {
    actorId: actor.id,
    actorRole: actor.role,
    action,
    targetType: "opinionTemplate",
    targetId: row.id,
    ip: context.ip,
    requestId: context.requestId,
    details: { name: row.name, specialty: row.specialty, personal: row.ownerId !== null, ...(action === "opinionTemplate.updated" ? { version: row.version } : {}), ...extra },
  };
}
