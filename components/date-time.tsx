import { formatDateTime } from "./format";

/** A moment shown on the person's clock (their time zone setting), machine-readable too. */
export function DateTime({ value, timeZone }: { value: Date | string; timeZone: string }) {
  const date = new Date(value);
  return <time dateTime={date.toISOString()}>{formatDateTime(date, timeZone)}</time>;
}
