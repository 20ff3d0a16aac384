// proxy.ts for unsubscribe links: POSTs go to their route handler, bad links get a 400.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { createUnsubscribeToken } from "../unsubscribe-token";

const token = () => createUnsubscribeToken({ email: "colleague@example.com", category: "batch_failed", ownerUserId: "owner-1" });
const request = (path: string, method = "GET") => new NextRequest(`http://localhost:3000${path}`, { method });

describe("proxy for /u/<token>", () => {
  it("rewrites POSTs to the link and to its manage page to their route handlers", () => {
    const valid = token();
    expect(proxy(request(`/u/${valid}`, "POST")).headers.get("x-middleware-rewrite")).toBe(`http://localhost:3000/api/unsubscribe/${valid}`);
    expect(proxy(request(`/u/${valid}/manage`, "POST")).headers.get("x-middleware-rewrite")).toBe(`http://localhost:3000/api/unsubscribe/${valid}/manage`);
  });

  it("lets a valid link and its manage page through without signing in", () => {
    const valid = token();
    for (const path of [`/u/${valid}`, `/u/${valid}/manage`]) {
      const response = proxy(request(path));
      expect(response.status).toBe(200);
      expect(response.headers.get("location")).toBeNull();
    }
  });

  it("answers a bad link to either page with the 400 page", async () => {
    const valid = token();
    const tampered = `${valid.slice(0, -2)}${valid.endsWith("AA") ? "BB" : "AA"}`;
    for (const path of [`/u/${tampered}`, `/u/${tampered}/manage`, "/u/nonsense/manage"]) {
      const response = proxy(request(path));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("This unsubscribe link is not valid");
    }
  });
});
