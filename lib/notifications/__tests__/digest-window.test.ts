import { describe, expect, it } from "vitest";
import { digestWindow } from "../preferences/digest-window";
import type { DigestSchedule } from "../preferences/notification-preferences";

const daily = (hour: number): DigestSchedule => ({ frequency: "daily", hour });
const weekly = (weekday: number, hour: number): DigestSchedule => ({ frequency: "weekly", weekday, hour });
const hourly: DigestSchedule = { frequency: "hourly" };

// Expected instants worked out by hand from each zone's offsets (not by the code under test).
const cases: { name: string; now: string; schedule: DigestSchedule; timeZone: string; start: string; end: string }[] = [
  { name: "UTC, daily at 8, an hour after", now: "2025-03-04T09:00:00Z", schedule: daily(8), timeZone: "UTC", start: "2025-03-03T08:00:00Z", end: "2025-03-04T08:00:00Z" },
  { name: "UTC, at the boundary itself", now: "2025-03-04T08:00:00Z", schedule: daily(8), timeZone: "UTC", start: "2025-03-03T08:00:00Z", end: "2025-03-04T08:00:00Z" },
  { name: "UTC, a second before the boundary", now: "2025-03-04T07:59:59Z", schedule: daily(8), timeZone: "UTC", start: "2025-03-02T08:00:00Z", end: "2025-03-03T08:00:00Z" },
  // 00:30 on Jan 16 in Berlin is still Jan 15 in UTC.
  { name: "Berlin, daily at midnight, just after local midnight", now: "2025-01-15T23:30:00Z", schedule: daily(0), timeZone: "Europe/Berlin", start: "2025-01-14T23:00:00Z", end: "2025-01-15T23:00:00Z" },
  // 23:00 on Jan 15 in New York is already Jan 16 in UTC: the window is the local day's.
  { name: "New York, daily at 8, late evening (next UTC day)", now: "2025-01-16T04:00:00Z", schedule: daily(8), timeZone: "America/New_York", start: "2025-01-14T13:00:00Z", end: "2025-01-15T13:00:00Z" },
  { name: "Tokyo, daily at 8, before 8 local", now: "2025-03-03T22:30:00Z", schedule: daily(8), timeZone: "Asia/Tokyo", start: "2025-03-01T23:00:00Z", end: "2025-03-02T23:00:00Z" },
  // DST starts Mar 9 2025 (02:00 EST → 03:00 EDT): that day's window lasts 23 hours.
  { name: "New York, daily at 8, across spring-forward", now: "2025-03-09T13:00:00Z", schedule: daily(8), timeZone: "America/New_York", start: "2025-03-08T13:00:00Z", end: "2025-03-09T12:00:00Z" },
  // DST ends Nov 2 2025 (02:00 EDT → 01:00 EST): 25 hours.
  { name: "New York, daily at 8, across fall-back", now: "2025-11-02T14:00:00Z", schedule: daily(8), timeZone: "America/New_York", start: "2025-11-01T12:00:00Z", end: "2025-11-02T13:00:00Z" },
  // 02:00 never happens on Mar 9: the window ends when the clock jumps to 03:00 EDT.
  { name: "New York, daily at 2, the skipped hour", now: "2025-03-09T12:00:00Z", schedule: daily(2), timeZone: "America/New_York", start: "2025-03-08T07:00:00Z", end: "2025-03-09T07:00:00Z" },
  // 01:00 happens twice on Nov 2 (05:00Z EDT and 06:00Z EST): the first reading counts.
  { name: "New York, daily at 1, the repeated hour", now: "2025-11-02T06:30:00Z", schedule: daily(1), timeZone: "America/New_York", start: "2025-11-01T05:00:00Z", end: "2025-11-02T05:00:00Z" },
  { name: "Kolkata (+05:30), hourly on the local hour", now: "2025-03-04T10:10:00Z", schedule: hourly, timeZone: "Asia/Kolkata", start: "2025-03-04T08:30:00Z", end: "2025-03-04T09:30:00Z" },
  // Berlin, Mar 30 2025 at 01:00Z: 02:00 CET → 03:00 CEST. Local 01:00–03:00 is one real hour.
  { name: "Berlin, hourly across the spring gap", now: "2025-03-30T01:30:00Z", schedule: hourly, timeZone: "Europe/Berlin", start: "2025-03-30T00:00:00Z", end: "2025-03-30T01:00:00Z" },
  // Berlin, Oct 26 2025 at 01:00Z: 03:00 CEST → 02:00 CET. Local 02:00–03:00 lasts two real hours.
  { name: "Berlin, hourly inside the repeated hour", now: "2025-10-26T01:30:00Z", schedule: hourly, timeZone: "Europe/Berlin", start: "2025-10-25T23:00:00Z", end: "2025-10-26T00:00:00Z" },
  { name: "Berlin, hourly after the repeated hour", now: "2025-10-26T02:10:00Z", schedule: hourly, timeZone: "Europe/Berlin", start: "2025-10-26T00:00:00Z", end: "2025-10-26T02:00:00Z" },
  { name: "London, weekly Monday at 8, on a Wednesday", now: "2025-03-05T12:00:00Z", schedule: weekly(1, 8), timeZone: "Europe/London", start: "2025-02-24T08:00:00Z", end: "2025-03-03T08:00:00Z" },
  { name: "London, weekly Monday at 8, Monday before 8 (BST)", now: "2025-03-31T06:00:00Z", schedule: weekly(1, 8), timeZone: "Europe/London", start: "2025-03-17T08:00:00Z", end: "2025-03-24T08:00:00Z" },
  // Clocks went forward on Mar 30: this week is an hour short.
  { name: "London, weekly Monday at 8, the week with the spring change", now: "2025-03-31T07:00:00Z", schedule: weekly(1, 8), timeZone: "Europe/London", start: "2025-03-24T08:00:00Z", end: "2025-03-31T07:00:00Z" },
  // Sunday 00:00 in Auckland (NZDT, +13) is Saturday 11:00 UTC.
  { name: "Auckland, weekly Sunday at midnight", now: "2025-01-18T12:00:00Z", schedule: weekly(0, 0), timeZone: "Pacific/Auckland", start: "2025-01-11T11:00:00Z", end: "2025-01-18T11:00:00Z" },
];

describe("digestWindow", () => {
  it.each(cases)("$name", ({ now, schedule, timeZone, start, end }) => {
    const window = digestWindow(new Date(now), schedule, timeZone);
    expect({ start: window.start.toISOString(), end: window.end.toISOString() }).toEqual({
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    });
  });

  it("cuts time into back-to-back windows: each ends where the next begins, across both DST changes", () => {
    for (const timeZone of ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]) {
      for (const schedule of [hourly, daily(2), weekly(0, 2)]) {
        let previous = digestWindow(new Date("2025-03-01T00:00:00Z"), schedule, timeZone);
        for (let t = Date.parse("2025-03-01T00:00:00Z"); t < Date.parse("2025-04-10T00:00:00Z"); t += 17 * 60_000) {
          const window = digestWindow(new Date(t), schedule, timeZone);
          expect(window.start.getTime()).toBeLessThan(window.end.getTime());
          expect(window.end.getTime()).toBeLessThanOrEqual(t);
          if (window.end.getTime() !== previous.end.getTime()) {
            expect(window.start.toISOString()).toBe(previous.end.toISOString());
            previous = window;
          }
        }
      }
    }
  });
});
