/** Helpers for integration tests: the run's database and unique names so tests never collide. */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

/** Points the shared Prisma client (server/db/client.ts) at the run's database. */
export function useTestDatabase(): void {
  process.env.DATABASE_URL = testDatabaseUrl();
  process.env.DATABASE_POOL_SIZE ??= "5";
}

export function unique(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}
