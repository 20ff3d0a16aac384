// File names are display data only: storage keys are generated. A name is cleaned
// so it reads sensibly and cannot smuggle paths, line breaks or reversed text into
// a page, a CSV or a log. HTML escaping stays the job of whatever renders it.

export const MAX_FILE_NAME_LENGTH = 200;
const UNNAMED = "unnamed";
// Kept whole when a long name is shortened, so "…list.csv" still says what it is.
const MAX_EXTENSION_LENGTH = 16;

// C0/C1 controls and DEL; bidi embeddings, overrides and isolates ("gpj.exe" tricks);
// zero-width no-break space (BOM); line and paragraph separators.
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029]/g;

/** The name to show for an uploaded file: NFC, no folders, no control characters, ≤ 200 characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? "").normalize("NFC").split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/\s+/g, " ") // tabs and line breaks become spaces before controls are dropped
    .replace(INVISIBLE_OR_CONTROL, "")
    .replace(/ {2,}/g, " ")
    .trim();
  if (/^\.*$/.test(cleaned)) return UNNAMED;
  return shorten(cleaned);
}

function shorten(name: string): string {
  const chars = Array.from(name); // code points, so no surrogate pair is cut in half
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keep = extension.length > 1 && extension.length <= MAX_EXTENSION_LENGTH ? extension : [];
  const stem = chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length - 1).join("").trimEnd();
  return `${stem}…${keep.join("")}`;
}
