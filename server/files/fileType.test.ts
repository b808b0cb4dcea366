import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n";
import { executableBytes, sampleDicom, sampleJpeg, samplePdf, samplePng } from "@/test/files";
import { checkFileContent, type FileKind } from "./fileType";

const ATTACHMENT: FileKind[] = ["pdf", "jpeg", "png", "dicom"];
const IMPORT: FileKind[] = ["xlsx", "csv"];

/** The refusal's status, code and English message, for a file that must be refused. */
async function refusal(name: string, bytes: Uint8Array, accepted = ATTACHMENT) {
  const error = await checkFileContent({ name, bytes }, accepted).then(
    () => null,
    (caught: unknown) => caught as { status: number; code: string; messageKey: Parameters<typeof translate>[1]; params: Record<string, string> },
  );
  expect(error, `${name} should be refused`).not.toBeNull();
  return { status: error!.status, code: error!.code, message: translate("en", error!.messageKey, error!.params), zh: translate("zh-CN", error!.messageKey, error!.params) };
}

describe("file types from content", () => {
  it("accepts a real PDF, PNG, JPEG and DICOM file as what they are", async () => {
    expect(await checkFileContent({ name: "report.pdf", bytes: samplePdf() }, ATTACHMENT)).toEqual({ kind: "pdf", mime: "application/pdf" });
    expect(await checkFileContent({ name: "ecg.png", bytes: await samplePng() }, ATTACHMENT)).toEqual({ kind: "png", mime: "image/png" });
    expect(await checkFileContent({ name: "photo.JPG", bytes: await sampleJpeg() }, ATTACHMENT)).toEqual({ kind: "jpeg", mime: "image/jpeg" });
    expect(await checkFileContent({ name: "ct-slice", bytes: sampleDicom() }, ATTACHMENT)).toEqual({ kind: "dicom", mime: "application/dicom" });
  });

  it("refuses a PDF header in front of an executable, saying what the file really is", async () => {
    const disguised = Buffer.concat([Buffer.from("%PDF-1.7\n"), executableBytes()]);
    const answer = await refusal("report.pdf", disguised);
    expect(answer).toMatchObject({ status: 415, code: "FILE_TYPE" });
    expect(answer.message).toContain("starts like PDF but what follows is really EXE");
    expect(answer.zh).toContain("实际上是 EXE");
  });

  it("refuses a PDF header in front of an HTML page, even with a PDF trailer at the end", async () => {
    const page = "<html><body><script>alert(document.cookie)</script></body></html>\n";
    expect((await refusal("report.pdf", Buffer.from(`%PDF-1.4\n${page}`))).message).toContain("really HTML");
    const withTrailer = Buffer.concat([samplePdf().subarray(0, 20), Buffer.from(page), samplePdf().subarray(20)]);
    expect((await refusal("report.pdf", withTrailer)).message).toContain("really HTML");
  });

  it("refuses a PDF with an executable appended after its end, and one cut short", async () => {
    expect((await refusal("report.pdf", Buffer.concat([samplePdf(), executableBytes()]))).message).toContain("really EXE");
    const pdf = samplePdf();
    expect((await refusal("report.pdf", pdf.subarray(0, pdf.length - 30))).message).toContain("not a complete, valid PDF");
  });

  it("refuses images with a broken chunk, a missing end or a page appended", async () => {
    const png = await samplePng();
    const badCrc = Buffer.from(png);
    badCrc[30] = (badCrc[30] as number) ^ 0xff;
    expect((await refusal("ecg.png", badCrc)).message).toContain("not a complete, valid PNG");
    expect((await refusal("ecg.png", Buffer.concat([png, Buffer.from("<html><script>x()</script></html>")]))).message).toContain("really HTML");
    const jpeg = await sampleJpeg();
    expect((await refusal("photo.jpg", jpeg.subarray(0, jpeg.length - 2))).message).toContain("not a complete, valid JPEG");
  });

  it("refuses a DICOM file whose meta group does not parse", async () => {
    const dicom = sampleDicom();
    const broken = Buffer.from(dicom);
    broken.writeUInt32LE(9999, 132 + 8);
    expect((await refusal("ct.dcm", broken)).message).toContain("not a complete, valid DICOM");
  });

  it("refuses a name that says another type than the content, and content of a type not accepted", async () => {
    expect((await refusal("photo.jpg", await samplePng())).message).toBe("The file name says JPEG, but the content is really PNG. Check the file and upload it again. Only PDF / JPEG / PNG / DICOM files are accepted.");
    expect((await refusal("tool.pdf", executableBytes())).message).toContain("really EXE, which cannot be uploaded");
    expect((await refusal("notes.txt", Buffer.from("just text"))).message).toContain("really TXT/CSV");
  });

  it("accepts a real XLSX and a CSV for the import, and refuses binary bytes in a CSV", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("visits").addRow(["visitCardNumber", "name"]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await checkFileContent({ name: "visits.xlsx", bytes: xlsx }, IMPORT)).kind).toBe("xlsx");
    expect((await checkFileContent({ name: "visits.csv", bytes: Buffer.from("卡号,姓名\nA1,张三\n") }, IMPORT)).kind).toBe("csv");
    expect((await refusal("visits.csv", Buffer.from("卡号,姓名\nA1,\u0001\u0002\u0003\u0004\n"), IMPORT)).status).toBe(415);
    expect((await refusal("visits.csv", samplePdf(), IMPORT)).message).toContain("really PDF, which cannot be uploaded. Only XLSX / CSV files");
  });
});
