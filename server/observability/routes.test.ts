import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nextRoutePatterns, routeTable, UNMATCHED_ROUTE } from "./routes";

const MANIFEST = {
  staticRoutes: [
    { page: "/home", regex: "^/home(?:/)?$", routeKeys: {} },
    { page: "/api/consultations/queue", regex: "^/api/consultations/queue(?:/)?$", routeKeys: {} },
  ],
  dynamicRoutes: [
    { page: "/api/consultations/[id]", regex: "^/api/consultations/([^/]+?)(?:/)?$", routeKeys: { nxtPid: "nxtPid" } },
    { page: "/api/[...path]", regex: "^/api/(.+?)(?:/)?$", routeKeys: {} },
  ],
};

describe("route patterns for metric labels", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rmp-routes-"));
  writeFileSync(path.join(dir, "routes-manifest.json"), JSON.stringify(MANIFEST));
  const table = routeTable(nextRoutePatterns(dir));
  rmSync(dir, { recursive: true, force: true });

  it("labels a path with its Next route pattern: static before dynamic, ids and query strings dropped", () => {
    expect(table.patternOf("/home")).toBe("/home");
    expect(table.patternOf("/api/consultations/queue?page=2")).toBe("/api/consultations/queue");
    expect(table.patternOf("/api/consultations/0b8e6f5e-1c2d-4e3f-9a8b-7c6d5e4f3a2b")).toBe("/api/consultations/[id]");
    expect(table.patternOf("/api/no/such/thing")).toBe("/api/[...path]");
  });

  it("puts Next's assets and public files in fixed buckets, and everything else under one label", () => {
    expect(table.patternOf("/_next/static/chunks/app-4f1c.js")).toBe("/_next/static");
    expect(table.patternOf("/favicon.ico")).toBe("/public");
    expect(table.patternOf("/wp-admin/setup-config.php")).toBe(UNMATCHED_ROUTE);
    expect(table.patternOf("/patients/441424196503120011")).toBe(UNMATCHED_ROUTE);
  });

  it("has no patterns without a build (tests, a dev server before its first compile)", () => {
    expect(nextRoutePatterns(path.join(os.tmpdir(), "rmp-no-such-build"))).toEqual([]);
    expect(routeTable([]).patternOf("/home")).toBe(UNMATCHED_ROUTE);
  });
});
