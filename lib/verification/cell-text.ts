// One spreadsheet cell as the text a CSV export of it would hold, so a workbook's rows
// are judged, reported and written back exactly like a CSV's. Formulas give their
// result, rich text its plain text, dates an ISO date, and a HYPERLINK("mailto:…")
// formula whose text is not an address gives the address (a "Write to Jane" link in an
// email column means jane@…). A link made with Insert > Link keeps its target after the
// sheet's rows, out of a stream's reach: its cell gives its text, which is the address
// itself when Excel made the link from a typed address.
import type { CellValue } from "exceljs";

const MAILTO = /^mailto:/i;
// HYPERLINK("mailto:jane@acme-mail.com", "Write to Jane"): the address is the first argument.
const HYPERLINK_FORMULA = /^\s*=?\s*HYPERLINK\(\s*"mailto:([^"?]*)/i;

/** The text of a cell value as the streaming reader gives it; "" for an empty cell. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((run) => run.text ?? "").join("");
  if ("hyperlink" in value) return linkText(textOf(value.text), value.hyperlink);
  if ("error" in value) return value.error;
  // A shared string the workbook's table does not have (a damaged file).
  if ("sharedString" in value) return "";
  if ("formula" in value || "sharedFormula" in value) {
    const result = cellText((value.result ?? null) as CellValue);
    const formula = "formula" in value ? value.formula : undefined;
    const target = formula === undefined ? null : HYPERLINK_FORMULA.exec(formula)?.[1];
    return target ? linkText(result, `mailto:${target}`) : result;
  }
  return "";
}

// A hyperlink's text may itself be rich text.
function textOf(text: unknown): string {
  if (typeof text === "string") return text;
  if (text !== null && typeof text === "object" && "richText" in text) return cellText(text as CellValue);
  return "";
}

function linkText(text: string, target: string): string {
  if (text.includes("@") || !MAILTO.test(target)) return text;
  const address = decodeMailto(target);
  return address === "" ? text : address;
}

// mailto:jane%40acme-mail.com?subject=Hi → jane@acme-mail.com (the first recipient only).
function decodeMailto(target: string): string {
  const recipients = target.replace(MAILTO, "").split("?")[0] ?? "";
  const first = recipients.split(",")[0] ?? "";
  try {
    return decodeURIComponent(first).trim();
  } catch {
    return first.trim();
  }
}

// Integers stay integers (no "1e+21" for a long number, no ".0"); other numbers as
// JavaScript writes them, which round-trips what the file stored.
function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 0 });
  return String(value);
}

// The reader gives a date's wall-clock time as UTC: 2024-03-01, or 2024-03-01 13:45:00 with a time.
function dateText(value: Date): string {
  if (Number.isNaN(value.getTime())) return "";
  const iso = value.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === "00:00:00" ? date : `${date} ${time}`;
}
