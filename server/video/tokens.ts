/**
 * Join tokens: short-lived proof, issued after the room's access check, that one user may enter
 * one video room with one role. HMAC-SHA256 under a key derived from JOIN_TOKEN_SECRET, a secret
 * of its own: the session secret can change without touching join tokens and the other way round.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getPlatform } from "@/server/platform";
import type { VideoRoomRole } from "@/server/db/generated/enums";

export const JOIN_TOKEN_TTL_SECONDS = 120;

export interface JoinClaims {
  roomId: string;
  userId: string;
  role: VideoRoomRole;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const claimsSchema = z.object({
  r: z.string().min(1),
  u: z.string().min(1),
  h: z.enum(["HOST", "PARTICIPANT", "VIEWER"]),
  e: z.number().int(),
  n: z.string(),
});

export class JoinTokenError extends AppError {
  constructor(messageKey: "video.token.invalid" | "video.token.expired" | "video.token.otherRoom" | "video.token.otherUser") {
    super("FORBIDDEN", messageKey, { publicCode: "JOIN_TOKEN_REFUSED" });
  }
}

function signingKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("rmp/video-join-token/v1").digest();
}

function sign(secret: string, payload: string): string {
  return createHmac("sha256", signingKey(secret)).update(payload).digest("base64url");
}

export function createJoinToken(secret: string, claims: Omit<JoinClaims, "expiresAt">, now = Date.now(), ttlSeconds = JOIN_TOKEN_TTL_SECONDS): string {
  const payload = Buffer.from(
    JSON.stringify({ r: claims.roomId, u: claims.userId, h: claims.role, e: Math.floor(now / 1000) + ttlSeconds, n: randomBytes(6).toString("base64url") }),
  ).toString("base64url");
  return `v1.${payload}.${sign(secret, payload)}`;
}

/** Checks signature, expiry and that the token names this room and this user. */
export function verifyJoinToken(secret: string, token: unknown, expected: { roomId?: string; userId: string }, now = Date.now()): JoinClaims {
  if (typeof token !== "string" || token.length > 1024) throw new JoinTokenError("video.token.invalid");
  const [version, payload, signature, ...rest] = token.split(".");
  if (version !== "v1" || !payload || !signature || rest.length > 0) throw new JoinTokenError("video.token.invalid");
  const expectedSignature = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (given.length !== expectedSignature.length || !timingSafeEqual(given, expectedSignature)) throw new JoinTokenError("video.token.invalid");
  let parsed: z.infer<typeof claimsSchema>;
  try {
    parsed = claimsSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    throw new JoinTokenError("video.token.invalid");
  }
  if (parsed.e * 1000 <= now) throw new JoinTokenError("video.token.expired");
  if (expected.roomId !== undefined && parsed.r !== expected.roomId) throw new JoinTokenError("video.token.otherRoom");
  if (parsed.u !== expected.userId) throw new JoinTokenError("video.token.otherUser");
  return { roomId: parsed.r, userId: parsed.u, role: parsed.h, expiresAt: parsed.e };
}

/** JOIN_TOKEN_SECRET (or the one generated into the keys folder): never the session secret. */
export function joinTokenSecret(): string {
  return getPlatform().joinTokenSecret;
}
