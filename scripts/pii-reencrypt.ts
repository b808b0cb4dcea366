/**
 * Re-encrypts everything stored encrypted (residents' document and phone numbers, experts'
 * signing keys) to the current keys and the authenticated format, with progress output.
 *   npm run pii:reencrypt [-- --batch-size <n>]
 * Idempotent and resumable: run it again after an interruption. With the embedded database, stop
 * the platform first. The work is in server/keys/reencryptCommand.ts.
 */
import { parseArgs } from "node:util";
import { setLogLevel } from "../lib/log";
import { ConfigError, getConfig } from "../server/config";
import { runReencryptCommand } from "../server/keys/reencryptCommand";

const { values } = parseArgs({ options: { "batch-size": { type: "string", default: "500" } }, strict: true });
const batchSize = Number(values["batch-size"]);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  process.stderr.write("--batch-size must be a positive whole number\n");
  process.exit(2);
}

try {
  const config = getConfig();
  setLogLevel(config.logLevel);
  const result = await runReencryptCommand(config, (line) => process.stdout.write(line + "\n"), { batchSize });
  const unreadable = result.residents.unreadable + result.signingKeys.unreadable;
  process.stdout.write(unreadable > 0 ? `done, with ${unreadable} unreadable values left as they are\n` : "done\n");
  process.exit(unreadable > 0 ? 1 : 0);
} catch (error) {
  process.stderr.write(`✖ ${error instanceof ConfigError ? error.message : `re-encryption failed: ${(error as Error).message}`}\n`);
  process.exit(1);
}
