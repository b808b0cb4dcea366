/**
 * Bearer tokens of systems that call the platform without a person's session: hospital terminals
 * (server/healthcard/terminals.ts), institution integration credentials (server/record/
 * integration.ts). A token is 32 random bytes behind a prefix naming its kind; it is shown once
 * when issued and only its SM3 hash is stored, with the last four characters as a hint for lists.
 */
import { randomBytes } from "node:crypto";
import { sm3Hex } from "@/server/crypto/sm";

export interface IssuedBearerToken {
  /** Shown to the admin once, never stored. */
  token: string;
  /** What the row keeps: SM3 of the token, hex. */
  tokenHash: string;
  /** The token's last four characters, for lists. */
  tokenHint: string;
}

export function hashBearerToken(token: string): string {
  return sm3Hex(token);
}

export function issueBearerToken(prefix: string): IssuedBearerToken {
  const token = prefix + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashBearerToken(token), tokenHint: token.slice(-4) };
}

/** The token of an `Authorization: Bearer <token>` header, or null when there is none or it is not of that form. */
export function bearerTokenOf(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S{8,200})$/i.exec(authorization ?? "");
  return match ? (match[1] as string) : null;
}
