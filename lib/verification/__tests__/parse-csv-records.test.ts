// The CSV record parser alone: RFC 4180 quoting, the two kinds of broken quotes, line
// numbers, raw text for rows that can be copied as they are, and the same records
// whichever way the text is cut into pieces.
import { describe, expect, it } from "vitest";
import { type CsvRecords, CsvRecordParser } from "../parse-csv-records";
import type { CsvFormat } from "../sniff-csv-format";

type Parsed = { rows: string[][]; raws: (string | null)[]; lines: number[]; issues: Record<number, string> };

function parse(text: string, format: CsvFormat = { delimiter: ",", newline: "\n" }, pieceLength = text.length || 1): Parsed {
  const parser = new CsvRecordParser(format);
  const parsed: Parsed = { rows: [], raws: [], lines: [], issues: {} };
  const add = (records: CsvRecords) => {
    for (const [index, issue] of records.issues ?? []) parsed.issues[parsed.rows.length + index] = issue;
    for (const row of records.rows) parsed.rows.push(row);
    for (const raw of records.raws) parsed.raws.push(raw);
    for (const line of records.lines) parsed.lines.push(line);
  };
  for (let at = 0; at < text.length; at += pieceLength) add(parser.push(text.slice(at, at + pieceLength)));
  add(parser.end());
  return parsed;
}

