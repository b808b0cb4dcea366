/**
 * The one Prisma client of the process. The custom server and Next's bundled route code are
 * separate module graphs in one process, so the client lives on globalThis: both share one
 * pool (which matters on embedded PGlite, where only one connection is safe).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "./generated/client";

function createClient(connectionString: string, poolSize: number) {
  const adapter = new PrismaPg({ connectionString, max: poolSize, connectionTimeoutMillis: 10_000 });
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

export type Db = ReturnType<typeof createClient>;

interface DbGlobal {
  __rmpDb?: Db;
}
const holder = globalThis as unknown as DbGlobal;

export function getDb(): Db {
  if (!holder.__rmpDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the server sets it before anything uses the database");
    holder.__rmpDb = createClient(url, Number(process.env.DATABASE_POOL_SIZE ?? 10));
  }
  return holder.__rmpDb;
}

export async function disconnectDb(): Promise<void> {
  const db = holder.__rmpDb;
  holder.__rmpDb = undefined;
  await db?.$disconnect();
}

export { Prisma };
