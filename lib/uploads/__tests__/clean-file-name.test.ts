import { describe, expect, it } from "vitest";
import { MAX_FILE_NAME_LENGTH, cleanFileName } from "../clean-file-name";

describe("cleanFileName", () => {
  it.each([
    ["contacts.csv", "contacts.csv"],
    ["../../etc/passwd", "passwd"],
    ["C:\\fakepath\\Kunden 2024.csv", "Kunden 2024.csv"],
    ["folder/", "unnamed"],
    ["..", "unnamed"],
    ["", "unnamed"],
    [undefined, "unnamed"],
    ["  spaced\t\tout \n name.csv  ", "spaced out name.csv"],
    ["bell\u0007\u0000nul\u007f.csv", "bellnul.csv"],
    ["report\u202Evsc.exe", "reportvsc.exe"],
    ["\ufeffbom.csv", "bom.csv"],
    ["Mu\u0308ller.csv", "Müller.csv"],
    ["<script>alert(1)<\\script>.csv", "script>.csv"],
    ["<b onmouseover=x>.csv", "<b onmouseover=x>.csv"],
    ["名簿 📇.csv", "名簿 📇.csv"],
  ])("%j → %j", (raw, expected) => {
    expect(cleanFileName(raw)).toBe(expected);
  });

  it("shortens long names to 200 characters and keeps the extension", () => {
    const cleaned = cleanFileName(`${"a".repeat(500)}.csv`);
    expect(Array.from(cleaned)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(cleaned.endsWith("a….csv")).toBe(true);
  });

  it("never cuts a character in half when shortening", () => {
    const cleaned = cleanFileName("📇".repeat(300));
    expect(Array.from(cleaned)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(cleaned).toBe(`${"📇".repeat(199)}…`);
    expect(cleaned.isWellFormed()).toBe(true);
  });

  it("does not treat a long tail after the last dot as an extension", () => {
    const cleaned = cleanFileName(`x.${"y".repeat(300)}`);
    expect(Array.from(cleaned)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(cleaned.endsWith("y…")).toBe(true);
  });
});
