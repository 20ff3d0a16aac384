// Spreadsheet safety whatever the delimiter (issue 15): a program may split a line of the
// cleaned or report file at commas, semicolons or tabs, whichever the file itself uses.
// However it splits, no field may start like a formula, while signed numbers and phone
// numbers stay the data they are.
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { run } from "./support/run-processor";

const delimiters = [",", ";", "\t"] as const;
type Delimiter = (typeof delimiters)[number];

// = @ tab CR first, or + - first without being a plain signed number or phone number.
function startsLikeFormula(field: string): boolean {
  const bare = field.replace(/^"+/, "");
  return /^[=@\t\r]/.test(bare) || (/^[+-]/.test(bare) && !/^[+-][0-9][0-9 ().,/-]*$/.test(bare));
}

// Every field a program could see: read as CSV with each delimiter, and split naively at
// line breaks and the delimiter (a reader that knows no quotes).
function fieldsSeenBy(splitter: Delimiter, text: string): string[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { delimiter: splitter, newline: "\n" }).data.flat();
  const naive = text.split(/\r\n|\r|\n/).flatMap((line) => line.split(splitter));
  return [...parsed, ...naive];
}

function toCsv(rows: readonly (readonly string[])[], delimiter: Delimiter): string {
  const quote = (cell: string) => (/["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return `${rows.map((row) => row.map(quote).join(delimiter)).join("\n")}\n`;
}

const nasty = [
  "a,=1+1",
  "b;=HYPERLINK(\"http://evil\",\"x\")",
  "c\t@SUM(A1)",
  "two\n=1+1",
  "three\r+A1",
  'x,"=1',
  "y;+A1",
  "z,-A1",
  "w\t\t=2",
  "-2+3",
  "=cmd|' /C calc'!A0",
  "@x",
  "plain, text; here",
];

describe.each(delimiters)("a file separated by %j", (delimiter) => {
  const rows = [
    ["email", "note", "phone", "amount"],
    ...nasty.map((note, i) => [`user${i}@acme.com`, note, "+44 20 7946 0958", "-12.5"]),
    ["=1+1@acme.com", "first cell is an address that starts like a formula", "+1 (555) 010-0100", "+7"],
  ];

  it("writes no field that starts like a formula, however the outputs are split", async () => {
    const { cleaned, report, summary } = await run(toCsv(rows, delimiter));
    expect(summary.delimiter).toBe(delimiter);
    expect(summary.rows).toBe(rows.length - 1);
    for (const [name, text] of [["cleaned", cleaned], ["report", report]] as const) {
      for (const splitter of delimiters) {
        const formulas = fieldsSeenBy(splitter, text).filter(startsLikeFormula);
        expect({ output: name, splitter, formulas }).toEqual({ output: name, splitter, formulas: [] });
      }
    }
  });

  it("keeps signed numbers and phone numbers as they are, and marks formulas with an apostrophe", async () => {
    const { reportRows, cleanedRows } = await run(toCsv(rows, delimiter));
    expect(new Set(reportRows.map((row) => row.phone))).toEqual(new Set(["+44 20 7946 0958", "+1 (555) 010-0100"]));
    expect(new Set(reportRows.map((row) => row.amount))).toEqual(new Set(["-12.5", "+7"]));
    expect(cleanedRows[1]?.slice(2)).toEqual(["+44 20 7946 0958", "-12.5", "user0@acme.com"]);
    const notes = reportRows.map((row) => row.note);
    expect(notes.slice(0, 4)).toEqual(["a,'=1+1", "b;'=HYPERLINK(\"http://evil\",\"x\")", "c\t'@SUM(A1)", "two\n'=1+1"]);
    expect(notes).toContain("'-2+3");
    expect(notes).toContain("'=cmd|' /C calc'!A0");
    expect(notes).toContain("plain, text; here");
    // An address first on its line that starts like a formula is valid, and neutralised.
    expect(reportRows.at(-1)).toMatchObject({ email: "'=1+1@acme.com", verdict: "valid" });
  });
});

describe("a phone number first on its line", () => {
  it("is neutralised there: a program splitting at another delimiter would run it into the next cells", async () => {
    const { cleaned, reportRows } = await run("phone,email\n+44 20 7946 0958,ann@acme.com\n");
    expect(reportRows[0]?.phone).toBe("'+44 20 7946 0958");
    for (const splitter of delimiters) expect(fieldsSeenBy(splitter, cleaned).filter(startsLikeFormula)).toEqual([]);
  });
});
