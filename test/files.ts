/**
 * For tests: small but complete files of each accepted format, built here so every byte is known
 * (a PDF with a correct xref table and trailer, images encoded by sharp, a DICOM Part 10 file).
 */
import sharp from "sharp";

/** A one-page PDF whose xref offsets and startxref are right. */
export function samplePdf(text = "Hello"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const content = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  let pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += body === null ? `${index + 1} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n` : `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

const pixels = () => sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 200, g: 30, b: 60 } } });
export const samplePng = () => pixels().png().toBuffer();
export const sampleJpeg = () => pixels().jpeg({ quality: 80 }).toBuffer();

/** The start of a Windows executable: what a disguised upload carries. */
export function executableBytes(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write("MZ", 0, "latin1");
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write("This program cannot be run in DOS mode.", 0x4e, "latin1");
  exe.write("PE\0\0", 0x80, "latin1");
  return exe;
}

function element(group: number, elementId: number, vr: string, value: Buffer): Buffer {
  const padded = value.length % 2 === 1 ? Buffer.concat([value, Buffer.from([vr === "UI" ? 0 : 0x20])]) : value;
  const long = ["OB", "OW", "SQ", "UN", "UT"].includes(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elementId, 2);
  head.write(vr, 4, "latin1");
  if (long) head.writeUInt32LE(padded.length, 8);
  else head.writeUInt16LE(padded.length, 6);
  return Buffer.concat([head, padded]);
}

/** A DICOM Part 10 file: preamble, DICM, file meta group with its length, a small data set. */
export function sampleDicom(): Buffer {
  const meta = Buffer.concat([
    element(2, 0x0001, "OB", Buffer.from([0, 1])),
    element(2, 0x0002, "UI", Buffer.from("1.2.840.10008.5.1.4.1.1.7")),
    element(2, 0x0003, "UI", Buffer.from("1.2.826.0.1.3680043.2.1125.1")),
    element(2, 0x0010, "UI", Buffer.from("1.2.840.10008.1.2.1")),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length);
  const dataSet = Buffer.concat([element(8, 0x0060, "CS", Buffer.from("OT")), element(0x10, 0x0010, "PN", Buffer.from("TEST^PATIENT"))]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from("DICM"), element(2, 0x0000, "UL", groupLength), meta, dataSet]);
}
