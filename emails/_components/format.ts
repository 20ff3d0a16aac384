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
const dateOptions: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric" };

// Building an Intl.DateTimeFormat costs far more than using one (it showed up in the
// send path's profile), so each zone's formatter is built once. Zones are few.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter for `timeZone`, or for UTC when the zone is unknown (the output names the zone it used). */
function formatterFor(kind: "dateTime" | "date", timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options = kind === "dateTime" ? dateTimeOptions : dateOptions;
    try {
      formatter = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      formatter = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * "March 5, 2025 at 5:30 AM GMT+9" in `timeZone` (IANA). An unknown zone falls back
 * to UTC rather than failing the whole email; the zone name in the output says so.
 */
export function formatDateTime(value: Date | string, timeZone: string): string {
  return formatterFor("dateTime", timeZone).format(typeof value === "string" ? new Date(value) : value);
}

/** "March 5, 2025" in `timeZone`, for day-level statements (deletion dates). */
export function formatDate(value: Date | string, timeZone: string): string {
  return formatterFor("date", timeZone).format(typeof value === "string" ? new Date(value) : value);
}
