import { describe, expect, it } from "vitest";
import { breakableSegments } from "../breakable-text";

describe("breakableSegments", () => {
  it("lets an address wrap after the @ and before each dot, never inside a word", () => {
    expect(breakableSegments("newcomer@acme-mail.com")).toEqual(["newcomer@", "acme-mail", ".com"]);
  });

  it("lets a URL wrap after each slash", () => {
    expect(breakableSegments("https://hooks.acme-mail.com/in/42")).toEqual(["https:/", "/", "hooks", ".acme-mail", ".com/", "in/", "42"]);
  });

  it("keeps the text whole: the segments join back to it", () => {
    const text = "first.last+tag@sub.acme-mail.co.uk";
    expect(breakableSegments(text).join("")).toBe(text);
  });
});
