// Quiet hours: a daily window in the user's own time zone during which non-transactional
// notifications wait. The window may cross midnight (22:00–07:00).
import { addDays, nextInstantAtWallClock, wallClockAt } from "./zoned-time";

export interface QuietHours {
  /** "HH:MM", 24-hour, local time; the window starts here (inclusive). */
  start: string;
  /** "HH:MM", 24-hour, local time; the window ends here (exclusive). */
  end: string;
}

function secondsOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 3600 + (minutes ?? 0) * 60;
}

function hourMinute(time: string): { hour: number; minute: number } {
  const seconds = secondsOfDay(time);
  return { hour: Math.floor(seconds / 3600), minute: (seconds % 3600) / 60 };
}

/** Whether `now`, read on the clock in `timeZone`, falls inside the window. No window → false. */
export function isWithinQuietHours(now: Date, quietHours: QuietHours | null, timeZone: string): boolean {
  if (quietHours === null) return false;
  const clock = wallClockAt(now, timeZone);
  const local = clock.hour * 3600 + clock.minute * 60 + clock.second;
  const start = secondsOfDay(quietHours.start);
  const end = secondsOfDay(quietHours.end);
  if (start === end) return false;
  return start < end ? local >= start && local < end : local >= start || local < end;
}

/**
 * The instant the window around `now` ends: the next time the clock in `timeZone` reads
 * `end` (today or, past midnight's start, tomorrow). Outside quiet hours there is
 * nothing to wait for, and the answer is `now` itself.
 */
export function quietHoursEnd(now: Date, quietHours: QuietHours | null, timeZone: string): Date {
  if (quietHours === null || !isWithinQuietHours(now, quietHours, timeZone)) return now;
  const clock = wallClockAt(now, timeZone);
  const local = clock.hour * 3600 + clock.minute * 60 + clock.second;
  const endsToday = local < secondsOfDay(quietHours.end);
  const endDay = endsToday ? clock : addDays(clock, 1);
  return nextInstantAtWallClock({ ...endDay, ...hourMinute(quietHours.end), second: 0 }, timeZone, now);
}
