/**
 * What an uploaded file really is, decided by its content (file-type, a library made for it) and
 * checked whole against that type (structure.ts, and a full decode for images), never by its name
 * or the browser's claim. A name that says one type over content of another is refused too: it is
 * how a disguised file is meant to be opened.
 */
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "@/lib/errors";
import type { MessageKey } from "@/lib/i18n";
import { log } from "@/lib/log";
import { csvProblem, dicomProblem, htmlAt, isBinaryByte, jpegProblem, pdfProblem, pngProblem, xlsxProblem, type StructureProblem } from "./structure";

export type FileKind = "pdf" | "jpeg" | "png" | "dicom" | "xlsx" | "csv";

export const FILE_KINDS: Record<FileKind, { mime: string; label: string; extensions: readonly string[] }> = {
  pdf: { mime: "application/pdf", label: "PDF", extensions: ["pdf"] },
  jpeg: { mime: "image/jpeg", label: "JPEG", extensions: ["jpg", "jpeg", "jpe", "jfif"] },
  png: { mime: "image/png", label: "PNG", extensions: ["png"] },
  dicom: { mime: "application/dicom", label: "DICOM", extensions: ["dcm", "dicom", "dic"] },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "XLSX", extensions: ["xlsx"] },
  csv: { mime: "text/csv", label: "CSV", extensions: ["csv", "txt"] },
};

const KIND_BY_MIME = new Map(Object.entries(FILE_KINDS).map(([kind, { mime }]) => [mime, kind as FileKind]));

/** What the content is: one of our kinds, or the name of another format (EXE, HTML, ZIP…), or null when unrecognised. */
export type Detected = { kind: FileKind } | { other: string } | null;

const STRUCTURE: Record<FileKind, (bytes: Uint8Array) => StructureProblem | null> = {
  pdf: pdfProblem,
  jpeg: (bytes) => jpegProblem(bytes),
  png: pngProblem,
  dicom: dicomProblem,
  xlsx: xlsxProblem,
  csv: csvProblem,
};

export async function detectFileType(bytes: Uint8Array): Promise<Detected> {
  const found = await fileTypeFromBuffer(bytes).catch(() => undefined);
  if (found) {
    const kind = KIND_BY_MIME.get(found.mime);
    return kind ? { kind } : { other: found.ext.toUpperCase() };
  }
  const head = Buffer.from(bytes.subarray(0, 64 * 1024)).toString("latin1");
  if (htmlAt(head.trimStart().slice(0, 512)) === 0) return { other: "HTML" };
  if (bytes.length > 0 && !bytes.subarray(0, 64 * 1024).some(isBinaryByte)) return { kind: "csv" };
  return null;
}

function kindFromName(name: string): FileKind | null {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  if (!extension) return null;
  return (Object.keys(FILE_KINDS) as FileKind[]).find((kind) => FILE_KINDS[kind].extensions.includes(extension)) ?? null;
}

export class FileTypeError extends AppError {
  constructor(messageKey: MessageKey, params: Record<string, string>, problem?: string) {
    super("VALIDATION_FAILED", messageKey, { status: 415, publicCode: "FILE_TYPE", params, details: problem === undefined ? undefined : [{ path: "file", message: problem }] });
  }
}

const labelsOf = (kinds: readonly FileKind[]) => kinds.map((kind) => FILE_KINDS[kind].label).join(" / ");

async function describeForeign(bytes: Uint8Array, at: number | undefined): Promise<string | null> {
  if (at === undefined) return null;
  let start = at;
  while (start < bytes.length && [0x09, 0x0a, 0x0d, 0x20].includes(bytes[start] as number)) start++;
  const detected = await detectFileType(bytes.subarray(start));
  if (detected && "other" in detected) return detected.other;
  if (detected && "kind" in detected && detected.kind !== "csv") return FILE_KINDS[detected.kind].label;
  return null;
}

type ImageCheck = (bytes: Uint8Array) => Promise<string | null>;

/** Decodes every pixel with sharp (libvips); null when sound, else why not. Without sharp, the structure check stands alone. */
const decodeImage: ImageCheck = async (bytes) => {
  const sharp = await loadSharp();
  if (!sharp) return null;
  try {
    await sharp(bytes, { failOn: "error", limitInputPixels: 100_000_000 }).stats();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

type Sharp = typeof import("sharp").default;
let sharpModule: Promise<Sharp | null> | undefined;
function loadSharp(): Promise<Sharp | null> {
  sharpModule ??= import("sharp").then(
    (module) => module.default,
    (error: unknown) => {
      log.warn("sharp could not be loaded: images are checked by their structure only", { error });
      return null;
    },
  );
  return sharpModule;
}

/**
 * The file's kind when its content is one of `accepted` and sound from start to end; otherwise a
 * 415 whose message says what the file really is and what is accepted.
 */
export async function checkFileContent(file: { name: string; bytes: Uint8Array }, accepted: readonly FileKind[]): Promise<{ kind: FileKind; mime: string }> {
  const acceptedLabels = labelsOf(accepted);
  const detected = await detectFileType(file.bytes);
  if (!detected) throw new FileTypeError("errors.file.unrecognised", { accepted: acceptedLabels });
  if ("other" in detected || !accepted.includes(detected.kind)) {
    const actual = "other" in detected ? detected.other : detected.kind === "csv" ? "TXT/CSV" : FILE_KINDS[detected.kind].label;
    throw new FileTypeError("errors.file.notAccepted", { actual, accepted: acceptedLabels });
  }
  const { kind } = detected;
  const named = kindFromName(file.name);
  if (named && named !== kind) throw new FileTypeError("errors.file.nameMismatch", { named: FILE_KINDS[named].label, actual: FILE_KINDS[kind].label, accepted: acceptedLabels });
  const problem = STRUCTURE[kind](file.bytes);
  if (problem) {
    // A PDF header in front of something else: say what the something else is.
    const afterHeader = kind === "pdf" ? Buffer.from(file.bytes.subarray(0, 1024)).indexOf(0x0a) + 1 || undefined : undefined;
    const foreign = (await describeForeign(file.bytes, problem.foreignAt)) ?? (await describeForeign(file.bytes, afterHeader));
    if (foreign) throw new FileTypeError("errors.file.disguised", { claimed: FILE_KINDS[kind].label, actual: foreign, accepted: acceptedLabels }, problem.problem);
    throw new FileTypeError("errors.file.damaged", { claimed: FILE_KINDS[kind].label, accepted: acceptedLabels }, problem.problem);
  }
  if (kind === "jpeg" || kind === "png") {
    const undecodable = await decodeImage(file.bytes);
    if (undecodable) throw new FileTypeError("errors.file.damaged", { claimed: FILE_KINDS[kind].label, accepted: acceptedLabels }, undecodable);
  }
  return { kind, mime: FILE_KINDS[kind].mime };
}
