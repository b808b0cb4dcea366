/**
 * Asia/Shanghai wall-clock arithmetic. China has kept UTC+8 without daylight saving since
 * 1991, so a fixed offset is exact and avoids depending on the host's time-zone database.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  minuteOfDay: number;
}

export function toShanghai(date: Date): WallClock {
  const shifted = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
    minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

export function fromShanghai(year: number, month: number, day: number, minuteOfDay = 0): Date {
  return new Date(Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS - SHANGHAI_OFFSET_MS);
}

export function startOfShanghaiDay(date: Date): Date {
  const wall = toShanghai(date);
  return fromShanghai(wall.year, wall.month, wall.day);
}

/** "2026-11-25" in Shanghai. */
export function shanghaiDateKey(date: Date): string {
  const wall = toShanghai(date);
  return `${wall.year}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
}

export function parseDateKey(key: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!match) return null;
  const date = fromShanghai(Number(match[1]), Number(match[2]), Number(match[3]));
  return shanghaiDateKey(date) === key ? date : null;
}

export function minutesToClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** "2026-12-02 14:05:09" in Shanghai (Beijing time), the one format of the audit log's page and export. */
export function shanghaiTimestamp(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}
