/**
 * `npm run audit:verify`: walks the audit log's SM3 chains (server/audit/verify.ts) and prints
 * every altered, deleted or inserted entry with its place (chain, sequence number, id). Exits 1
 * when anything is wrong.
 *   --anchors <file>  also check heads exported earlier (JSON lines as --export-heads prints them)
 *   --from <date> --to <date>  only the chains of these UTC days (YYYY-MM-DD, both included):
 *                     a range starts from the stored head of the day before it (anchor that head)
 *   --export-heads    after a clean verification, print each day's head as a JSON line
 *                     {"date","seq","head"} to anchor elsewhere (`npm run audit:heads`)
 * Uses DATABASE_URL, else the embedded database (the running server's socket, or its folder).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { verifyAuditLog, type ChainHead } from "../server/audit/verify";
import { getConfig } from "../server/config";
import { EmbeddedDatabaseError, embeddedSocketDir, openEmbeddedForTool, type EmbeddedDatabase } from "../server/db/embedded";

const { values } = parseArgs({ options: { anchors: { type: "string" }, from: { type: "string" }, to: { type: "string" }, "export-heads": { type: "boolean", default: false } } });
for (const bound of ["from", "to"] as const) {
  const value = values[bound];
  if (value !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
    console.error(`✖ --${bound} must be a date YYYY-MM-DD, not "${value}"`);
    process.exit(2);
  }
}
if (values.from && values.to && values.from > values.to) {
  console.error(`✖ --from ${values.from} is after --to ${values.to}`);
  process.exit(2);
}

async function readAnchors(file: string): Promise<ChainHead[]> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line.trim() !== "");
  return lines.map((line, index) => {
    const anchor = JSON.parse(line) as { date?: unknown; seq?: unknown; head?: unknown };
    if (typeof anchor.date !== "string" || typeof anchor.seq !== "number" || typeof anchor.head !== "string") {
      throw new Error(`${file}:${index + 1}: expected {"date", "seq", "head"}`);
    }
    return { chain: anchor.date, seq: anchor.seq, head: anchor.head };
  });
}

const config = getConfig();
let embedded: EmbeddedDatabase | undefined;
let url = config.DATABASE_URL;
if (!url) {
  embedded = await openEmbeddedForTool({ dataDir: config.dataDir, socketDir: embeddedSocketDir(config.keysDir) }).catch((error: unknown) => {
    if (!(error instanceof EmbeddedDatabaseError)) throw error;
    console.error(`✖ ${error.message}`);
    process.exit(2);
  });
  url = embedded.url;
}
const pool = new pg.Pool({ connectionString: url, max: 1 });
try {
  const anchors = values.anchors ? await readAnchors(values.anchors) : [];
  const result = await verifyAuditLog(pool, { anchors, range: { from: values.from, to: values.to } });
  const report = values["export-heads"] ? process.stderr : process.stdout;
  report.write(`audit log: ${result.sealed} sealed entries in ${result.heads.length} daily chains, ${result.pending} not sealed yet\n`);
  for (const finding of result.findings) {
    const place = finding.chain ? `chain ${finding.chain} #${finding.seq}` : "unsealed";
    report.write(`${finding.kind.toUpperCase().padEnd(8)} ${place}${finding.id ? ` id ${finding.id}` : ""}: ${finding.detail}\n`);
  }
  if (!result.ok) {
    report.write(`✖ ${result.findings.length} problems found\n`);
    process.exitCode = 1;
  } else if (values["export-heads"]) {
    for (const head of result.heads) process.stdout.write(JSON.stringify({ date: head.chain, seq: head.seq, head: head.head }) + "\n");
  } else report.write("✔ every chain verifies\n");
} finally {
  await pool.end();
  await embedded?.stop();
}
