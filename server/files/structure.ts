/**
 * Whole-file structure checks, one per accepted format: a file must be what its first bytes claim
 * from its first byte to its last, so a PDF header in front of an executable, or a picture with an
 * HTML page appended, is refused. Each check answers null (sound) or what is wrong, with the
 * offset where the other content starts when there is some.
 */
import { crc32 } from "node:zlib";

export interface StructureProblem {
  /** For the log and the answer's details; the person reads a translated message. */
  problem: string;
  /** Where content that is not part of the format starts, when that is what is wrong. */
  foreignAt?: number;
}

const latin1 = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString("latin1");
const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);
const u32le = (b: Uint8Array, i: number) => u16le(b, i) + u16le(b, i + 2) * 0x10000;

const isPadding = (bytes: Uint8Array, from: number) => bytes.subarray(from).every((byte) => byte === 0 || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09);

/** Bytes that never occur in text (all C0 controls but tab, line feed, carriage return; DEL). */
export const isBinaryByte = (byte: number) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f;

const HTML_TAG = /<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg|meta\s+http-equiv)[\s>/]/i;

/** An HTML page (or an SVG/script) in text: what a browser would run if it ever rendered it. */
export function htmlAt(text: string): number {
  return text.search(HTML_TAG);
}

/**
 * PDF: `%PDF-x.y` header; `startxref` with an offset that points at an `xref` table or a
 * cross-reference stream object; `%%EOF` at the end; and outside the streams only PDF syntax,
 * which is text: no HTML, no run of binary bytes (an executable or archive appended or inlined).
 */
export function pdfProblem(bytes: Uint8Array): StructureProblem | null {
  if (!/^%PDF-\d\.\d/.test(latin1(bytes, 0, 8))) return { problem: "no %PDF-x.y header" };
  const foreign = outsideStreamsProblem(bytes);
  if (foreign) return foreign;
  const tailStart = Math.max(0, bytes.length - 2048);
  const tail = latin1(bytes, tailStart, bytes.length);
  const eof = tail.lastIndexOf("%%EOF");
  if (eof < 0) return { problem: "no %%EOF trailer near the end" };
  if (!isPadding(bytes, tailStart + eof + 5)) return { problem: "data after %%EOF", foreignAt: tailStart + eof + 5 };
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail.slice(0, eof + 5));
  if (!startxref) return { problem: "no startxref before %%EOF" };
  const xrefOffset = Number(startxref[1]);
  if (xrefOffset >= bytes.length) return { problem: "startxref points past the end" };
  const atXref = latin1(bytes, xrefOffset, xrefOffset + 4096);
  if (!atXref.startsWith("xref") && !/^\d+\s+\d+\s+obj\b[\s\S]*\/Type\s*\/XRef\b/.test(atXref)) return { problem: "startxref points at neither an xref table nor an xref stream" };
  return null;
}

/** PDF syntax outside `stream … endstream` is text; binary bytes there belong to something else. */
function outsideStreamsProblem(bytes: Uint8Array): StructureProblem | null {
  const text = latin1(bytes, 0, bytes.length);
  // The second line may be a comment of high bytes that marks the file as binary; skip the header lines.
  let position = text.indexOf("\n", text.indexOf("\n") + 1) + 1 || text.length;
  while (position < text.length) {
    const streamAt = nextStreamKeyword(text, position);
    const segmentEnd = streamAt < 0 ? text.length : streamAt;
    const segment = text.slice(position, segmentEnd);
    const html = htmlAt(segment);
    if (html >= 0) return { problem: "HTML outside the PDF's streams", foreignAt: position + html };
    const binary = binaryRunAt(bytes, position, segmentEnd);
    // The foreign content starts where its line does (an executable's "MZ" comes before its first NULs).
    if (binary >= 0) return { problem: "binary data outside the PDF's streams", foreignAt: Math.max(position, text.lastIndexOf("\n", binary) + 1) };
    if (streamAt < 0) break;
    const end = text.indexOf("endstream", streamAt);
    if (end < 0) return { problem: "a stream without endstream" };
    position = end + "endstream".length;
  }
  return null;
}

function nextStreamKeyword(text: string, from: number): number {
  const match = /(?<!end)stream\r?\n/g;
  match.lastIndex = from;
  const found = match.exec(text);
  return found ? found.index : -1;
}

