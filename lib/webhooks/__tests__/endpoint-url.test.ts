// The URL rules for webhook endpoints (form and resolve time): https in production,
// no credentials, bounded length, and no private targets unless allowed.
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../env";
import { editEndpointFormSchema, endpointFormSchema } from "../endpoint-form";
import { endpointUrlSchema, MAX_ENDPOINT_URL_LENGTH, resolveEndpointTarget, WebhookTargetError, type ResolvedTarget } from "../endpoint-url";

const production = endpointUrlSchema({ allowHttp: false, allowPrivate: false });
const development = endpointUrlSchema({ allowHttp: true, allowPrivate: true });
const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("endpointUrlSchema", () => {
  it("accepts an https URL and normalises it", () => {
    expect(production.parse("  https://Hooks.Example.com:8443/tidings?x=1  ")).toBe("https://hooks.example.com:8443/tidings?x=1");
  });

  it("requires https in production, allows http in development and tests", () => {
    expect(message(production.safeParse("http://hooks.example.com/"))).toBe("Use an https:// URL");
    expect(development.parse("http://hooks.example.com/")).toBe("http://hooks.example.com/");
    expect(message(development.safeParse("ftp://hooks.example.com/"))).toBe("Use an http:// or https:// URL");
  });

  it("refuses credentials in the URL, text that is not a URL, and URLs over the length limit", () => {
    expect(message(production.safeParse("https://user:pw@hooks.example.com/"))).toBe("Leave the user name and password out of the URL");
    expect(message(production.safeParse("https://token@hooks.example.com/"))).toBe("Leave the user name and password out of the URL");
    expect(message(production.safeParse("hooks.example.com/path"))).toMatch(/^Enter a full URL/);
    const long = `https://hooks.example.com/${"a".repeat(MAX_ENDPOINT_URL_LENGTH)}`;
    expect(message(production.safeParse(long))).toBe(`Use at most ${MAX_ENDPOINT_URL_LENGTH} characters`);
  });

  it("refuses localhost and private IP literals unless private targets are allowed", () => {
    for (const url of ["https://localhost/", "https://api.localhost/", "https://127.0.0.1/", "https://[::1]/", "https://10.0.0.8/", "https://169.254.169.254/latest", "https://[::ffff:192.168.0.1]/", "https://0x7f.1/"]) {
      expect(production.safeParse(url).success, url).toBe(false);
      expect(development.safeParse(url).success, url).toBe(true);
    }
    expect(message(production.safeParse("https://169.254.169.254/"))).toBe("Webhooks cannot be sent to a link-local address");
  });
});

describe("resolveEndpointTarget", () => {
  const resolvingTo = (...addresses: string[]) => async (): Promise<ResolvedTarget[]> =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it("returns the first address when every address is public", async () => {
    const target = await resolveEndpointTarget(new URL("https://hooks.example.com/"), { allowPrivate: false, resolve: resolvingTo("93.184.216.34", "2606:2800:220:1::1") });
    expect(target).toEqual({ address: "93.184.216.34", family: 4 });
  });

  it("refuses a name when any of its addresses is private, without naming the address", async () => {
    const attempt = resolveEndpointTarget(new URL("https://hooks.example.com/"), { allowPrivate: false, resolve: resolvingTo("93.184.216.34", "10.0.0.5") });
    await expect(attempt).rejects.toThrow(WebhookTargetError);
    await expect(attempt).rejects.toMatchObject({ reason: "forbidden_address", message: "hooks.example.com points to a private network address; webhooks are only sent to public addresses." });
    await expect(attempt).rejects.not.toThrow(/10\.0\.0\.5/);
  });

  it("refuses a name that resolves to an IPv4-mapped loopback address", async () => {
    await expect(resolveEndpointTarget(new URL("https://rebind.example/"), { allowPrivate: false, resolve: resolvingTo("::ffff:127.0.0.1") })).rejects.toMatchObject({
      reason: "forbidden_address",
    });
  });

  it("checks IP literals without DNS, and allows private ones when told to", async () => {
    const noDns = async () => {
      throw new Error("no DNS expected");
    };
    await expect(resolveEndpointTarget(new URL("http://[::1]:8080/"), { allowPrivate: false, resolve: noDns })).rejects.toMatchObject({ reason: "forbidden_address" });
    expect(await resolveEndpointTarget(new URL("http://[::1]:8080/"), { allowPrivate: true, resolve: noDns })).toEqual({ address: "::1", family: 6 });
    expect(await resolveEndpointTarget(new URL("http://127.0.0.1/"), { allowPrivate: true, resolve: noDns })).toEqual({ address: "127.0.0.1", family: 4 });
  });

  it("says when a name does not resolve", async () => {
    const notFound = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(resolveEndpointTarget(new URL("https://nowhere.invalid/"), { allowPrivate: false, resolve: notFound })).rejects.toMatchObject({
      reason: "unresolvable",
      message: "Could not resolve nowhere.invalid (ENOTFOUND).",
    });
  });
});

describe("endpointFormSchema", () => {
  it("collects the checked events and turns an empty description into none", () => {
    const form = { url: "http://hooks.example.com/x", description: "  ", "event:batch.failed": "on", "event:batch.exploded": "on" };
    expect(endpointFormSchema.parse(form)).toEqual({ url: "http://hooks.example.com/x", description: null, events: ["batch.failed"] });
  });

  it("takes the endpoint's id along in the edit form", () => {
    const form = { endpointId: "ep_1", url: "http://hooks.example.com/x", description: "CRM", "event:batch.succeeded": "on" };
    expect(editEndpointFormSchema.parse(form)).toEqual({ endpointId: "ep_1", url: "http://hooks.example.com/x", description: "CRM", events: ["batch.succeeded"] });
  });

  it("names the field to fix: no event checked, or a bad URL", () => {
    const noEvents = endpointFormSchema.safeParse({ url: "http://hooks.example.com/x", description: "" });
    expect(noEvents.error?.issues[0]).toMatchObject({ path: ["events"], message: "Choose at least one event" });
    const badUrl = endpointFormSchema.safeParse({ url: "hooks", "event:batch.failed": "on" });
    expect(badUrl.error?.issues[0]?.path).toEqual(["url"]);
  });
});

describe("WEBHOOK_ALLOW_PRIVATE_TARGETS", () => {
  const noSecretFile = () => "x".repeat(40);
  it("is off by default, on only for true, and refuses anything else", () => {
    expect(parseEnv({}, noSecretFile).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(parseEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "" }, noSecretFile).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(parseEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }, noSecretFile).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(() => parseEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "yes" }, noSecretFile)).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
  });
});
