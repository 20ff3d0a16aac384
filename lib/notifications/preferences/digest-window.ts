// Digest windows: the stretches of time one digest covers, cut on the user's own clock
// (every hour on the hour, every day at 08:00, every Monday at 08:00). A window ends
// when the clock next reads the scheduled time, so across a DST change a daily window
// lasts 23 or 25 hours; a scheduled time the clock skips ends the window when the
// clock jumps past it, and one the clock reads twice ends it at the first reading.
import type { DigestSchedule } from "./notification-preferences";
import { addDays, nextInstantAtWallClock, wallClockAt, type WallClock } from "./zoned-time";

export type DigestWindow = { start: Date; end: Date };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const stepHours: Record<DigestSchedule["frequency"], number> = { hourly: 1, daily: 24, weekly: 7 * 24 };

/**
 * The window that ended most recently at `now` (its end ≤ now): deliveries folded in
 * before `end` belong to the digest sent for it. Consecutive windows share their
 * boundary, so every instant falls into exactly one window.
 */
export function digestWindow(now: Date, schedule: DigestSchedule, timeZone: string): DigestWindow {
  const step = stepHours[schedule.frequency];
  // The scheduled reading of the current hour, day or week, which may still lie ahead.
  let boundary = scheduledReading(wallClockAt(now, timeZone), schedule);
  let end = firstInstantAt(boundary, timeZone);
  while (end.getTime() > now.getTime()) {
    boundary = shiftHours(boundary, -step);
    end = firstInstantAt(boundary, timeZone);
  }
  // The reading before; one skipped by a DST jump lands on `end` itself and is passed over.
  let start = end;
  while (start.getTime() >= end.getTime()) {
    boundary = shiftHours(boundary, -step);
    start = firstInstantAt(boundary, timeZone);
  }
  return { start, end };
}

function scheduledReading(clock: WallClock, schedule: DigestSchedule): WallClock {
  switch (schedule.frequency) {
    case "hourly":
      return { ...clock, minute: 0, second: 0 };
    case "daily":
      return { ...clock, hour: schedule.hour, minute: 0, second: 0 };
    case "weekly": {
      const weekday = new Date(Date.UTC(clock.year, clock.month - 1, clock.day)).getUTCDay();
      const daysBack = (weekday - schedule.weekday + 7) % 7;
      return { ...addDays(clock, -daysBack), hour: schedule.hour, minute: 0, second: 0 };
    }
  }
}

/** Wall-clock arithmetic: the same reading `hours` later (negative: earlier), DST ignored. */
function shiftHours(clock: WallClock, hours: number): WallClock {
  const date = new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour + hours, clock.minute, clock.second));
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** The first instant the zone's clock reads `clock` (or jumps past it, in a DST gap). */
function firstInstantAt(clock: WallClock, timeZone: string): Date {
  // No zone is more than a day off UTC: two days back is before any reading.
  const wall = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return nextInstantAtWallClock(clock, timeZone, new Date(wall - 2 * DAY_MS));
}