describe("CsvRecordParser", () => {
  it("splits plain records and keeps their raw text", () => {
    const { rows, raws, lines, issues } = parse("email,name\nann@example.com,Ann\nbob@example.com,Bob");
    expect(rows).toEqual([
      ["email", "name"],
      ["ann@example.com", "Ann"],
      ["bob@example.com", "Bob"],
    ]);
    expect(raws).toEqual(["email,name", "ann@example.com,Ann", "bob@example.com,Bob"]);
    expect(lines).toEqual([1, 2, 3]);
    expect(issues).toEqual({});
  });

  it("does not make a row of the line break that ends the file, but does of blank lines", () => {
    expect(parse("a\n\nb\n").rows).toEqual([["a"], [""], ["b"]]);
    expect(parse("").rows).toEqual([]);
  });

  it("reads quoted values with delimiters, escaped quotes and line breaks, counting physical lines", () => {
    const { rows, raws, lines, issues } = parse('name,note\n"Smith, Ann","say ""hi""\nthere"\nBob,x\n');
    expect(rows).toEqual([
      ["name", "note"],
      ["Smith, Ann", 'say "hi"\nthere'],
      ["Bob", "x"],
    ]);
    expect(raws).toEqual(["name,note", null, "Bob,x"]);
    expect(lines).toEqual([1, 2, 4]);
    expect(issues).toEqual({});
  });

  it("allows spaces between a closing quote and the delimiter", () => {
    expect(parse('"Ann" ,x\n').rows).toEqual([["Ann", "x"]]);
  });

  it("keeps quotes inside an unquoted value as text", () => {
    const { rows, issues } = parse('a,Cy "the guy" Smith,b\n');
    expect(rows).toEqual([["a", 'Cy "the guy" Smith', "b"]]);
    expect(issues).toEqual({});
  });

  it("reports a badly closed quote on its row and swallows nothing after it", () => {
    const { rows, lines, issues } = parse('cy@example.com,"Cy" junior,Rome\ndi@example.com,Di,Paris\ned@example.com,"Ed",Oslo\n');
    expect(rows).toEqual([
      ["cy@example.com", 'Cy" junior', "Rome"],
      ["di@example.com", "Di", "Paris"],
      ["ed@example.com", "Ed", "Oslo"],
    ]);
    expect(lines).toEqual([1, 2, 3]);
    expect(issues).toEqual({ 0: "invalid_quotes" });
  });

  it("gives back the lines after a quote that is never closed", () => {
    const { rows, lines, issues } = parse("ann@example.com,\"unclosed,x\nbob@example.com,Bob\ncy@example.com,Cy\n");
    expect(rows).toEqual([
      ["ann@example.com", "unclosed", "x"],
      ["bob@example.com", "Bob"],
      ["cy@example.com", "Cy"],
    ]);
    expect(lines).toEqual([1, 2, 3]);
    expect(issues).toEqual({ 0: "missing_quotes" });
  });

  it("gives back the lines a stray quote swallowed up to the next quote in the file", () => {
    const { rows, issues } = parse('ann@example.com,"oops\nbob@example.com,Bob\ncy@example.com,"Cy",Rome\n');
    expect(rows).toEqual([
      ["ann@example.com", "oops"],
      ["bob@example.com", "Bob"],
      ["cy@example.com", "Cy", "Rome"],
    ]);
    expect(issues).toEqual({ 0: "missing_quotes" });
  });

  it("leaves raw text out for rows the writer must change: formulas, stray CR", () => {
    const { raws } = parse("a,+1 555\n=1+1,b\nx,-3\nplain,row\ncr\rinside,y\n+1 555,a\nx,-2+3\na;=1,b\nb\t@x,c\n");
    // A signed number or phone number after the first cell is written as it is; at the
    // start of a line, as an expression, or after another delimiter (; tab) it is not.
    expect(raws).toEqual(["a,+1 555", null, "x,-3", "plain,row", null, null, null, null, null]);
  });

  it.each([
    { name: "CRLF", format: { delimiter: ",", newline: "\r\n" } as const, text: 'a,b\r\n"x\r\ny",z\r\nlone\rcr,w\r\nlast,1' },
    { name: "CR", format: { delimiter: ";", newline: "\r" } as const, text: 'a;b\r"x\ry";z\rc;"d"""\re;f' },
    { name: "tab", format: { delimiter: "\t", newline: "\n" } as const, text: 'a\tb\n"x\ty"\t"z" \nc\t+d\n' },
  ])("reads $name files the same whichever way the text is cut", ({ format, text }) => {
    const whole = parse(text, format);
    for (const pieceLength of [1, 2, 3, 5, 7]) expect(parse(text, format, pieceLength)).toEqual(whole);
    expect(whole.rows.length).toBeGreaterThan(2);
  });

  it("reads CRLF records, quoted line breaks and lone CRs as values", () => {
    const { rows, raws, lines } = parse('a,b\r\n"x\r\ny",z\r\nlone\rcr,w\r\nlast,1', { delimiter: ",", newline: "\r\n" });
    expect(rows).toEqual([
      ["a", "b"],
      ["x\r\ny", "z"],
      ["lone\rcr", "w"],
      ["last", "1"],
    ]);
    expect(raws).toEqual(["a,b", null, null, "last,1"]);
    expect(lines).toEqual([1, 2, 4, 5]);
  });

  it("takes a quote as stray once its value grows past the limit, without waiting for the end", () => {
    const parser = new CsvRecordParser({ delimiter: ",", newline: "\n" }, 20);
    const first = parser.push('a,"open\nb,1\nc,2\n');
    expect(first.rows).toEqual([]);
    const second = parser.push("d,3\ne,4\nf,5\n");
    expect(second.rows).toEqual([["a", "open"], ["b", "1"], ["c", "2"], ["d", "3"], ["e", "4"], ["f", "5"]]);
    expect(second.issues).toEqual(new Map([[0, "missing_quotes"]]));
    expect(second.lines).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("holds an unfinished record until the rest arrives, and says how long it is", () => {
    const parser = new CsvRecordParser({ delimiter: ",", newline: "\n" });
    expect(parser.push('a,b\nc,"long').rows).toEqual([["a", "b"]]);
    expect(parser.pendingLength).toBe('c,"long'.length);
    expect(parser.pendingLine).toBe(2);
    expect(parser.push(' value"\n').rows).toEqual([["c", "long value"]]);
    expect(parser.pendingLength).toBe(0);
  });

  it("reads back any well-formed CSV exactly, cut into pieces of any length", () => {
    // Seeded, so a failure reproduces: random cells of awkward characters, quoted where needed.
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = ["a", "b", "Z", "é", "😀", " ", ",", ";", '"', "\n", "\r", "\r\n", "=", "+", "-", "@", "\t"];
    for (const format of [
      { delimiter: ",", newline: "\n" },
      { delimiter: ";", newline: "\r\n" },
      { delimiter: "\t", newline: "\r" },
    ] as const) {
      const rows = Array.from({ length: 300 }, () =>
        Array.from({ length: 1 + Math.floor(random() * 4) }, () => Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("")),
      );
      // A lone empty cell would be a blank line, which is a row of its own anyway; keep it unambiguous.
      for (const row of rows) if (row.length === 1 && row[0] === "") row[0] = "x";
      const needsQuotes = (cell: string) => /["\r\n]/.test(cell) || cell.includes(format.delimiter) || cell.startsWith(" ");
      const text = rows.map((row) => row.map((cell) => (needsQuotes(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(format.delimiter)).join(format.newline);
      for (const pieceLength of [1, 3, 64, text.length]) {
        const parsed = parse(text, format, pieceLength);
        expect(parsed.rows).toEqual(rows);
        expect(parsed.issues).toEqual({});
        // Raw text, where given, is exactly what a writer would have written for the row.
        parsed.raws.forEach((raw, index) => {
          if (raw !== null) expect(raw).toBe(rows[index]?.join(format.delimiter));
        });
      }
    }
  });

  it("reads any text, however broken, the same whichever way it is cut", () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = ['"', '"', ",", "\n", "\r", "\r\n", "a", " ", "="];
    for (const newline of ["\n", "\r\n", "\r"] as const) {
      for (let round = 0; round < 40; round++) {
        const text = Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
        const whole = parse(text, { delimiter: ",", newline });
        for (const pieceLength of [1, 2, 5]) expect(parse(text, { delimiter: ",", newline }, pieceLength), JSON.stringify(text)).toEqual(whole);
      }
    }
  });
});

