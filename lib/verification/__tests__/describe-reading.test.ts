// The batch page's "how this file was read" line, from summaries the real processor wrote.
import { describe, expect, it } from "vitest";
import { describeReading } from "../describe-reading";
import { run } from "./support/run-processor";

const summaryOf = async (input: string | Buffer) => (await run(input)).summary;

describe("describeReading", () => {
  it("names the column, encoding and delimiter, and counts the rows that needed care", async () => {
    const csv = ["Name;Email Address;City", 'Ann;ann@acme.com;"Oslo" x', "Bob;bob@acme.com", "", "Cy;cy@acme.com;Rome"].join("\n");
    expect(describeReading(await summaryOf(csv))).toBe(
      "Addresses from the “Email Address” column; read as UTF-8, values separated by semicolons. " +
        "1 row with broken quotes and 1 row with missing or extra cells: the full report's row_issue column marks them. " +
        "1 blank line skipped.",
    );
  });

  it("says when the column was found by its values, in a file without a header", async () => {
    const text = Buffer.from("\uFEFF1,ann@acme.com\r\n2,bob@acme.com\r\n", "utf16le");
    expect(describeReading(await summaryOf(text))).toBe(
      "Addresses from column 2, whose values look like addresses; read as UTF-16 little-endian with a byte order mark, " +
        "values separated by commas, no header row.",
    );
  });

  it("does not name a delimiter for a list of addresses alone", async () => {
    expect(describeReading(await summaryOf("Email\nann@acme.com\nbob@acme.com\n"))).toBe(
      "Addresses from the “Email” column; read as UTF-8, one column.",
    );
  });

  it("has nothing to say without a summary", () => {
    expect(describeReading(null)).toBeNull();
    expect(describeReading({ rows: 3 })).toBeNull();
  });
});
