/**
 * Attachments (PDF, JPEG, PNG, DICOM). Kept in the database (bytea): they are part of the
 * medical record, so they share its transactions, backups, retention and access checks, and
 * several app instances need no shared disk. The type is decided by the whole file's content
 * (server/files/fileType.ts), not by its name or the browser's claim.
 */
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import { sm3Hex } from "@/server/crypto/sm";
import type { Db } from "@/server/db/client";
import { cleanFileName } from "@/lib/validation";
import { checkFileContent, type FileKind } from "@/server/files/fileType";
import { accessibleConsultation } from "./access";
import { MISSING } from "@/server/notFound";

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

/** What a consultation may carry: reports, photographs and scans, and imaging. */
export const ATTACHMENT_KINDS: readonly FileKind[] = ["pdf", "jpeg", "png", "dicom"];

export async function addAttachment(db: Db, actor: SessionUser, consultationId: string, file: { name: string; bytes: Uint8Array }, requestId?: string) {
  const consultation = await db.consultation.findUnique({ where: { id: consultationId }, select: { requesterId: true, status: true } });
  if (!consultation) throw new NotFoundError(MISSING.consultation);
  if (consultation.requesterId !== actor.id) throw new ForbiddenError("consultation.notYourAction");
  if (!["DRAFT", "SUBMITTED", "ASSIGNED", "SCHEDULED"].includes(consultation.status)) throw new ValidationError("consultation.attachmentsClosed");
  if (file.bytes.length === 0) throw new ValidationError("consultation.attachmentEmpty");
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError("VALIDATION_FAILED", "consultation.attachmentTooLarge", { status: 413, publicCode: "TOO_LARGE", params: { maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 } });
  }
  const { mime: contentType } = await checkFileContent(file, ATTACHMENT_KINDS);
  const count = await db.consultationAttachment.count({ where: { consultationId } });
  if (count >= MAX_ATTACHMENTS) throw new ValidationError("consultation.attachmentTooMany", undefined, { max: MAX_ATTACHMENTS });
  const fileName = cleanFileName(file.name, "attachment");
  const row = await db.consultationAttachment.create({
    data: { consultationId, fileName, contentType, sizeBytes: file.bytes.length, sm3: sm3Hex(file.bytes), content: Buffer.from(file.bytes), uploadedById: actor.id },
    select: { id: true, fileName: true, contentType: true, sizeBytes: true, createdAt: true },
  });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "consultation.attachment.add", targetType: "consultation", targetId: consultationId, requestId, details: { attachmentId: row.id, contentType } });
  return row;
}

export async function readAttachment(db: Db, actor: SessionUser, consultationId: string, attachmentId: string, requestId?: string) {
  await accessibleConsultation(db, actor, await db.consultation.findUnique({ where: { id: consultationId } }));
  const attachment = await db.consultationAttachment.findFirst({ where: { id: attachmentId, consultationId } });
  if (!attachment) throw new NotFoundError(MISSING.attachment);
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "consultation.attachment.read", targetType: "consultation", targetId: consultationId, requestId, details: { attachmentId } });
  return attachment;
}

export async function deleteAttachment(db: Db, actor: SessionUser, consultationId: string, attachmentId: string, requestId?: string) {
  const consultation = await db.consultation.findUnique({ where: { id: consultationId }, select: { requesterId: true, status: true } });
  if (!consultation || consultation.requesterId !== actor.id) throw new NotFoundError(MISSING.consultation);
  if (consultation.status !== "DRAFT") throw new ValidationError("consultation.onlyDraftsEditable");
  const { count } = await db.consultationAttachment.deleteMany({ where: { id: attachmentId, consultationId } });
  if (count === 0) throw new NotFoundError(MISSING.attachment);
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "consultation.attachment.delete", targetType: "consultation", targetId: consultationId, requestId, details: { attachmentId } });
}
