/**
 * next-auth answers every refused credentials sign-in alike (401, or a redirect, naming the error
 * in the URL: server/auth/nextAuth.ts puts "RATE_LIMITED:<seconds>" there). A throttled sign-in
 * must say 429 with Retry-After, so the route (app/api/auth/[...nextauth]/route.ts) passes
 * next-auth's answer through here. The JSON answer the sign-in page asks for keeps its `url`
 * (next-auth/react reads the error from it) and gains the platform's `error` in the person's
 * language; a redirect (a form posted without JavaScript) stays a redirect, with Retry-After.
 */
import { localeFromCookieHeader } from "@/lib/cookies";
import { signInWaitMessage } from "@/lib/errors";
import { translate } from "@/lib/i18n";

function waitOf(url: string | null | undefined): number | null {
  if (!url) return null;
  try {
    const match = /^RATE_LIMITED:(\d+)$/.exec(new URL(url, "http://platform.invalid").searchParams.get("error") ?? "");
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export async function withSignInRefusalStatus(request: Request, response: Response): Promise<Response> {
  const redirectWait = waitOf(response.headers.get("location"));
  if (redirectWait !== null) {
    const headers = new Headers(response.headers);
    headers.set("retry-after", String(redirectWait));
    return new Response(response.body, { status: response.status, headers });
  }
  if (!response.headers.get("content-type")?.includes("application/json")) return response;
  const text = await response.clone().text();
  let url: unknown;
  try {
    url = (JSON.parse(text) as { url?: unknown }).url;
  } catch {
    return response;
  }
  const seconds = waitOf(typeof url === "string" ? url : null);
  if (seconds === null) return response;
  const { key, params } = signInWaitMessage(seconds);
  const message = translate(localeFromCookieHeader(request.headers.get("cookie")), key, params);
  const headers = new Headers(response.headers);
  headers.set("retry-after", String(seconds));
  headers.delete("content-length");
  return new Response(JSON.stringify({ url, error: { code: "RATE_LIMITED", message } }), { status: 429, headers });
}
