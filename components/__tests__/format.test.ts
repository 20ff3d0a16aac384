import { describe, expect, it } from "vitest";
import { formatBytes, formatDateTime, formatDuration } from "../format";

describe("formatDateTime", () => {
  const moment = new Date("2026-11-23T18:15:42Z");

  it("shows the moment on the person's clock and names the zone", () => {
    expect(formatDateTime(moment, "Europe/Berlin")).toBe("Nov 23, 2026, 7:15 PM GMT+1");
    expect(formatDateTime(moment, "Asia/Kolkata")).toBe("Nov 23, 2026, 11:45 PM GMT+5:30");
    expect(formatDateTime(moment.toISOString(), "UTC")).toBe("Nov 23, 2026, 6:15 PM UTC");
  });

  it("crosses the date line with the zone and follows daylight saving time", () => {
    expect(formatDateTime(moment, "Pacific/Auckland")).toBe("Nov 24, 2026, 7:15 AM GMT+13");
    expect(formatDateTime(new Date("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe("Jul 1, 2026, 2:00 PM GMT+2");
  });

  it("reads an unknown zone as UTC rather than failing the page", () => {
    expect(formatDateTime(moment, "Mars/Olympus_Mons")).toBe("Nov 23, 2026, 6:15 PM UTC");
  });
});

describe("formatBytes and formatDuration", () => {
  it("picks a readable unit", () => {
    expect(formatBytes(140)).toBe("140 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatDuration(66)).toBe("66 ms");
    expect(formatDuration(90_500)).toBe("1 min 31 s");
  });
});
