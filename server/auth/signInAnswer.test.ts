import { describe, expect, it } from "vitest";
import { messageForSignInError } from "@/app/signin/SignInForm";
import { translator } from "@/lib/i18n";
import { withSignInRefusalStatus } from "./signInAnswer";

const request = (cookie = "locale=en") => new Request("http://localhost:3000/api/auth/callback/credentials", { method: "POST", headers: { cookie } });
const nextAuthJson = (error: string) =>
  new Response(JSON.stringify({ url: `http://localhost:3000/signin?error=${encodeURIComponent(error)}` }), { status: 401, headers: { "content-type": "application/json" } });

describe("a throttled sign-in answers 429 with Retry-After", () => {
  it("the JSON answer of the sign-in page: 429, Retry-After, next-auth's url kept, the message in the person's language", async () => {
    const answer = await withSignInRefusalStatus(request(), nextAuthJson("RATE_LIMITED:42"));
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("42");
    const body = (await answer.json()) as { url: string; error: { code: string; message: string } };
    expect(new URL(body.url).searchParams.get("error")).toBe("RATE_LIMITED:42");
    expect(body.error).toEqual({ code: "RATE_LIMITED", message: "Too many sign-in attempts. Wait 42 seconds, then try again." });
    const chinese = (await (await withSignInRefusalStatus(request("locale=zh-CN"), nextAuthJson("RATE_LIMITED:900"))).json()) as { error: { message: string } };
    expect(chinese.error.message).toBe("登录尝试过于频繁，请 15 分钟后再试。");
  });

  it("other refusals and successes pass unchanged; a redirect stays a redirect with Retry-After", async () => {
    const wrong = nextAuthJson("INVALID_CREDENTIALS");
    expect(await withSignInRefusalStatus(request(), wrong)).toBe(wrong);
    const redirect = new Response(null, { status: 302, headers: { location: "http://localhost:3000/signin?error=RATE_LIMITED%3A30" } });
    const answer = await withSignInRefusalStatus(request(), redirect);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("retry-after")).toBe("30");
  });

  it("the sign-in page says how long to wait", () => {
    expect(messageForSignInError("RATE_LIMITED:42", translator("zh-CN"))).toBe("登录尝试过于频繁，请 42 秒后再试。");
    expect(messageForSignInError("RATE_LIMITED:600", translator("en"))).toBe("Too many sign-in attempts. Wait 10 minutes, then try again.");
  });
});
