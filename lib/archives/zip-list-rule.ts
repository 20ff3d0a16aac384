// Which entry of a zip is the contact list, and what is wrong with a zip that has none or
// several. One rule for the upload, which refuses a zip it can see into (its central
// directory), and for the worker, which reads the list out of the zip and stays the last
// line of defence for the zips the upload could not see into. Free of the verification
// code on purpose: the web process that takes uploads must not load it.

const LIST_NAME = /\.(csv|tsv|txt)$/i;
// What archivers add besides the files people packed: macOS resource forks and Finder
// and Explorer metadata.
const JUNK_NAME = /(^|\/)(__MACOSX\/|\.[^/]*$|Thumbs\.db$|desktop\.ini$)/i;
// Every .xlsx holds [Content_Types].xml, written first by Excel, LibreOffice, Google
// Sheets and exceljs, and its workbook under xl/. The first is enough to tell from the
// opening bytes; with the whole directory in hand, xl/ tells a workbook from a .docx.
export const WORKBOOK_PART = /^(\[Content_Types\]\.xml|xl\/)/;
const WORKBOOK_FOLDER = /^xl\//;

export type ZipEntryName = { name: string; directory: boolean };

/** A list to read, an entry to pass over (folders, archiver metadata), or something else that was packed. */
export type ZipEntryRole = "list" | "skipped" | "other";

export function zipEntryRole({ name, directory }: ZipEntryName): ZipEntryRole {
  if (directory || JUNK_NAME.test(name)) return "skipped";
  return LIST_NAME.test(name) ? "list" : "other";
}

export type ZipListProblem = {
  code: "archive_no_list" | "archive_several_lists";
  message: string;
  details: { entries: string[] };
};

/**
 * What is wrong with a zip whose entries are all known, or null when it holds exactly one
 * list or is an Excel workbook (read as one, not as an archive). `fileName` names the
 * file in the message; without it the message says "the zip", as the worker does.
 */
export function judgeZipEntries(entries: readonly ZipEntryName[], fileName?: string): ZipListProblem | null {
  if (entries.some((entry) => WORKBOOK_FOLDER.test(entry.name))) return null;
  const lists = entries.filter((entry) => zipEntryRole(entry) === "list").map((entry) => entry.name);
  const [first, second] = lists;
  if (first !== undefined && second !== undefined) return severalLists(first, second, fileName);
  if (first !== undefined) return null;
  return noList(
    entries.filter((entry) => zipEntryRole(entry) === "other").map((entry) => entry.name),
    fileName,
  );
}

export function severalLists(first: string, second: string, fileName?: string): ZipListProblem {
  const subject = fileName === undefined ? "The zip" : `"${fileName}"`;
  return {
    code: "archive_several_lists",
    message: `${subject} holds several lists ("${first}", "${second}"…); it may hold only one. Upload them as separate files, or in separate zips.`,
    details: { entries: [first, second] },
  };
}

// Office files are zips too; say what they are rather than list their parts.
const OFFICE_FILES: readonly { part: RegExp; what: string }[] = [
  { part: /^mimetype$/, what: "an OpenDocument file (.ods, .odt)" },
  { part: /^word\//, what: "a Word document (.docx)" },
  { part: /^ppt\//, what: "a PowerPoint presentation (.pptx)" },
];

/** `others`: the entries that are neither lists nor skipped, in the zip's order. */
export function noList(others: readonly string[], fileName?: string): ZipListProblem {
  const details = { entries: others.slice(0, 20) };
  const office = OFFICE_FILES.find((kind) => others.some((name) => kind.part.test(name)));
  if (office) {
    const subject = fileName === undefined ? "This" : `"${fileName}"`;
    return { code: "archive_no_list", message: `${subject} is ${office.what}, not a contact list. Save the list as .xlsx or CSV and upload that.`, details };
  }
  const subject = fileName === undefined ? "The zip" : `"${fileName}"`;
  const shown = others.slice(0, 5).map((name) => `"${name}"`).join(", ");
  const holds = others.length === 0 ? "nothing but folders" : `${shown}${others.length > 5 ? ` and ${others.length - 5} more` : ""}`;
  return {
    code: "archive_no_list",
    message: `${subject} holds no .csv, .tsv or .txt file (it holds ${holds}). Put one list in it, or upload the list itself.`,
    details,
  };
}
