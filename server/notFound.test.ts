import { describe, expect, it } from "vitest";
import { NotFoundError, type Missing } from "@/lib/errors";
import { isMessageKey, MESSAGES } from "@/lib/i18n";
import { pathId } from "@/lib/validation";
import { MISSING } from "@/server/notFound";

const ALL: Record<string, Missing> = MISSING;

describe("not-found errors name what was missing", () => {
  it("every missing thing has a code of its own and a message in Chinese and English", () => {
    for (const [what, { code, messageKey }] of Object.entries(ALL)) {
      expect(code, what).toMatch(/^[A-Z_]+_NOT_FOUND$/);
      expect(isMessageKey(messageKey), `${what}: ${messageKey}`).toBe(true);
      expect(MESSAGES[messageKey].zh, `${what}: ${messageKey} (zh-CN)`).toBeTruthy();
      expect(MESSAGES[messageKey].en, `${what}: ${messageKey} (en)`).toBeTruthy();
    }
    // One message per thing: two entries share a message key only if they share the code.
    const codeByKey = new Map<string, string>();
    for (const { code, messageKey } of Object.values(ALL)) {
      expect(codeByKey.get(messageKey) ?? code, messageKey).toBe(code);
      codeByKey.set(messageKey, code);
    }
  });

  it("the public code is the thing's, the status 404", () => {
    const error = new NotFoundError(MISSING.terminal);
    expect(error).toMatchObject({ code: "TERMINAL_NOT_FOUND", status: 404, messageKey: "healthCard.terminal.notFound" });
    expect(new NotFoundError(MISSING.importJob).code).toBe("IMPORT_JOB_NOT_FOUND");
    expect(new NotFoundError(MISSING.availabilityException).code).toBe("AVAILABILITY_EXCEPTION_NOT_FOUND");
    expect(new NotFoundError(MISSING.advice).code).toBe("ADVICE_NOT_FOUND");
  });

  it("a malformed path id is answered as the missing thing it names", () => {
    expect(() => pathId({ id: "nope" }, "id", MISSING.consultation)).toThrowError(expect.objectContaining({ code: "CONSULTATION_NOT_FOUND" }));
    expect(() => pathId({ id: "nope" }, "id", MISSING.availabilityException)).toThrowError(expect.objectContaining({ code: "AVAILABILITY_EXCEPTION_NOT_FOUND" }));
    expect(() => pathId({ id: "x", attachmentId: "nope" }, "attachmentId", MISSING.attachment)).toThrowError(expect.objectContaining({ code: "ATTACHMENT_NOT_FOUND" }));
    const id = "0b6f1c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e";
    expect(pathId({ id }, "id", MISSING.advice)).toBe(id);
  });
});
