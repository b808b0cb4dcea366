import { describe, expect, it } from "vitest";
import { splitPoolSize, statement } from "./connections";

describe("DATABASE_POOL_SIZE is the connections of the whole process", () => {
  it("sets a quarter (at least one) aside for verification and gives the rest to the shared pool", () => {
    expect(splitPoolSize(10, false)).toEqual({ main: 8, verify: 2 });
    expect(splitPoolSize(2, false)).toEqual({ main: 1, verify: 1 });
    expect(splitPoolSize(3, false)).toEqual({ main: 2, verify: 1 });
    expect(splitPoolSize(40, false)).toEqual({ main: 30, verify: 10 });
    for (const size of [2, 3, 5, 10, 17, 200]) {
      const { main, verify } = splitPoolSize(size, false);
      expect(main + verify).toBe(size);
    }
  });

  it("has one connection for everything with one connection or on the embedded database", () => {
    expect(splitPoolSize(1, false)).toEqual({ main: 1, verify: 0 });
    expect(splitPoolSize(10, true)).toEqual({ main: 1, verify: 0 });
  });

  it("names prepared statements only where the database allows it", () => {
    expect(statement(true, "ehc_card", "SELECT 1", [])).toEqual({ name: "ehc_card", text: "SELECT 1", values: [] });
    expect(statement(false, "ehc_card", "SELECT $1", [2])).toEqual({ text: "SELECT $1", values: [2] });
  });
});
