// How a cell that is not one bare address is read: names with addresses and lists.
import { describe, expect, it } from "vitest";
import { readAddressCell } from "../read-address-cell";

const read = (cell: string) => readAddressCell(cell)?.addresses.map(({ address, displayName }) => (displayName === null ? address : `${displayName} | ${address}`)) ?? null;

describe("readAddressCell", () => {
  it.each([
    ["Jane Doe <jane@acme.com>", ["Jane Doe | jane@acme.com"]],
    ['"Doe, Jane" <jane@acme.com>', ["Doe, Jane | jane@acme.com"]],
    ['"Jane \\"JD\\" Doe" <jane@acme.com>', ['Jane "JD" Doe | jane@acme.com']],
    ["<jane@acme.com>", ["jane@acme.com"]],
    ["Doe, Jane <jane@acme.com>", ["Doe, Jane | jane@acme.com"]],
    ["a@acme.com ::: b@acme.org", ["a@acme.com", "b@acme.org"]],
    ["a@acme.com;b@acme.org; c@acme.net", ["a@acme.com", "b@acme.org", "c@acme.net"]],
    ['"Doe, Jane" <jane@acme.com>, Bob <bob@acme.com>', ["Doe, Jane | jane@acme.com", "Bob | bob@acme.com"]],
    ["a@acme.com, n/a, b@acme.org", ["a@acme.com", "n/a", "b@acme.org"]],
    ["a@acme.com;", ["a@acme.com"]],
  ])("%j → %j", (cell, expected) => {
    expect(read(cell)).toEqual(expected);
  });

  it.each(["jane@acme.com", "john,doe@acme.com", "not an address", "jane@acme.com>"])("leaves %j alone", (cell) => {
    expect(readAddressCell(cell)).toBeNull();
  });

  it("names the separator of a list, and none for a single address", () => {
    expect(readAddressCell("a@acme.com ::: b@acme.org")?.separator).toBe(" ::: ");
    expect(readAddressCell("a@acme.com; b@acme.org")?.separator).toBe(";");
    expect(readAddressCell("Jane <jane@acme.com>")?.separator).toBeNull();
  });
});
