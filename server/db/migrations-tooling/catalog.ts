/**
 * A plain, comparable description of a PostgreSQL schema: enums, columns, indexes and
 * constraints of `public`, without Prisma's bookkeeping table and without what Prisma does not
 * model (triggers, functions, exclusion and check constraints, partial indexes), which migrations may add by hand.
 */
import type pg from "pg";

export interface Catalog {
  enums: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
}

export async function describeCatalog(client: pg.Client): Promise<Catalog> {
  const enums = await client.query<{ line: string }>(`
    SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`);
  const columns = await client.query<{ line: string }>(`
    SELECT c.table_name || '.' || c.column_name || ' ' || format_type(a.atttypid, a.atttypmod)
           || CASE WHEN c.is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END
           || COALESCE(' DEFAULT ' || c.column_default, '') AS line
    FROM information_schema.columns c
    JOIN pg_class cl ON cl.relname = c.table_name
    JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = c.table_schema
    JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attname = c.column_name
    WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations' ORDER BY 1`);
  const indexes = await client.query<{ line: string }>(`
    SELECT indexdef AS line FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'x')
      -- Partial indexes are hand-written SQL (Prisma's schema cannot express them), like exclusion constraints.
      AND indexdef NOT LIKE '% WHERE %'
    ORDER BY 1`);
  const constraints = await client.query<{ line: string }>(`
    SELECT rel.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) AS line
    FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
    WHERE n.nspname = 'public' AND rel.relname <> '_prisma_migrations' AND con.contype NOT IN ('x', 'c') ORDER BY 1`);
  const lines = (result: { rows: { line: string }[] }) => result.rows.map((row) => row.line);
  return { enums: lines(enums), columns: lines(columns), indexes: lines(indexes), constraints: lines(constraints) };
}

export function catalogDifferences(expected: Catalog, actual: Catalog): string[] {
  const differences: string[] = [];
  for (const part of ["enums", "columns", "indexes", "constraints"] as const) {
    const want = new Set(expected[part]);
    const have = new Set(actual[part]);
    for (const line of want) if (!have.has(line)) differences.push(`missing ${part.slice(0, -1)}: ${line}`);
    for (const line of have) if (!want.has(line)) differences.push(`unexpected ${part.slice(0, -1)}: ${line}`);
  }
  return differences;
}
