/**
 * Reads the client components' sources (tests only): which catalogue keys each can display, and
 * which client components each page or layout can render. components/i18n/clientMessages.test.ts
 * checks them against the namespaces the pages hand out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { MESSAGES } from "@/lib/i18n/messages";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const KEYS = Object.keys(MESSAGES);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

export const SOURCES = [...walk(path.join(ROOT, "app")), ...walk(path.join(ROOT, "components"))].filter((file) => !file.endsWith(".scan.ts"));
const text = new Map(SOURCES.map((file) => [file, readFileSync(file, "utf8")]));

export const rel = (file: string) => path.relative(ROOT, file);
export const source = (file: string) => text.get(file) ?? "";
export const isClient = (file: string) => /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(source(file));

/** The app/ and components/ modules a file imports (lib/ and server/ hold no client text). */
export function importsOf(file: string): string[] {
  const found: string[] = [];
  for (const match of source(file).matchAll(/(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/g)) {
    const spec = match[1] as string;
    const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(file), spec) : null;
    if (!base) continue;
    const hit = [base, `${base}.tsx`, `${base}.ts`, path.join(base, "index.tsx"), path.join(base, "index.ts")].find((candidate) => text.has(candidate) && existsSync(candidate));
    if (hit) found.push(hit);
  }
  return found;
}

/** What a key use needs: an exact key, or every key under a prefix (a key built at run time). */
export interface Needs {
  keys: Set<string>;
  prefixes: Set<string>;
  /** `t(expression)` calls whose key is not written in the source. */
  computed: Set<string>;
}

function scanOne(file: string, needs: Needs): void {
  const code = source(file);
  for (const match of code.matchAll(/"([^"\n]+)"|'([^'\n]+)'/g)) {
    const literal = (match[1] ?? match[2]) as string;
    if (Object.hasOwn(MESSAGES, literal)) needs.keys.add(literal);
    else if (literal.includes(".") && KEYS.some((key) => key.startsWith(`${literal}.`))) needs.prefixes.add(`${literal}.`);
  }
  for (const match of code.matchAll(/`([^`$]*)\$\{/g)) {
    const head = match[1] as string;
    if (head.includes(".") && KEYS.some((key) => key.startsWith(head))) needs.prefixes.add(head);
  }
  for (const match of code.matchAll(/\bt\(\s*([^"'`\s)][^,)]*)/g)) needs.computed.add((match[1] as string).trim().replace(/\s+as\s+\w+$/, ""));
}

/** A client component's needs: its own source and the plain (non-client) modules it imports. */
export function needsOf(file: string): Needs {
  const needs: Needs = { keys: new Set(), prefixes: new Set(), computed: new Set() };
  const seen = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    scanOne(current, needs);
    for (const next of importsOf(current)) if (!isClient(next)) visit(next);
  };
  visit(file);
  return needs;
}

/** Every client component a page, layout or boundary can render, through any chain of imports. */
export function clientComponentsReachedFrom(entry: string): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    if (isClient(current)) reached.add(current);
    for (const next of importsOf(current)) visit(next);
  };
  visit(entry);
  return reached;
}

export const componentName = (file: string) => path.basename(file).replace(/\.tsx?$/, "");
