/**
 * The keys folder (KEYS_DIR): where keys and secrets the platform generates for itself live, apart
 * from the data folder, so a copy of the database files does not carry the keys that decrypt them.
 * The folder is 0700 and every file in it 0600. Files an earlier version generated into the data
 * folder are moved here on first use, so nobody loses access to what they encrypt.
 */
import { chmodSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { log } from "@/lib/log";

const logger = log.child({ module: "keys" });

export const KEYS_DIR_MODE = 0o700;
export const KEY_FILE_MODE = 0o600;

export interface KeyFolders {
  keysDir: string;
  /** Where earlier versions put generated keys; read once and moved from there. */
  dataDir: string;
}

export interface KeyFileContent {
  text: string;
  /** True when this call (or a process starting beside it) generated the key just now. */
  generated: boolean;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";
const isTaken = (error: unknown) => (error as NodeJS.ErrnoException).code === "EEXIST";

function tryRead(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new Error(`${file} is unreadable (${(error as NodeJS.ErrnoException).code}); restore it or configure the key`);
  }
}

export function ensureKeysDir(keysDir: string): void {
  mkdirSync(keysDir, { recursive: true, mode: KEYS_DIR_MODE });
  // mkdir leaves an existing folder's mode alone, and the umask may have widened a new one.
  try {
    chmodSync(keysDir, KEYS_DIR_MODE);
  } catch (error) {
    // A folder provisioned by someone else (a mounted secret volume): theirs to get right.
    logger.warn("the keys folder's mode cannot be set to 0700", { keysDir, error: (error as NodeJS.ErrnoException).code });
  }
}

/** "wx": when two processes start together the first file wins and the other reads it. */
function writeOnce(file: string, text: string): { text: string; written: boolean } {
  try {
    writeFileSync(file, text, { mode: KEY_FILE_MODE, flag: "wx" });
    chmodSync(file, KEY_FILE_MODE);
    return { text, written: true };
  } catch (error) {
    if (!isTaken(error)) throw error;
    return { text: readFileSync(file, "utf8"), written: false };
  }
}

function removeMoved(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    // A process starting beside this one moved it first.
    if (!isMissing(error)) throw error;
  }
}

/**
 * The key file `name` from the keys folder; moved there from the data folder if an earlier
 * version generated it there; otherwise generated once with `generate`. `setting` names the
 * configuration that would replace the file, for the log line.
 */
export function readOrCreateKeyFile(folders: KeyFolders, name: string, generate: () => string, setting: string): KeyFileContent {
  ensureKeysDir(folders.keysDir);
  const file = path.join(folders.keysDir, name);
  const existing = tryRead(file);
  if (existing !== undefined) {
    chmodSync(file, KEY_FILE_MODE);
    return { text: existing, generated: false };
  }
  const legacyFile = path.join(folders.dataDir, name);
  const legacy = tryRead(legacyFile);
  if (legacy !== undefined) {
    const moved = writeOnce(file, legacy);
    removeMoved(legacyFile);
    logger.warn(`moved the key file ${name} from the data folder to the keys folder`, { from: legacyFile, to: file });
    return { text: moved.text, generated: false };
  }
  const created = writeOnce(file, generate());
  if (created.written) logger.warn(`not configured (${setting}): generated a demo key file into the keys folder; configure it in production`, { file });
  return { text: created.text, generated: created.written };
}
