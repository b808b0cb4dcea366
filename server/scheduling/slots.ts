/**
 * Free slots of an expert: weekly template windows (Shanghai wall clock) plus EXTRA exceptions,
 * minus LEAVE/SURGERY exceptions and the busy time of everyone who must attend. Pure functions.
 */
import { DAY_MS, MINUTE_MS, fromShanghai, toShanghai } from "./time";

export interface TemplateWindow {
  weekday: number;
  startMinute: number;
  endMinute: number;
  slotMinutes: number;
}

export interface ExceptionWindow {
  kind: "LEAVE" | "SURGERY" | "EXTRA";
  startsAt: Date;
  endsAt: Date;
  slotMinutes: number;
}

export interface Interval {
  start: Date;
  end: Date;
}

export interface OpenWindow extends Interval {
  slotMinutes: number;
}

export const MIN_SLOT_MINUTES = 10;
export const MAX_SLOT_MINUTES = 120;
export const DEFAULT_SLOT_MINUTES = 30;

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export function openWindows(templates: TemplateWindow[], exceptions: ExceptionWindow[], from: Date, to: Date): OpenWindow[] {
  const windows: OpenWindow[] = [];
  const first = toShanghai(from);
  for (let dayStart = fromShanghai(first.year, first.month, first.day); dayStart < to; dayStart = new Date(dayStart.getTime() + DAY_MS)) {
    const wall = toShanghai(dayStart);
    for (const template of templates) {
      if (template.weekday !== wall.weekday) continue;
      windows.push({
        start: new Date(dayStart.getTime() + template.startMinute * MINUTE_MS),
        end: new Date(dayStart.getTime() + template.endMinute * MINUTE_MS),
        slotMinutes: template.slotMinutes,
      });
    }
  }
  for (const exception of exceptions) {
    if (exception.kind === "EXTRA") windows.push({ start: exception.startsAt, end: exception.endsAt, slotMinutes: exception.slotMinutes });
  }
  return windows.filter((window) => window.end > from && window.start < to).sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Slots aligned on each window's start; a slot must fit the window and touch nothing blocked. */
export function freeSlots(windows: OpenWindow[], blocked: Interval[], options: { notBefore: Date; limit: number }): Interval[] {
  // Blocked time as sorted numbers, swept with one pointer per window: O(slots + blocked), not O(slots × blocked).
  const busy = blocked.map((b) => [b.start.getTime(), b.end.getTime()] as const).sort((a, b) => a[0] - b[0]);
  const seen = new Set<number>();
  const slots: Interval[] = [];
  const notBefore = options.notBefore.getTime();
  for (const window of windows) {
    const step = window.slotMinutes * MINUTE_MS;
    const end = window.end.getTime();
    let first = window.start.getTime();
    if (first < notBefore) first += Math.ceil((notBefore - first) / step) * step;
    let pointer = 0;
    let taken = 0;
    for (let start = first; start + step <= end && taken < options.limit; start += step) {
      while (pointer < busy.length && busy[pointer]![1] <= start) pointer++;
      let clash = false;
      for (let i = pointer; i < busy.length && busy[i]![0] < start + step; i++) {
        if (busy[i]![1] > start) {
          clash = true;
          break;
        }
      }
      if (clash || seen.has(start)) continue;
      seen.add(start);
      slots.push({ start: new Date(start), end: new Date(start + step) });
      taken++;
    }
  }
  slots.sort((a, b) => a.start.getTime() - b.start.getTime());
  return slots.slice(0, options.limit);
}

export function blockedByExceptions(exceptions: ExceptionWindow[]): Interval[] {
  return exceptions.filter((e) => e.kind !== "EXTRA").map((e) => ({ start: e.startsAt, end: e.endsAt }));
}
