/**
 * What the resident's vital-sign pages cost a phone: `npx tsx bench/vitals-page-weight.bench.ts`
 * (after `npx next build`). Starts the real server on a fresh database, gives the demo patient 90
 * days of blood-pressure readings (twice a day, some flagged), signs in (a server-side session),
 * and for each page fetches the HTML and every script it loads, counting bytes as sent and
 * gzipped. The portal's home page is the baseline: what any portal page loads. The chart is
 * server-rendered SVG, so the vitals page adds markup and no script.
 * Writes bench/results/vitals-page-weight.json.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { encodeSessionToken } from "../server/auth/sessionCookie";
import { startBenchServer, writeResults } from "./benchServer";

const PORT = Number(process.env.BENCH_PORT ?? 3413);
const secret = randomBytes(32).toString("base64url");
const PAGES = ["/home", "/card", "/my-record/vitals?kind=BLOOD_PRESSURE&days=90", "/my-record/devices"];

const bench = await startBenchServer("vitals-page-weight", { port: PORT, defaultDistDir: ".next", env: { AUTH_SECRET: secret } });

interface Weight {
  page: string;
  status: number;
  htmlBytes: number;
  htmlGzip: number;
  scripts: number;
  jsBytes: number;
  jsGzip: number;
}

try {
  const db = new pg.Client({ connectionString: bench.dbUrl });
  await db.connect();
  const { rows } = await db.query<{ user_id: string; resident_id: string }>(`SELECT u.id AS user_id, r.id AS resident_id FROM app_user u JOIN resident r ON r.user_id = u.id WHERE u.username = 'patient'`);
  const { user_id: userId, resident_id: residentId } = rows[0]!;
  await db.query(
    `INSERT INTO vital_reading (id, resident_id, kind, value, value2, unit, measured_at, source, source_key, flag)
     SELECT gen_random_uuid(), $1, 'BLOOD_PRESSURE', 118 + (i % 23), 74 + (i % 13), 'mmHg', now() - (i * interval '12 hours'), 'INSTITUTION', 'bench:' || i,
            CASE WHEN 118 + (i % 23) >= 140 THEN 'HIGH'::"VitalFlag" END
       FROM generate_series(0, 179) i`,
    [residentId],
  );
  const { rows: session } = await db.query<{ id: string }>(
    `INSERT INTO user_session (id, user_id, created_at, last_seen_at, expires_at) VALUES (gen_random_uuid(), $1, now(), now(), now() + interval '12 hours') RETURNING id`,
    [userId],
  );
  await db.end();
  const cookie = `next-auth.session-token=${await encodeSessionToken(session[0]!.id, secret)}; locale=zh-CN`;
  const weights: Weight[] = [];
  const scriptCache = new Map<string, Buffer>();
  for (const page of PAGES) {
    const response = await fetch(`${bench.baseUrl}${page}`, { headers: { cookie } });
    const html = Buffer.from(await response.arrayBuffer());
    const sources = [...html.toString("utf8").matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, "&"));
    let jsBytes = 0;
    let jsGzip = 0;
    for (const src of new Set(sources)) {
      let body = scriptCache.get(src);
      if (!body) {
        body = Buffer.from(await (await fetch(new URL(src, bench.baseUrl))).arrayBuffer());
        scriptCache.set(src, body);
      }
      jsBytes += body.length;
      jsGzip += gzipSync(body).length;
    }
    weights.push({ page, status: response.status, htmlBytes: html.length, htmlGzip: gzipSync(html).length, scripts: new Set(sources).size, jsBytes, jsGzip });
  }
  const home = weights[0]!;
  writeResults("vitals-page-weight", {
    benchmark: "vitals-page-weight",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    loadAverage: os.loadavg(),
    setup: "production build; the demo patient with 180 blood-pressure readings over 90 days (server-rendered SVG chart and table); scripts as the page's <script src> list them, gzip -6",
    pages: weights.map((w) => ({ ...w, jsBytesOverHome: w.jsBytes - home.jsBytes, jsGzipOverHome: w.jsGzip - home.jsGzip })),
  });
} finally {
  await bench.stop();
}
