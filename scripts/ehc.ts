/**
 * Health-card operator tool.
 *   npm run ehc -- card-id --root-key <32 hex> --master-index <64 hex> --doc-type <code> --doc-number <number>
 *       [--factor-from hex|ascii] [--skip-validation]
 *     prints the card ID, so operators can check the computation against the specification's
 *     example. The root key may come from EHC_ROOT_KEY instead of the command line (shell history).
 *   npm run ehc -- gen-keys [--version <n>]
 *     prints a fresh {version, rootKey, protectionKey} set as JSON for a demo or test configuration.
 */
import { parseArgs } from "node:util";
import { isAppError } from "../lib/errors";
import { computeCardId, isMasterIndexId } from "../server/healthcard/cardId";
import { DOCUMENT_TYPES, isDocumentTypeCode, validateDocument } from "../server/healthcard/identity";
import { generateHealthCardKeySetConfig } from "../server/healthcard/keys";
import { translate } from "../lib/i18n";

const USAGE = `Usage:
  npm run ehc -- card-id --root-key <32 hex> --master-index <64 hex> --doc-type <code> --doc-number <number>
                 [--factor-from hex|ascii] [--skip-validation]
  npm run ehc -- gen-keys [--version <n>]

  --root-key         SM4 root (security) key, 32 hex characters (or set EHC_ROOT_KEY)
  --master-index     master index ID, 64 hex characters
  --doc-type         ${Object.entries(DOCUMENT_TYPES).map(([name, code]) => `${code} ${name}`).join(", ")}
  --doc-number       document number (a resident ID's lower-case x is accepted)
  --factor-from      how the master index ID is split into 8-byte groups: hex (decoded, 4 groups,
                     default) or ascii (the 64 characters, 8 groups)
  --skip-validation  compute even if the document number fails the format check`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string, fallback?: string): string {
  const value = values[name] ?? fallback;
  if (typeof value !== "string" || value === "") throw new UsageError(`Missing --${name}.`);
  return value;
}

function cardIdCommand(args: string[]): string {
  const { values } = parseArgs({
    args,
    options: {
      "root-key": { type: "string" },
      "master-index": { type: "string" },
      "doc-type": { type: "string" },
      "doc-number": { type: "string" },
      "factor-from": { type: "string", default: "hex" },
      "skip-validation": { type: "boolean", default: false },
    },
    strict: true,
  });
  const rootKey = required(values, "root-key", process.env.EHC_ROOT_KEY);
  const masterIndexId = required(values, "master-index");
  const docType = required(values, "doc-type");
  const docNumber = required(values, "doc-number");
  const factorFrom = values["factor-from"];

  if (!/^[0-9a-fA-F]{32}$/.test(rootKey)) throw new UsageError("--root-key must be 32 hex characters (16 bytes).");
  if (!isMasterIndexId(masterIndexId)) throw new UsageError("--master-index must be 64 hex characters.");
  if (!isDocumentTypeCode(docType)) throw new UsageError(`--doc-type must be one of ${Object.values(DOCUMENT_TYPES).join(", ")}.`);
  if (factorFrom !== "hex" && factorFrom !== "ascii") throw new UsageError("--factor-from must be hex or ascii.");

  let number = docNumber.trim();
  if (values["skip-validation"]) {
    if (isResidentIdLike(docType)) number = number.toUpperCase();
  } else {
    try {
      number = validateDocument(docType, docNumber).docNumber;
    } catch (error) {
      if (!isAppError(error)) throw error;
      const filled = translate("en", error.messageKey, error.params);
      throw new UsageError(`--doc-number: ${filled} (use --skip-validation to compute anyway)`);
    }
  }
  try {
    return computeCardId({ rootKey: Buffer.from(rootKey, "hex"), masterIndexId, docType, docNumber: number, factorFrom });
  } catch (error) {
    throw new UsageError(`--doc-number: ${(error as Error).message}.`);
  }
}

function isResidentIdLike(docType: string): boolean {
  return docType === "01" || docType === "02" || docType === "05";
}

function genKeysCommand(args: string[]): string {
  const { values } = parseArgs({ args, options: { version: { type: "string", default: "1" } }, strict: true });
  const version = Number(values.version);
  if (!Number.isInteger(version) || version < 1) throw new UsageError("--version must be a positive integer.");
  return JSON.stringify(generateHealthCardKeySetConfig(version));
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === "card-id") console.log(cardIdCommand(rest));
    else if (command === "gen-keys") console.log(genKeysCommand(rest));
    else if (command === "help" || command === "--help" || command === "-h") console.log(USAGE);
    else throw new UsageError(command ? `Unknown command "${command}".` : "No command given.");
    return 0;
  } catch (error) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or incomplete options.
    const code = (error as { code?: string }).code ?? "";
    if (error instanceof UsageError || code.startsWith("ERR_PARSE_ARGS")) {
      console.error(`ehc: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
