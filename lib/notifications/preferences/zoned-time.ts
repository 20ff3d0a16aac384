// Wall-clock arithmetic in an IANA time zone with nothing but Intl: what a zone's clock
// reads at an instant, and which instant a zone's clock first reads a given time.
// Offsets change with DST, so every conversion asks Intl instead of assuming one.

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone (e.g. "Europe/Berlin", "UTC"); false for "Mars/Base". */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "") return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What the clock on the wall in `timeZone` reads at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** A wall-clock reading as a number that compares like the reading (UTC is only a scale here). */
function wallClockValue(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** The zone's offset from UTC at `instantMs`, in milliseconds (Berlin in summer: +2 h). */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallClockValue(wallClockAt(new Date(wholeSecond), timeZone)) - wholeSecond;
}

/**
 * The first instant after `after` at which the clock in `timeZone` reads `clock`.
 * Across a DST overlap (the hour that happens twice) that is the next of the two
 * readings; inside a DST gap (a time that never happens) it is the moment the clock
 * jumps past it.
 */
export function nextInstantAtWallClock(clock: WallClock, timeZone: string, after: Date): Date {
  const wall = wallClockValue(clock);
  // An offset holds for months on either side of a change, so a day away finds both.
  const offsets = new Set([offsetAt(wall - DAY_MS, timeZone), offsetAt(wall + DAY_MS, timeZone)]);
  const readings = [...offsets]
    .map((offset) => wall - offset)
    .filter((candidate) => offsetAt(candidate, timeZone) === wall - candidate && candidate > after.getTime())
    .sort((a, b) => a - b);
  const [first] = readings;
  if (first !== undefined) return new Date(first);

  // A gap: the wall time is skipped. Find the jump between the two offsets' readings.
  const candidates = [...offsets].map((offset) => wall - offset).sort((a, b) => a - b);
  let before = candidates[0] ?? wall;
  let atOrPast = candidates[candidates.length - 1] ?? wall;
  while (atOrPast - before > 1000) {
    const middle = before + Math.floor((atOrPast - before) / 2);
    if (wallClockValue(wallClockAt(new Date(middle), timeZone)) >= wall) atOrPast = middle;
    else before = middle;
  }
  // Transitions happen on whole minutes.
  return new Date(Math.ceil(atOrPast / MINUTE_MS) * MINUTE_MS);
}

/** The wall-clock date `days` after the given one (month and year roll over). */
export function addDays(clock: WallClock, days: number): WallClock {
  const date = new Date(Date.UTC(clock.year, clock.month - 1, clock.day + days));
  return { ...clock, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Midnight that began the user's current local day, as an instant: where "sent today" counts from. */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  const today = { ...wallClockAt(now, timeZone), hour: 0, minute: 0, second: 0 };
  // Midnight is at most a day back; search from just before it.
  return nextInstantAtWallClock(today, timeZone, new Date(now.getTime() - 2 * DAY_MS));
}
