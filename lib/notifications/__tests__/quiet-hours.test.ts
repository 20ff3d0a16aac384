import { describe, expect, it } from "vitest";
import { isWithinQuietHours, quietHoursEnd } from "../preferences/quiet-hours";
import { startOfLocalDay } from "../preferences/zoned-time";

const night = { start: "22:00", end: "07:00" };
const lunch = { start: "13:00", end: "14:00" };
const at = (iso: string) => new Date(iso);

describe("quiet hours across midnight, Europe/Berlin 22:00–07:00", () => {
  const zone = "Europe/Berlin";

  it("23:30 local in winter (UTC+1) waits until 07:00 local the next day", () => {
    const now = at("2026-01-15T22:30:00Z"); // 23:30 CET
    expect(isWithinQuietHours(now, night, zone)).toBe(true);
    expect(quietHoursEnd(now, night, zone)).toEqual(at("2026-01-16T06:00:00Z"));
  });

  it("23:30 local in summer (UTC+2) waits until 07:00 local, 05:00 UTC", () => {
    const now = at("2026-07-10T21:30:00Z"); // 23:30 CEST
    expect(quietHoursEnd(now, night, zone)).toEqual(at("2026-07-11T05:00:00Z"));
  });

  it("06:59 local waits until 07:00 the same day", () => {
    const now = at("2026-01-16T05:59:00Z");
    expect(isWithinQuietHours(now, night, zone)).toBe(true);
    expect(quietHoursEnd(now, night, zone)).toEqual(at("2026-01-16T06:00:00Z"));
  });

  it("07:00 local is no longer quiet; 21:59 is not yet; 22:00 is", () => {
    expect(isWithinQuietHours(at("2026-01-16T06:00:00Z"), night, zone)).toBe(false);
    expect(isWithinQuietHours(at("2026-01-16T20:59:00Z"), night, zone)).toBe(false);
    expect(isWithinQuietHours(at("2026-01-16T21:00:00Z"), night, zone)).toBe(true);
  });

  it("the night of the spring change ends at 07:00 summer time (05:00 UTC)", () => {
    // 2026-03-29 02:00 CET → 03:00 CEST
    expect(quietHoursEnd(at("2026-03-28T22:30:00Z"), night, zone)).toEqual(at("2026-03-29T05:00:00Z"));
  });

  it("New Year's Eve rolls over month and year", () => {
    expect(quietHoursEnd(at("2026-12-31T22:30:00Z"), night, zone)).toEqual(at("2027-01-01T06:00:00Z"));
  });

  it("outside quiet hours the end is now itself, and no window is never quiet", () => {
    const noon = at("2026-01-16T11:00:00Z");
    expect(quietHoursEnd(noon, night, zone)).toEqual(noon);
    expect(isWithinQuietHours(at("2026-01-15T22:30:00Z"), null, zone)).toBe(false);
  });
});

describe("quiet hours around a DST change, America/New_York", () => {
  const zone = "America/New_York";

  it("the night of the March switch ends at 07:00 EDT = 11:00 UTC, not 12:00", () => {
    // 2026-03-08 02:00 EST → 03:00 EDT
    const now = at("2026-03-08T04:30:00Z"); // 23:30 EST on March 7
    expect(isWithinQuietHours(now, night, zone)).toBe(true);
    expect(quietHoursEnd(now, night, zone)).toEqual(at("2026-03-08T11:00:00Z"));
  });

  it("a window ending inside the skipped hour ends when the clock jumps past it", () => {
    const window = { start: "01:00", end: "02:30" };
    const now = at("2026-03-08T06:45:00Z"); // 01:45 EST
    expect(isWithinQuietHours(now, window, zone)).toBe(true);
    expect(quietHoursEnd(now, window, zone)).toEqual(at("2026-03-08T07:00:00Z")); // 03:00 EDT
    expect(isWithinQuietHours(at("2026-03-08T07:00:00Z"), window, zone)).toBe(false);
  });

  it("in the repeated November hour the window ends at the next 01:30, not the past one", () => {
    // 2026-11-01 02:00 EDT → 01:00 EST: 01:00–02:00 happens twice
    const window = { start: "00:00", end: "01:30" };
    expect(isWithinQuietHours(at("2026-11-01T05:45:00Z"), window, zone)).toBe(false); // 01:45 EDT
    const now = at("2026-11-01T06:15:00Z"); // 01:15 EST
    expect(isWithinQuietHours(now, window, zone)).toBe(true);
    expect(quietHoursEnd(now, window, zone)).toEqual(at("2026-11-01T06:30:00Z"));
  });
});

describe("a window within one day, 13:00–14:00", () => {
  it("is quiet from 13:00 up to 14:00 local and ends the same day", () => {
    const zone = "Europe/Berlin";
    expect(isWithinQuietHours(at("2026-01-15T11:59:00Z"), lunch, zone)).toBe(false); // 12:59
    expect(isWithinQuietHours(at("2026-01-15T12:00:00Z"), lunch, zone)).toBe(true); // 13:00
    expect(quietHoursEnd(at("2026-01-15T12:30:00Z"), lunch, zone)).toEqual(at("2026-01-15T13:00:00Z"));
    expect(isWithinQuietHours(at("2026-01-15T13:00:00Z"), lunch, zone)).toBe(false); // 14:00
    expect(isWithinQuietHours(at("2026-01-15T22:30:00Z"), lunch, zone)).toBe(false); // 23:30
  });
});

describe("a half-hour offset, Asia/Kolkata (UTC+05:30)", () => {
  const zone = "Asia/Kolkata";

  it("23:00 IST waits until 07:00 IST next day = 01:30 UTC", () => {
    const now = at("2026-01-15T17:30:00Z");
    expect(isWithinQuietHours(now, night, zone)).toBe(true);
    expect(quietHoursEnd(now, night, zone)).toEqual(at("2026-01-16T01:30:00Z"));
  });

  it("01:00 IST, still the previous day in UTC, waits until 07:00 IST the same local day", () => {
    const now = at("2026-01-15T19:30:00Z");
    expect(quietHoursEnd(now, night, zone)).toEqual(at("2026-01-16T01:30:00Z"));
  });

  it("quiet hours are read on the user's clock, not UTC's", () => {
    const now = at("2026-01-15T23:00:00Z"); // 04:30 IST, but 23:00 UTC
    expect(isWithinQuietHours(now, night, zone)).toBe(true);
    expect(isWithinQuietHours(at("2026-01-15T16:00:00Z"), night, zone)).toBe(false); // 21:30 IST, 16:00 UTC
  });
});

describe("startOfLocalDay", () => {
  it("is local midnight as an instant", () => {
    expect(startOfLocalDay(at("2026-01-15T19:30:00Z"), "Asia/Kolkata")).toEqual(at("2026-01-15T18:30:00Z"));
    expect(startOfLocalDay(at("2026-03-08T16:00:00Z"), "America/New_York")).toEqual(at("2026-03-08T05:00:00Z"));
    expect(startOfLocalDay(at("2026-01-15T00:00:00Z"), "UTC")).toEqual(at("2026-01-15T00:00:00Z"));
  });
});
