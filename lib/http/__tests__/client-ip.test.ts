import { describe, expect, it } from "vitest";
import { clientIp } from "../client-ip";

const headers = (forwardedFor?: string) => new Headers(forwardedFor ? { "x-forwarded-for": forwardedFor } : {});

describe("clientIp", () => {
  it("takes the address the nearest trusted proxy appended, not what the client claimed", () => {
    expect(clientIp(headers("1.1.1.1, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(headers("1.1.1.1, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
  });

  it("uses the last entry without a proxy, as Next.js writes it", () => {
    expect(clientIp(headers("127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientIp(headers("9.9.9.9, 127.0.0.1"), 0)).toBe("127.0.0.1");
  });

  it("copes with fewer entries than hops, and with none", () => {
    expect(clientIp(headers("203.0.113.9"), 3)).toBe("203.0.113.9");
    expect(clientIp(headers(), 1)).toBeNull();
  });
});
