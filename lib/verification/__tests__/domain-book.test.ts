// The per-file domain memory: traits once per domain, exact counts while it fits, and
// the leaders kept (with `approximate` set) when a file has more domains than it holds.
import { describe, expect, it } from "vitest";
import { computeDomainTraits } from "../classify-domain";
import { DomainBook } from "../domain-book";

describe("DomainBook", () => {
  it("gives each domain's traits and counts its rows", () => {
    const book = new DomainBook();
    for (const domain of ["gmail.com", "acme.com", "gmail.com", "mailinator.com", "gmail.com"]) {
      expect(book.record(domain)).toEqual(computeDomainTraits(domain));
    }
    expect(book.top(2)).toEqual([
      { domain: "gmail.com", count: 3 },
      { domain: "acme.com", count: 1 },
    ]);
    expect(book.approximate).toBe(false);
  });

  it("tells domains apart whose hashes collide in the table", () => {
    // Many domains in a small space of names: probing must compare the names themselves.
    const book = new DomainBook();
    const domains = Array.from({ length: 20_000 }, (_, i) => `d${i}.com`);
    for (const domain of domains) book.record(domain);
    for (const domain of domains.slice(0, 100)) book.record(domain);
    expect(book.top(100).every(({ count }) => count === 2)).toBe(true);
    expect(book.top(101).at(-1)).toMatchObject({ count: 1 });
    expect(book.approximate).toBe(false);
  });

  it("keeps the leaders counting and says so when the long tail has to go", () => {
    const book = new DomainBook();
    for (let round = 0; round < 5; round++) for (const leader of ["gmail.com", "yahoo.com"]) book.record(leader);
    // Far more distinct domains than the book holds, each seen once.
    for (let i = 0; i < 120_000; i++) book.record(`company${i}.com`);
    for (const leader of ["gmail.com", "yahoo.com"]) book.record(leader);
    expect(book.top(2)).toEqual([
      { domain: "gmail.com", count: 6 },
      { domain: "yahoo.com", count: 6 },
    ]);
    expect(book.approximate).toBe(true);
    // A dropped domain comes back with its traits, counted afresh.
    expect(book.record("company0.com")).toEqual(computeDomainTraits("company0.com"));
  });
});
