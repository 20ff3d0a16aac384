// Numbers and dates as the emails show them. English copy, so English number format;
// dates in the recipient's own time zone, never the server's.

const countFormat = new Intl.NumberFormat("en-US");

/** 9812 → "9,812". */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** "1 file", "3 files". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

const dateTimeOptions: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
};

/**
 * "March 5, 2025 at 5:30 AM GMT+9" in `timeZone` (IANA). An unknown zone falls back
 * to UTC rather than failing the whole email; the zone name in the output says so.
 */
export function formatDateTime(value: Date | string, timeZone: string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  try {
    return new Intl.DateTimeFormat("en-US", { ...dateTimeOptions, timeZone }).format(date);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return new Intl.DateTimeFormat("en-US", { ...dateTimeOptions, timeZone: "UTC" }).format(date);
  }
}

/** "March 5, 2025" in `timeZone`, for day-level statements (deletion dates). */
export function formatDate(value: Date | string, timeZone: string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric" };
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone }).format(date);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" }).format(date);
  }
}
