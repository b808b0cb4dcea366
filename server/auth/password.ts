/**
 * Password hashing with scrypt (memory-hard, in Node's crypto: no native add-on to build).
 * Parameters follow OWASP's scrypt guidance (N=2^17, r=8, p=1: 128 MiB per hash) and are
 * stored in the hash so they can be raised later without invalidating existing passwords.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_PARAMS: ScryptParams = { logN: 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function memoryFor({ logN, r, p }: ScryptParams): number {
  return 128 * r * (2 ** logN + p + 2) + 1024 * 1024;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: memoryFor(params) });
  return `scrypt$${params.logN}$${params.r}$${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, logN, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (!Number.isInteger(params.logN) || params.logN < 10 || params.logN > 20) return false;
  const expected = Buffer.from(keyText, "base64url");
  const actual = await scrypt(password, Buffer.from(saltText, "base64url"), expected.length, {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    maxmem: memoryFor(params),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check so response times do not reveal unknown usernames. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password");
  await verifyPassword(password, await dummyHash);
}