/** The offset of the first run of 4 binary bytes in [start, end) (single stray bytes are tolerated), or -1. */
function binaryRunAt(bytes: Uint8Array, start: number, end: number): number {
  let run = 0;
  for (let i = start; i < end; i++) {
    run = isBinaryByte(bytes[i] as number) ? run + 1 : 0;
    if (run === 4) return i - 3;
  }
  return -1;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG: the signature, IHDR first, every chunk's CRC right, IEND last and nothing after it. */
export function pngProblem(bytes: Uint8Array): StructureProblem | null {
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return { problem: "no PNG signature" };
  let offset = 8;
  let first = true;
  while (offset + 12 <= bytes.length) {
    const length = u32be(bytes, offset);
    const type = latin1(bytes, offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return { problem: `bad chunk type at ${offset}` };
    if (first && (type !== "IHDR" || length !== 13)) return { problem: "the first chunk is not IHDR" };
    first = false;
    const dataEnd = offset + 8 + length;
    if (dataEnd + 4 > bytes.length) return { problem: `chunk ${type} runs past the end` };
    if (crc32(bytes.subarray(offset + 4, dataEnd)) >>> 0 !== u32be(bytes, dataEnd)) return { problem: `chunk ${type} has a wrong CRC` };
    offset = dataEnd + 4;
    if (type === "IEND") return offset === bytes.length ? null : { problem: "data after IEND", foreignAt: offset };
  }
  return { problem: "no IEND chunk" };
}

/**
 * JPEG: SOI, marker segments, entropy-coded scans, EOI. After EOI only padding or further JPEG
 * images (phones store a second picture there: the multi-picture format) may follow.
 */
export function jpegProblem(bytes: Uint8Array, from = 0): StructureProblem | null {
  if (bytes[from] !== 0xff || bytes[from + 1] !== 0xd8) return { problem: "no JPEG start-of-image marker" };
  let i = from + 2;
  for (;;) {
    if (i >= bytes.length) return { problem: "no end-of-image marker (EOI)" };
    if (bytes[i] !== 0xff) return { problem: `marker expected at ${i}` };
    while (bytes[i] === 0xff) i++;
    const marker = bytes[i++] as number;
    if (marker === 0xd9) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    const length = u16be(bytes, i);
    if (length < 2 || i + length > bytes.length) return { problem: `segment ${marker.toString(16)} runs past the end` };
    i += length;
    if (marker === 0xda) i = endOfScan(bytes, i);
  }
  if (isPadding(bytes, i)) return null;
  if (bytes[i] === 0xff && bytes[i + 1] === 0xd8) return jpegProblem(bytes, i);
  return { problem: "data after the end of the image (EOI)", foreignAt: i };
}

/** The offset of the marker that ends an entropy-coded scan (stuffed 0xFF00 and restart markers belong to it). */
function endOfScan(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1] as number;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return i;
  }
  return bytes.length;
}

const LONG_LENGTH_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);

/**
 * DICOM Part 10: a 128-byte preamble, `DICM`, then the file meta information (group 0002,
 * explicit VR little endian) that parses element by element, agrees with its own group length
 * when it states one, names a transfer syntax, and is followed by a data set.
 */
export function dicomProblem(bytes: Uint8Array): StructureProblem | null {
  if (bytes.length < 132 || latin1(bytes, 128, 132) !== "DICM") return { problem: "no DICM prefix after the 128-byte preamble" };
  let offset = 132;
  let groupEnd: number | null = null;
  let transferSyntax = false;
  let elements = 0;
  while (offset + 8 <= bytes.length && u16le(bytes, offset) === 0x0002) {
    const element = u16le(bytes, offset + 2);
    const vr = latin1(bytes, offset + 4, offset + 6);
    if (!/^[A-Z]{2}$/.test(vr)) return { problem: `bad value representation in the meta group at ${offset}` };
    const long = LONG_LENGTH_VRS.has(vr);
    const length = long ? u32le(bytes, offset + 8) : u16le(bytes, offset + 6);
    const valueAt = offset + (long ? 12 : 8);
    if (valueAt + length > bytes.length) return { problem: "a meta element runs past the end" };
    if (element === 0x0000 && vr === "UL" && length === 4) groupEnd = valueAt + 4 + u32le(bytes, valueAt);
    if (element === 0x0010 && length > 0) transferSyntax = true;
    elements++;
    offset = valueAt + length;
  }
  if (elements === 0) return { problem: "no file meta information (group 0002)" };
  if (groupEnd !== null && groupEnd !== offset) return { problem: "the meta group's length does not match its elements" };
  if (!transferSyntax) return { problem: "no transfer syntax (0002,0010)" };
  if (offset + 8 > bytes.length) return { problem: "no data set after the file meta information" };
  return null;
}

/**
 * XLSX: a real zip (end of central directory found, central directory entries parse) holding
 * the Office Open XML parts of a workbook.
 */
export function xlsxProblem(bytes: Uint8Array): StructureProblem | null {
  const searchFrom = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= searchFrom; i--) {
    if (u32le(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { problem: "no zip end-of-central-directory record" };
  const entries = u16le(bytes, eocd + 10);
  let offset = u32le(bytes, eocd + 16);
  const names = new Set<string>();
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || u32le(bytes, offset) !== 0x02014b50) return { problem: "a broken zip central directory" };
    const nameLength = u16le(bytes, offset + 28);
    names.add(Buffer.from(bytes.subarray(offset + 46, offset + 46 + nameLength)).toString("utf8"));
    offset += 46 + nameLength + u16le(bytes, offset + 30) + u16le(bytes, offset + 32);
  }
  for (const part of ["[Content_Types].xml", "xl/workbook.xml"]) if (!names.has(part)) return { problem: `no ${part} in the zip` };
  return null;
}

/** CSV: text without binary bytes (NUL, other C0 controls, DEL), in any of the encodings we read. */
export function csvProblem(bytes: Uint8Array): StructureProblem | null {
  const at = bytes.findIndex(isBinaryByte);
  if (at >= 0) return { problem: `a binary byte at ${at}`, foreignAt: at };
  const html = htmlAt(latin1(bytes, 0, Math.min(bytes.length, 64 * 1024)));
  return html >= 0 ? { problem: "HTML in the text", foreignAt: html } : null;
}
