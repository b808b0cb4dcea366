import { describe, expect, it } from "vitest";
import { freeSlots, openWindows, blockedByExceptions } from "./slots";
import { fromShanghai, parseDateKey, shanghaiDateKey, toShanghai } from "./time";

describe("Shanghai time", () => {
  it("maps wall clock to UTC at +08:00 and back", () => {
    const date = fromShanghai(2026, 11, 25, 9 * 60);
    expect(date.toISOString()).toBe("2026-11-25T01:00:00.000Z");
    expect(toShanghai(date)).toMatchObject({ weekday: 3, minuteOfDay: 540, day: 25 });
    expect(shanghaiDateKey(new Date("2026-11-25T17:00:00Z"))).toBe("2026-11-26");
    expect(parseDateKey("2026-02-30")).toBeNull();
  });
});

describe("free slots", () => {
  const wednesday = fromShanghai(2026, 11, 25);
  const templates = [{ weekday: 3, startMinute: 9 * 60, endMinute: 11 * 60, slotMinutes: 30 }];

  it("cuts the weekly window into slots of the configured length", () => {
    const windows = openWindows(templates, [], wednesday, new Date(wednesday.getTime() + 86_400_000));
    const slots = freeSlots(windows, [], { notBefore: wednesday, limit: 10 });
    expect(slots.map((s) => toShanghai(s.start).minuteOfDay)).toEqual([540, 570, 600, 630]);
  });

  it("supports 10-minute slots, leave, extra hours and busy people", () => {
    const tenMinutes = [{ ...templates[0]!, slotMinutes: 10 }];
    const exceptions = [
      { kind: "LEAVE" as const, startsAt: fromShanghai(2026, 11, 25, 600), endsAt: fromShanghai(2026, 11, 25, 660), slotMinutes: 30 },
      { kind: "EXTRA" as const, startsAt: fromShanghai(2026, 11, 25, 1200), endsAt: fromShanghai(2026, 11, 25, 1230), slotMinutes: 30 },
    ];
    const windows = openWindows(tenMinutes, exceptions, wednesday, new Date(wednesday.getTime() + 86_400_000));
    const busy = [{ start: fromShanghai(2026, 11, 25, 540), end: fromShanghai(2026, 11, 25, 560) }];
    const slots = freeSlots(windows, [...blockedByExceptions(exceptions), ...busy], { notBefore: wednesday, limit: 20 });
    expect(slots.map((s) => toShanghai(s.start).minuteOfDay)).toEqual([560, 570, 580, 590, 1200]);
  });

  it("offers nothing in the past", () => {
    const windows = openWindows(templates, [], wednesday, new Date(wednesday.getTime() + 86_400_000));
    expect(freeSlots(windows, [], { notBefore: fromShanghai(2026, 11, 25, 601), limit: 10 }).length).toBe(1);
  });
});
