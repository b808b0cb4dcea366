import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate` here (see scripts/prisma-generate.mjs);
// migrations are SQL files applied by server/db/migrate.ts.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
