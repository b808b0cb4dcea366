import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n";
import { TRANSITION_ACTIONS } from "@/server/consultation/stateMachine";
import { AUDIT_ACTIONS, AUDIT_GROUPS, actionLabelKey, groupOf, isAuditAction } from "./actions";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Source files that can write audit rows: the app, the server, the scripts and the SQL sources (tests left out). */
function sourceFiles(): { file: string; text: string }[] {
  const dirs = ["server", "app", "lib", "scripts", "prisma/sql"];
  return dirs.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx|mjs|sql)$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !e.parentPath.includes("generated"))
      .map((e) => {
        const file = path.join(e.parentPath, e.name);
        return { file: path.relative(ROOT, file), text: readFileSync(file, "utf8") };
      }),
  );
}

describe("audit actions", () => {
  it("each has a label in both languages, and belongs to a labelled group", () => {
    for (const action of AUDIT_ACTIONS) {
      for (const locale of ["zh-CN", "en"] as const) {
        const label = translate(locale, actionLabelKey(action));
        expect(label, `${action} in ${locale}`).not.toBe(actionLabelKey(action));
        expect(label, `${action} in ${locale}`).not.toContain(action);
      }
      expect(AUDIT_GROUPS, action).toContain(groupOf(action));
    }
    for (const group of AUDIT_GROUPS) expect(translate("zh-CN", `audit.group.${group}`)).not.toBe(`audit.group.${group}`);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    // No two actions share a label: a reader could not tell them apart.
    expect(new Set(AUDIT_ACTIONS.map((a) => translate("zh-CN", actionLabelKey(a)))).size).toBe(AUDIT_ACTIONS.length);
  });

  it("lists every consultation transition (written as consultation.<action> by Node and by the booking SQL)", () => {
    for (const action of TRANSITION_ACTIONS) expect(isAuditAction(`consultation.${action}`), action).toBe(true);
  });

  it("every action SQL writes into audit_log is listed; SQL that builds one writes only consultation transitions", () => {
    const found: string[] = [];
    for (const { file, text } of sourceFiles()) {
      for (const match of text.matchAll(/INSERT INTO audit_log\s*\(([^)]*)\)([\s\S]{0,400})/gi)) {
        const columns = match[1]!.split(",").map((c) => c.trim());
        expect(columns, `${file}: an audit_log insert names its action column`).toContain("action");
        const rest = match[2]!;
        const literals = [...rest.matchAll(/'([a-z]+(?:\.[A-Za-z_]+)+)'/g)].map((m) => m[1]!);
        const built = [...rest.matchAll(/'([a-z]+\.)'\s*\|\|/g)].map((m) => m[1]!);
        expect(literals.length + built.length, `${file}: an audit_log insert whose action this test cannot read`).toBeGreaterThan(0);
        for (const prefix of built) expect(prefix, `${file}: a built action`).toBe("consultation.");
        for (const action of literals.filter((l) => !/^(jsonb|json)\./.test(l))) {
          expect(isAuditAction(action), `${file} writes "${action}", which has no label`).toBe(true);
          found.push(action);
        }
      }
    }
    expect(found).toEqual(expect.arrayContaining(["ehc.verify", "record.device.readings"]));
  });

  it("Node writes audit rows only through audit() or auditRow(), whose type takes only listed actions", () => {
    for (const { file, text } of sourceFiles()) {
      if (file === path.join("server", "audit.ts")) continue;
      for (const match of text.matchAll(/auditLog\.(create|createMany)\(([\s\S]{0,120})/g)) {
        expect(match[2], `${file}: auditLog.${match[1]} without auditRow()`).toContain("auditRow(");
      }
    }
  });
});
