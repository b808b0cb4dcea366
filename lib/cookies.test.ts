import { describe, expect, it } from "vitest";
import { localeCookie, localeFromCookieHeader, readCookie } from "./cookies";

describe("cookies", () => {
  it("reads one cookie from a header, decoded, and nothing from a missing header", () => {
    const header = "a=1; next-auth.session-token=eyJ.x=y; locale=en; note=%E4%BD%A0%E5%A5%BD";
    expect(readCookie(header, "next-auth.session-token")).toBe("eyJ.x=y");
    expect(readCookie(header, "note")).toBe("你好");
    expect(readCookie(header, "absent")).toBeUndefined();
    expect(readCookie(undefined, "a")).toBeUndefined();
    expect(readCookie(null, "a")).toBeUndefined();
  });

  it("takes the locale from the cookie, Chinese unless English was chosen", () => {
    expect(localeFromCookieHeader("x=1;locale=en")).toBe("en");
    expect(localeFromCookieHeader("locale=fr")).toBe("zh-CN");
    expect(localeFromCookieHeader(undefined)).toBe("zh-CN");
  });

  it("writes the locale cookie for the whole site for a year", () => {
    expect(localeCookie("en", { secure: false })).toBe("locale=en; Max-Age=31536000; Path=/; SameSite=Lax");
  });

  it("marks the locale cookie Secure on a page served over https", () => {
    expect(localeCookie("zh-CN", { secure: true })).toBe("locale=zh-CN; Max-Age=31536000; Path=/; Secure; SameSite=Lax");
  });
});
