// Which column holds the addresses, and whether the first row is a header.
import { ContactListError } from "./contact-list-error";

export type EmailColumn = {
  readonly index: number;
  /** The header cell, or a made-up name (email, column_2, …) when the file has no header. */
  readonly name: string;
  readonly detectedBy: "option" | "header" | "values";
  readonly hasHeader: boolean;
  /** Header cells to write to outputs: the file's own, or made-up names. */
  readonly headerCells: readonly string[];
};

// Header names compared with case, spaces and punctuation removed ("E-Mail Address" → "emailaddress").
const exactHeaderNames = new Set([
  "email", "emails", "emailaddress", "emailaddresses", "emailaddr", "emailid", "mail", "mailaddress",
  "courriel", "adressemail", "adresseemail", "correo", "correoelectronico", "epost", "eposta",
]);
const LOOSE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_ADDRESS_SHARE = 0.5;

/** True for a cell that is shaped like an address; a loose test for finding columns. */
export function looksLikeAddress(value: string): boolean {
  return LOOSE.test(value.trim());
}

/**
 * Find the email column from the first row and a sample of the rows after it.
 * `requested` names the column explicitly (header text, or column_N for files without one).
 */
export function findEmailColumn(firstRow: readonly string[], sample: readonly (readonly string[])[], requested?: string): EmailColumn {
  const hasHeader = !firstRow.some(looksLikeAddress);
  const dataRows = hasHeader ? sample : [firstRow, ...sample];
  const width = firstRow.length;
  const names = hasHeader ? [...firstRow] : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  const build = (index: number, detectedBy: EmailColumn["detectedBy"]): EmailColumn => {
    const headerCells = hasHeader ? names : names.map((name, i) => (i === index && detectedBy !== "option" ? "email" : name));
    return { index, name: headerCells[index] ?? "", detectedBy, hasHeader, headerCells };
  };

  if (requested !== undefined) {
    const wanted = toComparableName(requested);
    const index = names.findIndex((name) => toComparableName(name) === wanted);
    if (index === -1) {
      throw new ContactListError("no_email_column", `There is no column named “${requested}”. The columns are: ${describeNames(names)}.`, {
        requested,
        columns: names,
      });
    }
    return build(index, "option");
  }

  if (hasHeader) {
    const exact = names.findIndex((name) => exactHeaderNames.has(toComparableName(name)));
    if (exact !== -1) return build(exact, "header");
    // "Work email", "Primary E-mail": trust the name only if the values agree.
    const loose = names.findIndex((name, i) => toComparableName(name).includes("mail") && addressShare(dataRows, i) >= MIN_ADDRESS_SHARE);
    if (loose !== -1) return build(loose, "header");
  }
  for (let i = 0; i < width; i++) {
    if (addressShare(dataRows, i) >= MIN_ADDRESS_SHARE) return build(i, "values");
  }
  throw new ContactListError(
    "no_email_column",
    hasHeader
      ? `No column holds email addresses. Name the column “email”, or choose it when uploading. The columns are: ${describeNames(names)}.`
      : "No column holds email addresses.",
    { columns: names },
  );
}

function addressShare(rows: readonly (readonly string[])[], column: number): number {
  let filled = 0;
  let addresses = 0;
  for (const row of rows) {
    const value = row[column];
    if (value === undefined || value.trim() === "") continue;
    filled++;
    if (looksLikeAddress(value)) addresses++;
  }
  return filled === 0 ? 0 : addresses / filled;
}

function toComparableName(name: string): string {
  return name.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]/g, "");
}

// A column with no name in the header is named by its place: `“”` reads as a typo.
function describeNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((name, i) => (name.trim() === "" ? `column ${i + 1} (no name)` : `“${name.slice(0, 60)}”`));
  return names.length > 20 ? `${shown.join(", ")} and ${names.length - 20} more` : shown.join(", ") || "(none)";
}
