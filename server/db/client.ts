/**
 * The Prisma client, on the platform's shared pool (server/db/connections.ts): Prisma, the raw
 * stores and the job runner draw from the same DATABASE_POOL_SIZE connections. Built by the
 * composition root (server/compose.ts); `getDb()` reads the one the platform holds.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { getPlatform } from "@/server/platform";
import { Prisma, PrismaClient } from "./generated/client";

export function createDb(pool: pg.Pool) {
  // The adapter does not end a pool it was given: closing the pool is the platform's job.
  const adapter = new PrismaPg(pool);
  return new PrismaClient({ adapter }).$extends(refuseUndefinedFilters);
}

/**
 * `where: { ownerId: session?.user.id }` silently matches every row when the id is undefined.
 * Refuse any query whose `where` names a field with the value undefined.
 */
const refuseUndefinedFilters = Prisma.defineExtension({
  name: "refuse-undefined-filters",
  query: {
    $allModels: {
      async $allOperations({ model, operation, args, query }) {
        const where = (args as { where?: Record<string, unknown> } | undefined)?.where;
        if (where && typeof where === "object") {
          for (const [field, value] of Object.entries(where)) {
            if (value === undefined) {
              throw new Error(`Refused ${model}.${operation}: where.${field} is undefined`);
            }
          }
        }
        return query(args);
      },
    },
  },
});

export type Db = ReturnType<typeof createDb>;

export function getDb(): Db {
  return getPlatform().db;
}

export { Prisma };
