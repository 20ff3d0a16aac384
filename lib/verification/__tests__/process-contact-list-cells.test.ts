// Cells as people fill them, through the real processor: a name with the address, several
// addresses in one cell, and rows that keep every reason they have.
import { describe, expect, it } from "vitest";
import { describeReading } from "../describe-reading";
import { run } from "./support/run-processor";

describe("processContactList: names written with the address", () => {
  it("reads Outlook's and Gmail's forms as the address, keeping the name in the report", async () => {
    const csv = ["id,email", "1,Jane Doe <jane@acme.com>", '2,"""Doe, Jane"" <jane.doe@acme.org>"', "3,<bob@acme.net>", "4,Doe, John <john@acme.io>"].join("\n");
    // The last line is ragged (an unquoted comma): its cell is "Doe", which is no address.
    const { reportRows, cleanedRows, summary } = await run(csv);
    expect(reportRows.map((row) => [row.normalized_email, row.display_name, row.verdict, row.address_in_cell])).toEqual([
      ["jane@acme.com", "Jane Doe", "valid", ""],
      ["jane.doe@acme.org", "Doe, Jane", "valid", ""],
      ["bob@acme.net", "", "valid", ""],
      ["", "", "invalid", ""],
    ]);
    // The cleaned file keeps the cell as it was and adds the address to send to.
    expect(cleanedRows.slice(1)).toEqual([
      ["1", "Jane Doe <jane@acme.com>", "jane@acme.com"],
      ["2", '"Doe, Jane" <jane.doe@acme.org>', "jane.doe@acme.org"],
      ["3", "<bob@acme.net>", "bob@acme.net"],
    ]);
    expect(summary.verdicts).toEqual({ valid: 3, risky: 0, invalid: 1, duplicate: 0 });
  });

  it("reads an unquoted comma in a name as part of the name when there is one address", async () => {
    const { reportRows } = await run('email;name\nDoe, Jane <jane@acme.com>;x\n');
    expect(reportRows[0]).toMatchObject({ normalized_email: "jane@acme.com", display_name: "Doe, Jane", verdict: "valid" });
  });
});

describe("processContactList: several addresses in one cell", () => {
  it("keeps every address, one row each in both files, and says so in the report", async () => {
    const csv = [
      "name,email,phone",
      'Ann,"ann@acme.com ::: ann.home@gmail.com",1',
      'Bob,"bob@acme.com; Robert <rob@acme.org>; ",2',
      'Cy,"cy@acme.com, n/a, cy@acme.com",3',
      "Di,di@acme.com,4",
    ].join("\n");
    const { reportRows, cleanedRows, summary } = await run(csv);
    expect(reportRows.map((row) => [row.name, row.normalized_email, row.display_name, row.address_in_cell, row.verdict, row.reason, row.row_issue, row.line])).toEqual([
      ["Ann", "ann@acme.com", "", "1 of 2", "valid", "", "several_addresses", "2"],
      ["Ann", "ann.home@gmail.com", "", "2 of 2", "valid", "", "several_addresses", "2"],
      ["Bob", "bob@acme.com", "", "1 of 2", "valid", "", "several_addresses", "3"],
      ["Bob", "rob@acme.org", "Robert", "2 of 2", "valid", "", "several_addresses", "3"],
      ["Cy", "cy@acme.com", "", "1 of 3", "valid", "", "several_addresses", "4"],
      ["Cy", "", "", "2 of 3", "invalid", "missing_at", "several_addresses", "4"],
      ["Cy", "cy@acme.com", "", "3 of 3", "duplicate", "duplicate", "several_addresses", "4"],
      ["Di", "di@acme.com", "", "", "valid", "", "", "5"],
    ]);
    expect(reportRows[0]?.detail).toBe("Address 1 of 2 in the cell, separated by “:::”: each has a row of its own.");
    expect(reportRows[6]?.detail).toContain("Same address as line 4.");
    // The cleaned file: a row per valid address, the other cells repeated.
    expect(cleanedRows.slice(1).map((row) => [row[0], row[3]])).toEqual([
      ["Ann", "ann@acme.com"],
      ["Ann", "ann.home@gmail.com"],
      ["Bob", "bob@acme.com"],
      ["Bob", "rob@acme.org"],
      ["Cy", "cy@acme.com"],
      ["Di", "di@acme.com"],
    ]);
    expect(summary).toMatchObject({ rows: 8, verdicts: { valid: 6, risky: 0, invalid: 1, duplicate: 1 }, rowIssues: { several_addresses: 3 } });
    expect(describeReading(summary)).toContain("3 cells with several addresses: each address has a row of its own.");
  });

  it("reads a lone address with a separator after it, and says it did", async () => {
    const { reportRows, cleanedRows } = await run("email,name\nann@acme.com;,Ann\n");
    expect(reportRows[0]).toMatchObject({ normalized_email: "ann@acme.com", verdict: "valid", address_in_cell: "", row_issue: "" });
    expect(reportRows[0]?.detail).toContain("Read from the cell");
    expect(cleanedRows[1]).toEqual(["ann@acme.com;", "Ann", "ann@acme.com"]);
  });

  it("does not split a single address with a stray comma in it", async () => {
    const { reportRows } = await run('email\n"john,doe@acme.com"\n');
    expect(reportRows).toHaveLength(1);
    expect(reportRows[0]).toMatchObject({ verdict: "invalid", reason: "invalid_local_part", address_in_cell: "" });
  });
});

describe("processContactList: every reason a row has", () => {
  it("keeps a repeat's own risks next to duplicate", async () => {
    const { reportRows, summary } = await run("email\ninfo@acme.com\nINFO@acme.com\n");
    expect(reportRows.map((row) => [row.verdict, row.reason])).toEqual([
      ["risky", "role_account"],
      ["duplicate", "duplicate|role_account"],
    ]);
    expect(summary.reasons).toEqual({ role_account: 2, duplicate: 1 });
  });

  it("lists several invalid reasons in the reason column, and leaves reserved domains out of the top domains", async () => {
    const long = `${"a".repeat(64)}@${"d".repeat(70)}.${"e".repeat(63)}.${"f".repeat(60)}.com`;
    const { reportRows, summary } = await run(`email\n${long}\nann@example.com\nbob@acme.com\n"""jo hn""@mail.test"\n`);
    expect(reportRows.map((row) => row.reason)).toEqual(["domain_label_too_long|address_too_long", "reserved_domain", "", "quoted_local_part|reserved_domain"]);
    expect(summary.topDomains).toEqual([{ domain: "acme.com", count: 1 }]);
    expect(summary.reasons).toMatchObject({ reserved_domain: 2, domain_label_too_long: 1, address_too_long: 1, quoted_local_part: 1 });
  });
});
