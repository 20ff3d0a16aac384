import { describe, expect, it } from "vitest";
import { batchOptionsSchema } from "../../batches/batch-options";
import { emailContractFor, namesEmailContract, resolveEmailContract } from "../resolve-email-contract";

describe("emailContractFor", () => {
  it("turns each notify-on choice into the batch contract notify applies", () => {
    expect(emailContractFor("both")).toEqual({ enabled: true, on: ["SUCCESS", "FAILURE"] });
    expect(emailContractFor("success")).toEqual({ enabled: true, on: ["SUCCESS"] });
    expect(emailContractFor("failure")).toEqual({ enabled: true, on: ["FAILURE"] });
    expect(emailContractFor("none")).toMatchObject({ enabled: false });
  });
});

describe("namesEmailContract", () => {
  it("tells an upload that named notifications.email from one the defaults filled in", () => {
    expect(namesEmailContract({})).toBe(false);
    expect(namesEmailContract({ notifications: {} })).toBe(false);
    expect(namesEmailContract({ context: { user_id: "x" } })).toBe(false);
    expect(namesEmailContract(null)).toBe(false);
    expect(namesEmailContract({ notifications: { email: {} } })).toBe(true);
    expect(namesEmailContract({ notifications: { email: { enabled: false } } })).toBe(true);
    // Both parse to the same defaulted contract: only the raw input tells them apart.
    expect(batchOptionsSchema.parse({}).notifications.email).toEqual(batchOptionsSchema.parse({ notifications: { email: {} } }).notifications.email);
  });
});

describe("resolveEmailContract", () => {
  it("uses the uploader's preference when the upload does not say, for each notify-on value", () => {
    expect(resolveEmailContract({}, "both")).toEqual({ email: { enabled: true, on: ["SUCCESS", "FAILURE"] }, source: "default" });
    expect(resolveEmailContract({}, "success")).toEqual({ email: { enabled: true, on: ["SUCCESS"] }, source: "default" });
    expect(resolveEmailContract({}, "failure")).toEqual({ email: { enabled: true, on: ["FAILURE"] }, source: "default" });
    expect(resolveEmailContract({}, "none")).toMatchObject({ email: { enabled: false }, source: "default" });
  });

  it("keeps an explicit contract over the preference and the form's choice", () => {
    const explicit = { enabled: true, on: ["FAILURE" as const] };
    expect(resolveEmailContract({ explicit }, "none")).toEqual({ email: explicit, source: "upload" });
    expect(resolveEmailContract({ explicit, formChoice: "success" }, "both")).toEqual({ email: explicit, source: "upload" });
  });

  it("takes the upload form's choice over the preference", () => {
    expect(resolveEmailContract({ formChoice: "none" }, "both")).toMatchObject({ email: { enabled: false }, source: "upload" });
    expect(resolveEmailContract({ formChoice: "both" }, "none")).toEqual({ email: { enabled: true, on: ["SUCCESS", "FAILURE"] }, source: "upload" });
  });
});
