/**
 * What `npm start` and `npm test` need from the machine besides npm packages, checked before they
 * run and fetched when missing: the mediasoup worker (with its libraries) for video, and, for the
 * tests, Chromium and CJK fonts. Fetching is scripts/install-system-deps.sh (Debian's archive, the
 * one route these machines have). Where it cannot run (no root and no passwordless sudo, no
 * archive), the platform still starts without video and this says which one command to run.
 *
 *   tsx scripts/system-deps.ts start   # worker; never fails the start
 *   tsx scripts/system-deps.ts test    # worker and browser; fails when they cannot be had
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { getConfig } from "@/server/config";

export type Purpose = "start" | "test";

export interface Need {
  what: string;
  present: boolean;
}

const root = path.resolve(import.meta.dirname, "..");
const installCommand = "sudo bash scripts/install-system-deps.sh";

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The worker runs only when every library it links is on the machine. */
function workerRuns(binary: string): boolean {
  if (!executable(binary)) return false;
  try {
    return !/not found/.test(execFileSync("ldd", [binary], { encoding: "utf8" }));
  } catch {
    return false;
  }
}

function fontsPresent(): boolean {
  return spawnSync("dpkg", ["-s", "fonts-noto-cjk"], { stdio: "ignore" }).status === 0;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

export function needsFor(purpose: Purpose): Need[] {
  const needs: Need[] = [{ what: `mediasoup worker (${getConfig().mediasoupWorkerBin})`, present: workerRuns(getConfig().mediasoupWorkerBin) }];
  if (purpose === "test") {
    needs.push({ what: `Chromium (${chromiumPath()})`, present: executable(chromiumPath()) });
    needs.push({ what: "CJK fonts (fonts-noto-cjk)", present: fontsPresent() });
  }
  return needs;
}

function canBecomeRoot(): boolean {
  if (process.getuid?.() === 0) return true;
  return spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
}

function main(purpose: Purpose): number {
  const tag = `[${purpose}]`;
  const missing = needsFor(purpose).filter((need) => !need.present);
  if (missing.length === 0) return 0;
  console.log(`${tag} missing on this machine: ${missing.map((need) => need.what).join("; ")}`);
  const consequence = purpose === "start" ? "the platform starts without live video until it is installed" : "the tests cannot run without it";
  if (!canBecomeRoot()) {
    console.log(`${tag} cannot install it without root: run \`${installCommand}\` once; ${consequence}.`);
    return purpose === "start" ? 0 : 1;
  }
  console.log(`${tag} fetching it from Debian's archive (scripts/install-system-deps.sh; a minute or two, once)…`);
  const install = spawnSync("bash", ["scripts/install-system-deps.sh"], { cwd: root, stdio: "inherit" });
  const stillMissing = needsFor(purpose).filter((need) => !need.present);
  if (install.status !== 0 || stillMissing.length > 0) {
    console.log(`${tag} could not install ${stillMissing.map((need) => need.what).join("; ") || "everything"}: run \`${installCommand}\` and read its output; ${consequence}.`);
    return purpose === "start" ? 0 : 1;
  }
  console.log(`${tag} installed.`);
  return 0;
}

const purpose = process.argv[2];
if (purpose !== "start" && purpose !== "test") {
  console.error("usage: tsx scripts/system-deps.ts start|test");
  process.exit(2);
}
process.exit(main(purpose));
