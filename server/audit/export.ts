/**
 * The audit log as a CSV file (GET /api/audit/export, access audit.export): the rows the page's
 * filters select, in the reader's language, with the page's names and its one time format
 * (Beijing time, 2026-12-02 14:05:09). The export is itself an audit entry (audit.exported), with
 * the filters and the number of rows.
 */
import { csvForSpreadsheet, spreadsheetText } from "@/lib/csv";
import { translate, type Locale, type MessageKey } from "@/lib/i18n";
import { assertRole, type Actor } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { shanghaiTimestamp } from "@/server/scheduling/time";
import { actionLabelKey, isAuditAction } from "./actions";
import { auditRowsForExport, type AuditFilters, type AuditRow } from "./log";

/** An entry's action in the reader's language; an action this version does not know shows as stored. */
export function actionLabel(action: string, locale: Locale): string {
  return isAuditAction(action) ? translate(locale, actionLabelKey(action)) : action;
}

export function actorText(row: AuditRow, locale: Locale): string {
  if (!row.actor) return translate(locale, "audit.system");
  return row.actor.institution ? `${row.actor.name} · ${row.actor.institution}` : row.actor.name;
}

/** The kinds of thing entries are about, each with its label (audit.targetType.<type>). */
const TARGET_TYPES = new Set<string>(["resident", "consultation", "healthCard", "user", "session", "username", "terminal", "importJob", "followUpAdvice", "adviceQuestion", "teaching_session", "video_room", "integration_credential", "operating_room", "camera_kit", "opinionTemplate"]);

export function targetTypeKey(type: string): MessageKey {
  return (TARGET_TYPES.has(type) ? `audit.targetType.${type}` : "audit.targetType.other") as MessageKey;
}

export function targetText(row: AuditRow, locale: Locale): string {
  if (!row.target) return "—";
  return `${translate(locale, targetTypeKey(row.target.type))} ${row.target.text}`;
}

export function auditCsv(rows: AuditRow[], locale: Locale): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const header = [t("audit.time"), t("audit.actor"), t("audit.action"), t("audit.csv.actionCode"), t("audit.target"), t("audit.ip")];
  const lines = rows.map((row) => [shanghaiTimestamp(row.at), actorText(row, locale), actionLabel(row.action, locale), row.action, targetText(row, locale), row.ip ?? ""].map(spreadsheetText));
  return csvForSpreadsheet([header, ...lines]);
}

export interface ExportContext {
  ip?: string | null;
  requestId?: string | null;
}

export async function exportAuditLog(db: Db, actor: Actor & { role: Role }, filters: AuditFilters, locale: Locale, context: ExportContext = {}): Promise<{ csv: string; rows: number; truncated: boolean }> {
  assertRole(actor, "audit.export");
  const { rows, truncated } = await auditRowsForExport(db, actor, filters);
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "audit.exported", ip: context.ip, requestId: context.requestId, details: { filters: { ...filters }, rows: rows.length, truncated } });
  return { csv: auditCsv(rows, locale), rows: rows.length, truncated };
}
