import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { assertSameOriginRequest } from "../same-origin-request";

const APP_ORIGIN = "https://tidings.example";

function post(headers: Record<string, string>, url = `${APP_ORIGIN}/api/batches`) {
  return new Request(url, { method: "POST", headers });
}

function refusal(request: Request): AppError | undefined {
  try {
    assertSameOriginRequest(request, APP_ORIGIN);
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe("assertSameOriginRequest", () => {
  it("lets a browser's same-origin request through", () => {
    expect(refusal(post({ "sec-fetch-site": "same-origin", origin: APP_ORIGIN }))).toBeUndefined();
  });

  it("refuses cross-site and same-site requests by Sec-Fetch-Site, whatever Origin claims", () => {
    for (const site of ["cross-site", "same-site", "none"]) {
      const error = refusal(post({ "sec-fetch-site": site, origin: APP_ORIGIN }));
      expect(error?.code).toBe("cross_site_request");
      expect(error?.status).toBe(403);
    }
  });

  it("falls back to Origin when a browser sends no Sec-Fetch-Site", () => {
    expect(refusal(post({ origin: APP_ORIGIN }))).toBeUndefined();
    expect(refusal(post({ origin: "https://evil.example" }))?.code).toBe("cross_site_request");
    // A sandboxed frame or a no-referrer page posts with an opaque origin.
    expect(refusal(post({ origin: "null" }))?.code).toBe("cross_site_request");
  });

  it("accepts the origin the request was addressed to, for a server reached by another name than APP_URL", () => {
    expect(refusal(post({ origin: "http://127.0.0.1:3000" }, "http://127.0.0.1:3000/api/batches"))).toBeUndefined();
  });

  it("lets requests through that no browser made (no Origin, no Sec-Fetch-Site)", () => {
    expect(refusal(post({}))).toBeUndefined();
  });
});
