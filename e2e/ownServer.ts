/**
 * A production server of one spec's own (scripts/e2e-server.mjs on a fresh PostgreSQL database),
 * for tests that must count everything the server holds (no other spec's calls beside them) or
 * that stop the server. Its port is the run's E2E_PORT_BASE plus an offset of the spec's own; its
 * stdout and stderr are kept, and the process can be signalled.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PG_PORT } from "../playwright.config";

export interface OwnServer {
  port: number;
  /** The public address (PUBLIC_URL), for browser pages. */
  url: string;
  /** The same server by IPv4 address, for Node's own requests. */
  direct: string;
  /** Everything the server (and its wrapper) wrote, so far. */
  output(): string;
  /** The wrapper's process: SIGTERM to it reaches the server, and it exits with the server's code. */
  process: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

const ROOT = path.resolve(import.meta.dirname, "..");

/** Starts the server and resolves once /api/health answers 200 (database, SFU and socket.io up). */
export async function startOwnServer(offset: number, env: Record<string, string> = {}, readyTimeoutMs = 300_000): Promise<OwnServer> {
  const port = PG_PORT + offset;
  const child = spawn(process.execPath, ["scripts/e2e-server.mjs", "--db", "postgres", "--port", String(port)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://localhost:${port}`;
  const direct = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`the server on port ${port} exited while starting:\n${chunks.join("").slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the server on port ${port} did not become healthy in ${readyTimeoutMs} ms:\n${chunks.join("").slice(-4000)}`);
    }
    const healthy = await fetch(`${direct}/api/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    port,
    url,
    direct,
    output: () => chunks.join(""),
    process: child,
    exited,
    async stop() {
      if (!gone) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** The summed value of each named metric in a Prometheus exposition (every series of the name). */
export function metricSums(exposition: string, names: readonly string[]): Record<string, number> {
  const sums: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (const line of exposition.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match && match[1]! in sums) sums[match[1]!]! += Number(match[2]);
  }
  return sums;
}
