/**
 * Every entry point declares its access where it is defined: each route handler is built by
 * apiRoute({ access }) or publicRoute(reason, …), each page calls requirePageUser(action) or
 * publicPage(reason), each raw fast route and each /media client message has an entry with an
 * action of the policy. The entry points are found from the code (the file system, the fast-route
 * table, the message registry), so a new one without a declaration fails here.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { FAST_ROUTES } from "@/server/http/fastRoutes";
import { CLIENT_MESSAGE_ACCESS, clientMessages } from "@/server/video/protocol";
import { isAction, isPublic } from "./policy";

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === name)
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

/** The declared access of a call `apiRoute({ access: … })`, `fhirRoute({ access: … })` (server/record/fhir/route.ts) or `publicRoute("reason", …)`, or null. */
function declaredAccess(node: ts.Expression | undefined): string | null {
  if (!node || !ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return null;
  const [first] = node.arguments;
  if (node.expression.text === "publicRoute") return first && ts.isStringLiteral(first) && first.text.length > 10 ? "public" : null;
  if (!["apiRoute", "fhirRoute"].includes(node.expression.text) || !first || !ts.isObjectLiteralExpression(first)) return null;
  const access = first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "access");
  if (!access) return null;
  if (ts.isStringLiteral(access.initializer)) return isAction(access.initializer.text) ? access.initializer.text : null;
  if (ts.isObjectLiteralExpression(access.initializer)) {
    const reason = access.initializer.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "public");
    return reason && ts.isStringLiteral(reason.initializer) && reason.initializer.text.length > 10 ? "public" : null;
  }
  return null;
}

/** Each exported HTTP method of a route module with the access it declares (null: none). */
function routeDeclarations(file: string): Record<string, string | null> {
  const source = parse(file);
  const locals = new Map<string, ts.Expression | undefined>();
  const exported: Record<string, string> = {};
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      const isExported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        locals.set(declaration.name.text, declaration.initializer);
        if (isExported && METHODS.includes(declaration.name.text)) exported[declaration.name.text] = declaration.name.text;
      }
    }
    if (ts.isFunctionDeclaration(statement) && statement.name && METHODS.includes(statement.name.text)) exported[statement.name.text] = "";
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (METHODS.includes(element.name.text)) exported[element.name.text] = (element.propertyName ?? element.name).text;
      }
    }
  }
  return Object.fromEntries(Object.entries(exported).map(([method, local]) => [method, declaredAccess(locals.get(local))]));
}

/** The access a page declares: requirePageUser("action") or publicPage("reason") in its source. */
function pageDeclaration(file: string): string | null {
  let found: string | null = null;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const [first] = node.arguments;
      if (node.expression.text === "requirePageUser" && first && ts.isStringLiteral(first) && isAction(first.text)) found = first.text;
      if (node.expression.text === "publicPage" && first && ts.isStringLiteral(first) && first.text.length > 10) found = "public";
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return found;
}

describe("every entry point declares its access", () => {
  const routes = filesNamed("app", "route.ts");
  const pages = filesNamed("app", "page.tsx");

  it("finds the entry points (a guard against an empty scan)", () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(pages.length).toBeGreaterThan(25);
  });

  it("route handlers: apiRoute({ access }) or publicRoute(reason, handler), with an action of the policy", () => {
    const undeclared: string[] = [];
    let methods = 0;
    for (const file of routes) {
      const declarations = routeDeclarations(file);
      expect(Object.keys(declarations).length, `${file} exports no HTTP method`).toBeGreaterThan(0);
      for (const [method, access] of Object.entries(declarations)) {
        methods++;
        if (!access) undeclared.push(`${method} ${file}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(methods).toBeGreaterThan(60);
  });

  it("pages: requirePageUser(action) or publicPage(reason)", () => {
    expect(pages.filter((file) => pageDeclaration(file) === null)).toEqual([]);
  });

  it("raw fast routes: an action of the policy or a public reason each", () => {
    expect(FAST_ROUTES.length).toBeGreaterThanOrEqual(2);
    for (const route of FAST_ROUTES) {
      expect(isPublic(route.access) ? route.access.public.length > 10 : isAction(route.access), route.name).toBe(true);
    }
  });

  it("socket.io /media messages: every registered message has an action", () => {
    const messages = Object.keys(clientMessages);
    expect(messages.length).toBeGreaterThan(15);
    for (const message of messages) expect(isAction(CLIENT_MESSAGE_ACCESS[message as keyof typeof CLIENT_MESSAGE_ACCESS]), message).toBe(true);
  });

  it("the scan refuses a handler without a declaration", () => {
    const dir = path.join(ROOT, ".test-results", "entry-scan");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "route.ts"), 'const plain = apiRoute({ body }, async () => 1);\nexport const GET = apiRoute({ access: "nonsense.action" }, async () => 1);\nexport { plain as POST };\nexport async function PUT() {}\n');
    try {
      expect(routeDeclarations(path.relative(ROOT, path.join(dir, "route.ts")))).toEqual({ GET: null, POST: null, PUT: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
