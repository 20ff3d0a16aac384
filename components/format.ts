// Formatting shared by the UI. Plain functions, safe on server and client.
const units = ["B", "KB", "MB", "GB"];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatCount(count: number): string {
  return new Intl.NumberFormat("en").format(count);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const DATE_TIME: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };

/** "Nov 23, 2026, 7:15 PM GMT+1": a moment on the person's clock, with its zone named. An unknown zone reads as UTC. */
export function formatDateTime(date: Date | string, timeZone: string): string {
  let format = dateTimeFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", { ...DATE_TIME, timeZone });
    } catch {
      return formatDateTime(date, "UTC");
    }
    dateTimeFormats.set(timeZone, format);
  }
  return format.format(new Date(date));
}
