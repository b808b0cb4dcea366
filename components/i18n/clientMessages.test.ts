import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import { CLIENT_MESSAGES, namespacesOf, type ClientComponent } from "./clientMessages";
import { clientComponentsReachedFrom, componentName, isClient, needsOf, rel, ROOT, SOURCES, source } from "./clientMessages.scan";

const KEYS = Object.keys(MESSAGES);
const covers = (namespaces: readonly string[], key: string) => namespaces.some((namespace) => (namespace.endsWith(".") ? key.startsWith(namespace) : key === namespace));

/**
 * `t(expression)` calls whose key the source does not spell: where the key comes from and what
 * the component's namespaces must therefore cover. A ternary of two literals needs no entry (both
 * literals are read as keys).
 */
const COMPUTED: Record<string, Record<string, readonly string[]>> = {
  // a failed import's key, stored by server/healthcard/import/runner.ts
  ImportAdmin: { "job.failureKey": ["healthCard.import."] },
  // the labels server/consultation/recordPanel.ts sends
  SidePanel: { "row.labelKey": ["cons.field.number", "cons.field.summary", "cons.field.question"] },
  // run(action, "healthCard.ui.…") in the same file
  PatientActions: { doneKey: [] },
  // signInWaitMessage (lib/errors.ts) picks seconds or minutes
  SignInForm: { "wait.key": ["auth.rateLimited", "auth.rateLimitedMinutes"] },
};

const usesI18n = (file: string) => /\buseI18n\(\)/.test(source(file)) && !file.endsWith("I18nProvider.tsx");
const clientFiles = SOURCES.filter((file) => isClient(file) && usesI18n(file));

/** The pages, layouts and boundaries of app/, each with the layouts that enclose it. */
const ENTRIES = SOURCES.filter((file) => /\/(page|layout|error|not-found|forbidden)\.tsx$/.test(file) && file.startsWith(path.join(ROOT, "app")));
function enclosingLayouts(entry: string): string[] {
  const layouts: string[] = [];
  for (let dir = path.dirname(entry); dir.startsWith(path.join(ROOT, "app")); dir = path.dirname(dir)) {
    const layout = path.join(dir, "layout.tsx");
    if (layout !== entry && SOURCES.includes(layout)) layouts.push(layout);
  }
  return layouts;
}
function handedOut(file: string): ClientComponent[] {
  return [...source(file).matchAll(/<ClientMessages\s+of=\{\[([^\]]*)\]\}/g)].flatMap((match) => [...(match[1] as string).matchAll(/"([^"]+)"/g)].map((name) => name[1] as ClientComponent));
}

describe("client components get every text they can show, and only those", () => {
  it("finds the client components", () => {
    expect(clientFiles.length).toBeGreaterThan(30);
    expect(clientFiles.map(rel)).toContain("app/signin/SignInForm.tsx");
  });

  it("every client component that uses useI18n has namespaces, named once", () => {
    const names = clientFiles.map(componentName);
    expect(new Set(names).size, "client component names are unique").toBe(names.length);
    for (const name of names) expect(Object.keys(CLIENT_MESSAGES), name).toContain(name);
    for (const name of Object.keys(CLIENT_MESSAGES)) expect(names, `${name} in clientMessages.ts is a client component`).toContain(name);
  });

  it("each namespace names something in the catalogue", () => {
    for (const [name, namespaces] of Object.entries(CLIENT_MESSAGES)) {
      for (const namespace of namespaces) expect(KEYS.some((key) => covers([namespace], key)), `${name}: ${namespace}`).toBe(true);
    }
  });

  it("each client component's namespaces cover every key its source (and its plain helpers) can show", () => {
    for (const file of clientFiles) {
      const name = componentName(file) as ClientComponent;
      const namespaces: readonly string[] = CLIENT_MESSAGES[name];
      const needs = needsOf(file);
      for (const key of needs.keys) expect(covers(namespaces, key), `${rel(file)} shows ${key}`).toBe(true);
      for (const prefix of needs.prefixes) {
        for (const key of KEYS.filter((candidate) => candidate.startsWith(prefix))) expect(covers(namespaces, key), `${rel(file)} builds ${prefix}… (${key})`).toBe(true);
      }
      for (const expression of needs.computed) {
        if (/["'`]/.test(expression)) continue;
        const known = COMPUTED[name]?.[expression];
        expect(known, `${rel(file)}: t(${expression}) — say in COMPUTED where its key comes from`).toBeDefined();
        for (const namespace of known ?? []) {
          for (const key of KEYS.filter((candidate) => covers([namespace], candidate))) expect(covers(namespaces, key), `${rel(file)}: t(${expression}) may show ${key}`).toBe(true);
        }
      }
    }
  });

  it("every page, layout and boundary names each client component it can render (or an enclosing layout does)", () => {
    for (const entry of ENTRIES) {
      const given = new Set([entry, ...enclosingLayouts(entry)].flatMap(handedOut));
      for (const component of clientComponentsReachedFrom(entry)) {
        if (!usesI18n(component)) continue;
        expect([...given], `${rel(entry)} renders ${rel(component)}`).toContain(componentName(component));
      }
    }
  });

  it("the sign-in page hands out a small part of the catalogue", () => {
    const given = [...new Set([path.join(ROOT, "app/signin/page.tsx"), path.join(ROOT, "app/layout.tsx")].flatMap(handedOut))];
    const keys = KEYS.filter((key) => covers(namespacesOf(given), key));
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.length).toBeLessThan(40);
  });

  it("client code imports only types from the catalogue (the texts stay on the server)", () => {
    for (const file of SOURCES.filter(isClient)) {
      for (const match of source(file).matchAll(/^import\s+(?!type\b)[^;]*?from\s+"(@\/lib\/i18n(?:\/messages[^"]*)?)";/gm)) {
        if (rel(file) === "app/global-error.tsx" && match[1] === "@/lib/i18n/messages/app") continue; // no provider there: the app shell's texts, both languages
        expect.fail(`${rel(file)} imports ${match[1]} as a value`);
      }
    }
  });
});
